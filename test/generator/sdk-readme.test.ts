/**
 * Issue 12.22: every JavaScript snippet of a generated SDK README runs as written. The snippets
 * are extracted from the README, pasted into one module in their order (as a reader would), and
 * run with Node against the generated package (built with its own `npm run build` command, tsc)
 * and a running server. (The `npm install` shell snippet is what test/dev's Verdaccio test does.)
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createListener } from '../../runtime/src/server/index.js';
import { generate } from '../../generator/generate.js';
import { exampleBaseUrl } from '../../generator/sdk/readme.js';
import { register } from '../golden/petstore/server.js';
import { createHandlers } from '../e2e/petstore-handlers.js';
import { fixture, ROOT, tmpDir } from '../helpers/generated.js';

const run = promisify(execFile);
let server: Awaited<ReturnType<typeof createListener>>;
const handlers = createHandlers();
const calls: string[] = [];

beforeAll(async () => {
  server = await createListener({ port: 0 }, async (app) => {
    app.addHook('onRequest', async (req) => void calls.push(`${req.method} ${req.url}`));
    // mounted under the spec's /v1 base path, as a deployment of it would be
    await app.register(async (scope) => register(scope, handlers, { security: { apiKey: { keys: ['k'] }, bearerAuth: { verify: () => ({}) } } }), { prefix: '/v1' });
  });
});
afterAll(async () => {
  await server?.close();
});

/** The ```js blocks of a README, in order. */
const jsSnippets = (readme: string) => [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);

it("the Petstore SDK README's snippets run as written, in order, and reach the server", async () => {
  // the spec's own server `http://{host}:{port}/v1`, its port variable's default pointed at the test server
  const port = new URL(server.url).port;
  const dir = await tmpDir('sdk-readme');
  const spec = path.join(dir, 'petstore.yaml');
  const text = await readFile(fixture('openapi/petstore.yaml'), 'utf8');
  expect(text).toContain('- url: http://{host}:{port}/v1');
  await writeFile(spec, text.replace(/(port:\s*\n\s*default:\s*)'8080'/, `$1'${port}'`));
  const pkg = path.join(dir, 'node_modules/@acme/petstore-sdk');
  await generate({ input: spec, output: pkg, package: { name: '@acme/petstore-sdk' } });
  await run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(pkg, 'tsconfig.json')], { cwd: pkg });

  const readme = await readFile(path.join(pkg, 'README.md'), 'utf8');
  const snippets = jsSnippets(readme);
  expect(snippets.length).toBeGreaterThanOrEqual(3);
  expect(snippets[0]).toContain(`baseUrl: 'http://127.0.0.1:${port}/v1'`);
  await mkdir(path.join(dir, 'app'), { recursive: true });
  const file = path.join(dir, 'app', 'snippets.mjs');
  await writeFile(file, snippets.join('\n'));
  const result = await run(process.execPath, [file], { cwd: dir, env: { ...process.env, API_KEY: 'k' }, timeout: 60_000 }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(calls).toContain('GET /v1/pets'); // the operation snippet called the server
  expect(result.stdout).toMatch(/^\[\]/m); // and printed the 200 body (no pets yet)
}, 180_000);

it('the base URL in the README is a URL the client accepts', () => {
  const model = (url: string, variables: Record<string, { default: string }> = {}) => ({ servers: [{ url, variables }] }) as unknown as Parameters<typeof exampleBaseUrl>[0];
  expect(exampleBaseUrl(model('http://{host}:{port}/v1', { host: { default: '127.0.0.1' }, port: { default: '8080' } }))).toBe('http://127.0.0.1:8080/v1');
  expect(exampleBaseUrl(model('https://{region}.example.com', {}))).toBe('https://api.example.com'); // no default
  expect(exampleBaseUrl(model('/v1'))).toBe('https://api.example.com');
  expect(exampleBaseUrl(model("https://x.example.com/a'b"))).toBe("https://x.example.com/a'b");
  expect(exampleBaseUrl(model('http://[bad'))).toBe('https://api.example.com');
});

it.each(['openapi/body-types.yaml', 'openapi/features-3.1.yaml', 'openapi/petstore-swagger2.yaml', 'hostile/injection.json'])(
  '%s: the README snippets form one valid module, with bodies of the right kind',
  async (spec) => {
    const dir = await tmpDir('sdk-readme-parse');
    await generate({ input: fixture(spec), output: dir, package: { name: 'x-sdk', version: '1.0.0' } });
    const readme = await readFile(path.join(dir, 'README.md'), 'utf8');
    const file = path.join(dir, 'snippets.mjs');
    await writeFile(file, jsSnippets(readme).join('\n'));
    await run(process.execPath, ['--check', file]); // throws on a syntax error or a name declared twice
    if (spec === 'openapi/body-types.yaml') expect(readme).toContain("await client.addPet({ body: '…' })"); // XML: text
  },
  60_000,
);
