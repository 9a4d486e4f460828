/**
 * Issue 16: `declarationTypes` writes the types as types.d.ts (checked faster under skipLibCheck).
 * The output still type-checks strictly — with the .d.ts itself checked (skipLibCheck off for
 * it) — an app imports its types through './types.js', the index re-exports them as types only
 * (there is no types.js), a types.ts of an earlier run is removed, and `package` refuses it.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../generator/diagnostics.js';
import { generate } from '../../generator/generate.js';
import { rejection } from '../helpers/assert.js';
import { fixture, generateInto, typecheck } from '../helpers/generated.js';

describe('declarationTypes', () => {
  it('writes types.d.ts (the text types.ts would have), re-exported as types, and the output passes strict tsc', async () => {
    const { dir } = await generateInto(fixture('openapi/petstore.yaml'), 'decl-types', { declarationTypes: true });
    const files = await readdir(dir);
    expect(files).toContain('types.d.ts');
    expect(files).not.toContain('types.ts');
    const { dir: plain } = await generateInto(fixture('openapi/petstore.yaml'), 'decl-types-plain');
    expect(await readFile(path.join(dir, 'types.d.ts'), 'utf8')).toBe(await readFile(path.join(plain, 'types.ts'), 'utf8'));
    const index = await readFile(path.join(dir, 'index.ts'), 'utf8');
    expect(index).toContain("export type * from './types.js';");
    expect(index).not.toMatch(/^export \* from '\.\/types\.js'/m);
    await writeFile(path.join(dir, 'app.ts'), "import type { Pet } from './types.js';\nimport type { Pet as P2 } from './index.js';\nexport const pet: Pet = { id: 1, name: 'x' } as P2;\nexport const id: number = pet.id;\n");
    expect(await typecheck([dir, path.join(dir, 'types.d.ts')], { skipLibCheck: false })).toBe('');
    // a wrong use is caught through the .d.ts (the check is not vacuous)
    await writeFile(path.join(dir, 'app.ts'), "import type { Pet } from './types.js';\nexport const pet: Pet = { id: 'one', name: 'x' };\n");
    expect(await typecheck([dir])).toMatch(/app\.ts.*TS2322/);
  });

  it('a types.ts of an earlier run is removed (it would shadow types.d.ts), and back again', async () => {
    const { dir } = await generateInto(fixture('openapi/petstore.yaml'), 'decl-types-switch');
    expect(await readdir(dir)).toContain('types.ts');
    const switched = await generate({ input: fixture('openapi/petstore.yaml'), output: dir, declarationTypes: true });
    expect(switched.removed.map((f) => path.basename(f))).toContain('types.ts');
    expect(await readdir(dir)).not.toContain('types.ts');
    await generate({ input: fixture('openapi/petstore.yaml'), output: dir });
    const files = await readdir(dir);
    expect(files).toContain('types.ts');
    expect(files).not.toContain('types.d.ts');
  });

  it('is refused with package (tsc would publish declarations that import a missing types.d.ts)', async () => {
    const err = await rejection(generateInto(fixture('openapi/petstore.yaml'), 'decl-types-pkg', { declarationTypes: true, package: { name: 'petstore-sdk' } }), SpecError);
    expect(err.code).toBe('USAGE');
    expect(err.message).toMatch(/declarationTypes cannot be combined with package/);
  });
});
