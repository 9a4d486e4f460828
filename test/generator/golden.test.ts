import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOLDENS } from '../golden/goldens.mjs';
import { fixture, generateInto, ROOT, typecheck } from '../helpers/generated.js';

describe('golden outputs (drift check: `npm run golden` regenerates them)', () => {
  it.each(Object.entries(GOLDENS))('%s matches test/golden byte for byte', async (name, spec) => {
    const { dir, result } = await generateInto(fixture(spec), `golden-${name}`);
    const goldenDir = path.join(ROOT, 'test/golden', name);
    const committed = (await readdir(goldenDir)).sort();
    expect(result.files.map((f) => f.path).sort()).toEqual(committed);
    for (const file of committed) {
      const expected = await readFile(path.join(goldenDir, file), 'utf8');
      const actual = await readFile(path.join(dir, file), 'utf8');
      expect(actual, `${name}/${file} drifted: run npm run golden and review the diff`).toBe(expected);
    }
  });

  it('every committed golden output passes tsc --strict', async () => {
    expect(await typecheck(Object.keys(GOLDENS).map((name) => path.join(ROOT, 'test/golden', name)))).toBe('');
  });
});
