import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeJoin } from '../../generator/write.js';
import { fixture, generateInto, ROOT, TMP, typecheck } from '../helpers/generated.js';

const MARKER = 'PWNED_MARKER';

describe('hostile spec: payloads in every string position', () => {
  it('generates inert output that compiles, and importing it runs no payload', async () => {
    const before = new Set(await readdir(TMP).catch(() => []));
    const { dir, result } = await generateInto(fixture('hostile/injection.json'), 'hostile');
    // nothing but the output directory appeared next to it
    const after = (await readdir(TMP)).filter((f) => !before.has(f));
    expect(after).toEqual([path.basename(dir)]);
    expect(result.model.operations.map((o) => o.name)).toEqual(['getGlobalThisProcessGetBuiltinModuleFsWriteFileSyncPwnedMarkerX', 'getItemsById', 'getItemsById2']);
    expect(await typecheck([dir])).toBe('');
    // the payload text is present (as data), but never as code: load every module
    const client = await readFile(path.join(dir, 'client.ts'), 'utf8');
    expect(client).toContain(MARKER);
    for (const file of ['types.ts', 'server.ts', 'client.ts', 'index.ts']) {
      await import(path.join(dir, file));
    }
    expect(existsSync(path.join(ROOT, MARKER))).toBe(false);
    expect(existsSync(path.join(dir, MARKER))).toBe(false);
    expect(existsSync(path.join(process.cwd(), MARKER))).toBe(false);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    // the spec strings survive as data
    const { clientSpec } = (await import(path.join(dir, 'client.ts'))) as { clientSpec: { title: string; operations: Record<string, { parameters: Array<{ name: string }> }> } };
    expect(clientSpec.title).toContain(`writeFileSync('${MARKER}','x')`);
    expect(clientSpec.operations['getGlobalThisProcessGetBuiltinModuleFsWriteFileSyncPwnedMarkerX']!.parameters.map((p) => p.name)).toContain('X-Evil*/');
  });

  it('never resolves a write outside the output directory', () => {
    const out = path.join(TMP, 'out');
    for (const bad of ['../x.ts', '../../x', '/etc/passwd', 'a/../../b.ts', 'a//b', '..']) {
      expect(() => safeJoin(out, bad), bad).toThrow(/outside the output directory/);
    }
    expect(safeJoin(out, 'types.ts')).toBe(path.join(out, 'types.ts'));
  });
});
