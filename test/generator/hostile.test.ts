import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeJoin } from '../../generator/write.js';
import { generate } from '../../generator/generate.js';
import { fixture, ROOT, TMP, tmpDir, typecheck } from '../helpers/generated.js';

const MARKER = 'PWNED_MARKER';

describe('hostile spec: payloads in every string position', () => {
  it('generates inert output that compiles, and importing it runs no payload', async () => {
    // the output sits three levels down in a fresh folder: an escaping `../../x` would land inside it
    const parent = await tmpDir('hostile');
    const dir = path.join(parent, 'a', 'b', 'out');
    const result = await generate({ input: fixture('hostile/injection.json'), output: dir });
    expect((await readdir(parent, { recursive: true })).sort()).toEqual(
      ['a', path.join('a', 'b'), path.join('a', 'b', 'out'), ...['client.ts', 'index.ts', 'server.ts', 'types.ts'].map((f) => path.join('a', 'b', 'out', f))].sort(),
    );
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
