/**
 * Issue 19: the generated index.ts is safe for browsers. A browser app importing it bundles
 * with esbuild (platform browser) without errors and without Fastify or node: modules; the
 * server's types still come through it, and register() from server.js.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { expect, it } from 'vitest';
import { fixture, generateInto, typecheck } from '../helpers/generated.js';

it('an app importing the generated index.ts bundles for the browser; the server types still type-check through it', async () => {
  const { dir } = await generateInto(fixture('openapi/petstore.yaml'), 'browser-index');
  await writeFile(
    path.join(dir, 'app.ts'),
    [
      "import { Client, type Handlers, type Pet } from './index.js';",
      "const client = new Client({ baseUrl: 'https://pets.example/v1' });",
      'export async function first(): Promise<Pet | undefined> {',
      '  const res = await client.listPets();',
      '  return res.status === 200 ? res.body[0] : undefined;',
      '}',
      "export type PetHandler = Handlers['getPet'];",
      '',
    ].join('\n'),
  );
  await writeFile(path.join(dir, 'server-main.ts'), "import { register, type Handlers } from './server.js';\nexport const wire: (app: Parameters<typeof register>[0], h: Handlers) => unknown = register;\n");
  const result = await build({ entryPoints: [path.join(dir, 'app.ts')], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent', metafile: true });
  expect(result.errors).toEqual([]);
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.filter((i) => /fastify|runtime\/dist\/server|node:/.test(i))).toEqual([]);
  expect(inputs.some((i) => i.endsWith('client.ts'))).toBe(true);
  expect(await typecheck([dir])).toBe('');
});
