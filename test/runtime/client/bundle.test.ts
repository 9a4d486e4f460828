/**
 * Tree shaking (issue 14): an app that imports createClient and one per-operation function
 * bundles that operation's descriptor and no other operation's; the browser build needs no
 * flag (no `external`) and carries no Node transport; optional features (retry, breaker…) are
 * behind a dynamic import. Built by esbuild like the bench's bundle section (sizes are in the
 * bench, not here).
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tmpDir } from '../../helpers/generated.js';

const golden = JSON.stringify(path.join(ROOT, 'test/golden/petstore/client.ts'));
const OPERATIONS = ['listPets', 'createPet', 'getPet', 'deletePet', 'uploadPhoto'];

/** The bundle's code: the files loaded at start (`start`) and the lazy chunks (`lazy`). */
async function bundle(source: string): Promise<{ start: string; lazy: string }> {
  const dir = await tmpDir('client-bundle');
  const entry = path.join(dir, 'app.ts');
  await writeFile(entry, source);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    splitting: true,
    outdir: path.join(dir, 'out'),
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: ROOT,
  });
  const outputs = result.metafile.outputs;
  const entryOut = Object.keys(outputs).find((o) => outputs[o]!.entryPoint !== undefined)!;
  const start = new Set([entryOut]);
  for (const name of start) for (const dep of outputs[name]!.imports) if (dep.kind === 'import-statement') start.add(dep.path);
  let startCode = '';
  let lazyCode = '';
  for (const file of result.outputFiles) {
    const name = path.relative(ROOT, file.path);
    if (start.has(name)) startCode += file.text;
    else lazyCode += file.text;
  }
  return { start: startCode, lazy: lazyCode };
}

