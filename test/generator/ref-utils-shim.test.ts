/**
 * In the CLI, openapi-typescript's imports of Redocly's ref-utils resolve to
 * generator/fast-start/ref-utils.ts (the real module loads ~50 CommonJS files for two helpers).
 * The copies must behave as the real functions, and openapi-typescript must import nothing else
 * from that module (an upgrade that imports another name fails here, not in the CLI).
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolve } from '../../generator/fast-start/hooks.js';
import * as shim from '../../generator/fast-start/ref-utils.js';
import { ROOT } from '../helpers/generated.js';

const real = createRequire(import.meta.url)('@redocly/openapi-core/lib/ref-utils.js') as typeof shim;
const outcome = (f: () => unknown): unknown => {
  try {
    return { value: f() };
  } catch (err) {
    return { error: (err as Error).name };
  }
};

describe('the ref-utils shim (CLI fast start)', () => {
  it('parseRef and escapePointer behave as Redocly’s', () => {
    const samples = ['#/components/schemas/Pet', 'other.yaml#/a~1b/c~0d', 'x.json', '#', '#/', '', 'a#/b#/c', '#/p%20q/%E2%82%AC', '#/bad%zz', 'u#'];
    for (const s of samples) {
      expect(outcome(() => shim.parseRef(s)), s).toEqual(outcome(() => real.parseRef(s)));
      expect(shim.escapePointer(s), s).toBe(real.escapePointer(s));
    }
    expect(shim.escapePointer(3)).toBe(real.escapePointer(3));
    const part = fc.stringMatching(/^[a-z~\/#%0-9]{0,12}$/);
    fc.assert(
      fc.property(part, (s) => {
        expect(outcome(() => shim.parseRef(s))).toEqual(outcome(() => real.parseRef(s)));
        expect(shim.escapePointer(s)).toBe(real.escapePointer(s));
      }),
      { numRuns: 500 },
    );
  });

  it('exports every name openapi-typescript imports from ref-utils', async () => {
    const dist = path.join(ROOT, 'node_modules/openapi-typescript/dist');
    const imported = new Set<string>();
    for (const file of await readdir(dist, { recursive: true })) {
      if (!file.endsWith('.mjs')) continue;
      const text = await readFile(path.join(dist, file), 'utf8');
      for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"]@redocly\/openapi-core\/lib\/ref-utils\.js['"]/g)) {
        for (const name of m[1]!.split(',')) if (name.trim()) imported.add(name.trim().split(/\s+as\s+/)[0]!);
      }
      expect(text, file).not.toMatch(/import\s+\*\s+as\s+\w+\s+from\s*['"]@redocly\/openapi-core\/lib\/ref-utils\.js['"]/);
    }
    expect([...imported].sort()).toEqual(['escapePointer', 'parseRef']);
    for (const name of imported) expect(typeof (shim as Record<string, unknown>)[name], name).toBe('function');
  });

  it('the resolve hook redirects only openapi-typescript’s own import', async () => {
    const next = async (specifier: string) => ({ url: `file:///real/${specifier}` });
    const spec = '@redocly/openapi-core/lib/ref-utils.js';
    const fromOts = await resolve(spec, { parentURL: 'file:///p/node_modules/openapi-typescript/dist/lib/utils.mjs' }, next);
    expect(fromOts.url).toMatch(/\/fast-start\/ref-utils\.(js|ts)$/);
    expect((await resolve(spec, { parentURL: 'file:///p/src/app.mjs' }, next)).url).toBe(`file:///real/${spec}`);
    expect((await resolve('yaml', { parentURL: 'file:///p/node_modules/openapi-typescript/dist/lib/utils.mjs' }, next)).url).toBe('file:///real/yaml');
  });
});
