/** Issue 12.21: `codegen scaffold` with the README's own two-API config scaffolds every API that names `handlers`. */
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { codegen } from '../dev/cli-helpers.js';
import { fixture, ROOT, tmpDir, typecheck } from '../helpers/generated.js';

/** The `codegen.config.ts` block of the README, as written there. */
async function readmeConfig(): Promise<string> {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const block = /```ts\n(\/\/ codegen\.config\.ts[\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README has no codegen.config.ts example');
  return block;
}

it("scaffolds the README's two-API config: the API with handlers, the SDK one skipped", async () => {
  const dir = await tmpDir('scaffold-readme');
  const config = await readmeConfig();
  expect(config).toContain("handlers: 'src/handlers/petstore'");
  await writeFile(path.join(dir, 'codegen.config.ts'), config);
  await mkdir(path.join(dir, 'specs'));
  await copyFile(fixture('openapi/petstore.yaml'), path.join(dir, 'specs/petstore.yaml'));
  await copyFile(fixture('openapi/petstore.yaml'), path.join(dir, 'specs/billing.yaml'));

  const r = await codegen(['scaffold'], { cwd: dir });
  expect(r.stderr).not.toMatch(/error/);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/skipped specs\/billing\.yaml: no handlers folder/);
  expect(r.stdout).toMatch(/created src\/handlers\/petstore\/handlers\.ts/);
  expect((await readdir(path.join(dir, 'src/handlers/petstore'))).sort()).toEqual(expect.arrayContaining(['handlers.ts', 'main.ts']));
  expect((await readdir(path.join(dir, 'src/api/petstore'))).sort()).toEqual(['client.ts', 'index.ts', 'server.ts', 'types.ts']);
  expect(await typecheck([path.join(dir, 'src')])).toBe('');
}, 180_000);

it('a config where no API names handlers is still a usage error (exit 2)', async () => {
  const dir = await tmpDir('scaffold-none');
  await writeFile(path.join(dir, 'codegen.config.json'), JSON.stringify([{ input: 'a.yaml', output: 'a' }, { input: 'b.yaml', output: 'b' }]));
  const r = await codegen(['scaffold'], { cwd: dir });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/none of the 2 APIs in the config names a handlers folder/);
});