describe('per-operation functions tree-shake', () => {
  it('one operation: only its descriptor, no other operation, no Node transport, no resilience at start', async () => {
    const { start, lazy } = await bundle(`import { createClient, getPet } from ${golden};
const api = createClient({ baseUrl: 'https://petstore.example.com/v1' });
const res = await getPet(api, { path: { petId: 1 } });
console.log(res.status, res.body);
`);
    expect(start).toContain('"getPet"');
    expect(start).toContain('/pets/{petId}');
    for (const other of OPERATIONS.filter((name) => name !== 'getPet')) expect(start + lazy, other).not.toContain(`"${other}"`);
    expect(start).not.toContain('/pets/{petId}/photo');
    // the browser build: fetch only, nothing of undici or node:http, and no user flag needed
    expect(start + lazy).not.toMatch(/["'`](?:undici|node:https?|node:zlib|node:stream)["'`]/);
    expect(start + lazy).not.toMatch(/undiciTransport|keepAlive/);
    // retry, the breaker, the pool and OAuth2 are only in the lazy chunk (loaded when the options ask for them)
    // ... and so are their error classes (a lazy feature's class in a module the core imports would be in the start chunk)
    for (const code of ['rollingWindow.bucketSize', 'failover.statusCodes', "'decorrelated'", 'client_credentials', 'CG_CIRCUIT_OPEN', 'CG_ALL_ENDPOINTS_FAILED', 'CG_HTTP_STATUS']) {
      expect(start, code).not.toContain(code);
      expect(lazy, code).toContain(code);
    }
    // getPet has no request body: the body encoders stay out; multipart encoding is createPet/uploadPhoto's
    expect(start).not.toContain('a multipart body must be');
    // its one path parameter is `simple`: no label/matrix or query-style serializers, no parameters of other locations
    for (const text of ['is not allowed for path parameter', 'is not allowed for query parameter', '%7C', '%5B']) expect(start, text).not.toContain(text);
    // it documents neither multipart nor streamed responses: no multipart decoder, no stream reader
    expect(start).not.toMatch(/\.formData\(\)|last-event-id|text\/event-stream/);
  });

  it('no auth code at start (the micro core sends no call with security); an operation with security brings it in the lazy chunk', async () => {
    const bare = await bundle(`import { createClient, listPets } from ${golden};
console.log(await listPets(createClient({ baseUrl: 'https://petstore.example.com/v1' })));
`);
    const withKey = await bundle(`import { createClient, getPet } from ${golden};
console.log(await getPet(createClient({ baseUrl: 'https://petstore.example.com/v1', auth: { apiKey: 'k' } }), { path: { petId: 1 } }));
`);
    expect(bare.start + bare.lazy).toContain('no bearer token configured'); // the full client's Client-side auth (lazy)
    expect(bare.start).not.toContain('no bearer token configured');
    expect(withKey.start).not.toContain('no bearer token configured');
    expect(withKey.lazy).toContain('no bearer token configured');
    // nor server variables or client-side redirects (createClient passes both for Petstore): in the lazy chunk
    for (const text of ["it would change the server's origin", 'CG_TOO_MANY_REDIRECTS']) {
      expect(withKey.start, text).not.toContain(text);
      expect(withKey.lazy, text).toContain(text);
    }
  });

  it('the whole Client keeps every operation', async () => {
    const { start } = await bundle(`import { Client } from ${golden};
console.log(new Client({ baseUrl: 'https://petstore.example.com/v1' }));
`);
    for (const name of OPERATIONS) expect(start, name).toContain(`"${name}"`);
    expect(start).toContain('rollingWindow.bucketSize'); // the Client installs every feature at once
  });
});

/**
 * The browser's micro core (issue 14): a plain call is sent and classified by the start chunk
 * alone; what it does not handle loads the full client from the lazy chunk. Run here in Node
 * (which has fetch) from the browser bundle itself, against a server on 127.0.0.1.
 */
describe('the micro core of the browser build', () => {
  const run = promisify(execFile);
  let server: Server;
  let base: string;
  const seen: string[] = [];

  /** The app bundled for the browser, split, written out; `lazy`: the chunks behind a dynamic import. */
  async function app(source: string): Promise<{ entry: string; lazy: string[] }> {
    const dir = await tmpDir('micro-core');
    const entry = path.join(dir, 'app.ts');
    await writeFile(entry, source);
    const result = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', splitting: true, outdir: path.join(dir, 'out'), metafile: true, logLevel: 'silent', absWorkingDir: ROOT });
    const outputs = result.metafile.outputs;
    const entryOut = Object.keys(outputs).find((o) => outputs[o]!.entryPoint !== undefined)!;
    const start = new Set([entryOut]);
    for (const name of start) for (const dep of outputs[name]!.imports) if (dep.kind === 'import-statement') start.add(dep.path);
    const files = (await readdir(path.join(dir, 'out'))).map((f) => path.relative(ROOT, path.join(dir, 'out', f)));
    return { entry: path.join(ROOT, entryOut), lazy: files.filter((f) => !start.has(f)).map((f) => path.join(ROOT, f)) };
  }

  const CALLS = `import { createClient, listPets } from ${golden};
const api = createClient({ baseUrl: process.env.BASE });
for (const query of JSON.parse(process.env.CALLS)) {
  try {
    const res = await listPets(api, { query });
    console.log(JSON.stringify({ status: res.status, ok: res.ok, documented: res.documented, body: res.body, next: res.headers['X-Next'], total: res.headers['X-Total-Count'] }));
  } catch (error) {
    console.log(JSON.stringify({ error: error.code ?? error.message }));
  }
}
`;

  async function calls(entry: string, queries: object[]): Promise<unknown[]> {
    const { stdout } = await run(process.execPath, [entry], { env: { ...process.env, BASE: base, CALLS: JSON.stringify(queries) } });
    return stdout.trim().split('\n').map((line) => JSON.parse(line) as unknown);
  }

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.url ?? '');
      const limit = new URL(req.url ?? '/', 'http://x').searchParams.get('limit');
      if (limit === '500') {
        res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>gateway</h1>');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-next': 'n2', 'x-total-count': '7' }).end(JSON.stringify([{ id: 1, name: 'a' }]));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends a plain call and classifies its documented JSON answer without the lazy chunk', async () => {
    const { entry, lazy } = await app(CALLS);
    expect(lazy.length).toBeGreaterThan(0);
    for (const file of lazy) await rm(file);
    const [plain, undocumented] = await calls(entry, [{ limit: 2, status: 'a b' }, { limit: 500 }]);
    expect(plain).toEqual({ status: 200, ok: true, documented: true, body: [{ id: 1, name: 'a' }], next: 'n2', total: 7 });
    expect(seen.at(-2)).toBe('/v1/pets?limit=2&status=a%20b');
    // an answer the micro core does not classify needs the full client: without its chunk, the call fails
    expect(undocumented).not.toHaveProperty('status');
  });

  it('loads the full client for what the micro core does not handle', async () => {
    const { entry } = await app(CALLS);
    const [undocumented, refused] = await calls(entry, [{ limit: 500 }, { limit: 1, undeclared: 1 }]);
    expect(undocumented).toEqual({ status: 500, ok: false, documented: false, body: '<h1>gateway</h1>' });
    expect(refused).toEqual({ status: 200, ok: true, documented: true, body: [{ id: 1, name: 'a' }], next: 'n2', total: 7 });
    expect(seen.at(-1)).toBe('/v1/pets?limit=1&undeclared=1');
  });
});
