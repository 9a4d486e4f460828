/**
 * Issue 16, RAML loading gaps: `--root` / config `root` widens the folder `!include`s and
 * libraries may reach (as for OpenAPI `$ref`s), and a RAML spec can be given as an http(s) URL
 * (its relative includes fetched on the same origin, under its path or a `--root` URL, with the
 * OpenAPI loader's timeout, size limit and credential rules). Servers are local, on 127.0.0.1,
 * port chosen at run time.
 */
import { createServer, type Server } from 'node:http';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../generator/cli.js';
import { SpecError } from '../../generator/diagnostics.js';
import { loadSpec } from '../../generator/load/index.js';
import { loadRaml } from '../../generator/raml/index.js';
import { tmpDir, typecheck } from '../helpers/generated.js';
import { rejection } from './helpers.js';

const API = `#%RAML 1.0
title: Orders
version: v1
uses:
  shared: ../shared/lib.raml
types:
  Order: !include order.raml
/orders/{id}:
  get:
    responses:
      200:
        body:
          application/json:
            type: Order
      404:
        body:
          application/json:
            type: shared.Error
`;
const ORDER = `#%RAML 1.0 DataType
type: object
properties:
  id: string
  total?: number
`;
const LIB = `#%RAML 1.0 Library
types:
  Error:
    type: object
    properties:
      message: string
`;
const BAD = `#%RAML 1.0
title: Bad
types:
  A: !include nope.raml
  B: !include http://127.0.0.2:1/x.raml
/a:
  get:
    responses:
      200:
        body:
          application/json:
            type: A
`;

async function run(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = { write: (t: string) => ((stdout += t), true) };
  const err = { write: (t: string) => ((stderr += t), true) };
  const code = await main(argv, out, err, { env: { NO_COLOR: '1' }, cwd });
  return { code, stdout, stderr };
}

describe('--root for RAML includes', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await tmpDir('raml-root');
    mkdirSync(join(dir, 'apis/orders'), { recursive: true });
    mkdirSync(join(dir, 'apis/shared'), { recursive: true });
    writeFileSync(join(dir, 'apis/orders/api.raml'), API);
    writeFileSync(join(dir, 'apis/orders/order.raml'), ORDER);
    writeFileSync(join(dir, 'apis/shared/lib.raml'), LIB);
  });

  it("by default a library above the spec's folder is refused, naming --root; --root widens it and the output type-checks", async () => {
    const refused = await rejection(loadRaml(join(dir, 'apis/orders/api.raml')));
    expect(refused.code).toBe('RAML_INCLUDE_OUTSIDE_ROOT');
    expect(refused.location).toMatchObject({ file: join(dir, 'apis/orders/api.raml'), line: 5 });
    expect(refused.message).toContain(`is outside the spec folder ${join(dir, 'apis/orders')} (widen it with --root <dir>`);

    const r = await run(['generate', 'apis/orders/api.raml', '-o', 'gen', '--root', 'apis'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Orders v1: 1 operation, 2 schemas -> /);
    expect(await typecheck([join(dir, 'gen')])).toBe('');
    const loaded = await loadSpec(join(dir, 'apis/orders/api.raml'), { root: join(dir, 'apis') });
    expect(loaded.files).toContain(join(dir, 'apis/shared/lib.raml')); // watched like any input
  });

  it('--root still confines (a symlink out of it too), and must contain the spec', async () => {
    const narrow = await rejection(loadRaml(join(dir, 'apis/orders/api.raml'), { root: join(dir, 'apis/orders') }));
    expect(narrow.code).toBe('RAML_INCLUDE_OUTSIDE_ROOT');
    expect(narrow.message).toContain(`is outside the --root folder ${join(dir, 'apis/orders')}`);

    const base = await tmpDir('raml-root-link');
    mkdirSync(join(base, 'repo/api'), { recursive: true });
    writeFileSync(join(base, 'secret.raml'), '#%RAML 1.0 DataType\ntype: string\n');
    symlinkSync(join(base, 'secret.raml'), join(base, 'repo/inner.raml'));
    writeFileSync(join(base, 'repo/api/api.raml'), '#%RAML 1.0\ntitle: T\ntypes:\n  X: !include ../inner.raml\n');
    const link = await rejection(loadRaml(join(base, 'repo/api/api.raml'), { root: join(base, 'repo') }));
    expect(link.code).toBe('RAML_INCLUDE_OUTSIDE_ROOT');
    expect(link.message).toContain(`resolves (through a symlink) outside the --root folder ${join(base, 'repo')}`);

    const outside = await run(['generate', 'apis/orders/api.raml', '-o', 'gen2', '--root', 'apis/shared'], dir);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/--root ".*apis\/shared" must contain the spec/);
  });
});

describe('a RAML spec URL', () => {
  let server: Server;
  let base = '';
  const requests: Array<{ url: string; authorization: string | undefined }> = [];
  const docs = new Map<string, string>([
    ['/apis/orders/api.raml', API],
    ['/apis/orders/order.raml', ORDER],
    ['/apis/shared/lib.raml', LIB],
    ['/bad/api.raml', BAD],
    ['/private/api.raml', API.replace('uses:\n  shared: ../shared/lib.raml\n', '').replace(/ {6}404:[^]*$/, '')],
    ['/private/order.raml', ORDER],
  ]);
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push({ url: req.url ?? '', authorization: req.headers.authorization });
      if (req.url?.startsWith('/private/') && req.headers.authorization !== 'Bearer s3cret') return void res.writeHead(401).end();
      const doc = docs.get(req.url ?? '');
      if (doc === undefined) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/raml+yaml' }).end(doc);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  it("includes are fetched under the spec's path; one above it is refused, located at the URL and never fetched; --root <url> widens it", async () => {
    requests.length = 0;
    const refused = await rejection(loadSpec(`${base}/apis/orders/api.raml`));
    expect(refused.code).toBe('RAML_INCLUDE_OUTSIDE_ROOT');
    expect(refused.location).toMatchObject({ file: `${base}/apis/orders/api.raml`, line: 5 });
    expect(refused.message).toContain(`'${base}/apis/shared/lib.raml' leaves ${base}/apis/orders/`);
    expect(refused.message).toContain('--root <url>');
    expect(JSON.stringify([refused.message, refused.location, refused.details])).not.toContain('.contractgen-remote-spec');
    expect(requests.map((r) => r.url)).toContain('/apis/orders/order.raml');
    expect(requests.map((r) => r.url)).not.toContain('/apis/shared/lib.raml');

    const dir = await tmpDir('raml-url');
    const r = await run(['generate', `${base}/apis/orders/api.raml`, '-o', dir, '--root', `${base}/apis`], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(await typecheck([dir])).toBe('');
    const loaded = await loadSpec(`${base}/apis/orders/api.raml`, { root: `${base}/apis` });
    expect(loaded.sourceVersion).toBe('raml-1.0');
    expect(loaded.rootFile).toBe(`${base}/apis/orders/api.raml`);
    // the files a watch polls are the URLs
    expect([...loaded.files].sort()).toEqual([`${base}/apis/orders/api.raml`, `${base}/apis/orders/order.raml`, `${base}/apis/shared/lib.raml`]);
    expect(Object.keys(loaded.document['paths'] as object)).toEqual(['/orders/{id}']);
  });

  it('an absolute include URL is refused without a request; a missing include is located with its HTTP status', async () => {
    requests.length = 0;
    const error = await rejection(loadRaml(`${base}/bad/api.raml`));
    expect(error).toBeInstanceOf(SpecError);
    const details = (error as SpecError).details.map((d) => `${d.location?.file}:${d.location?.line} ${d.code} ${d.message}`);
    expect(details).toContain(`${base}/bad/api.raml:5 RAML_INCLUDE_OUTSIDE_ROOT Include refused: 'http://127.0.0.2:1/x.raml' is an absolute URL: only includes relative to the spec's URL are fetched`);
    expect(details).toContain(`${base}/bad/api.raml:4 RAML_INVALID cannot fetch ${base}/bad/nope.raml: HTTP 404 Not Found`);
    expect(requests.map((r) => r.url).sort()).toEqual(['/bad/api.raml', '/bad/nope.raml']);
  });

  it('a private spec: CONTRACTGEN_SPEC_AUTHORIZATION is sent for the root and its includes; the root is fetched once', async () => {
    const denied = await rejection(loadSpec(`${base}/private/api.raml`));
    expect(denied.code).toBe('SPEC_FETCH');
    expect(denied.message).toContain('HTTP 401');
    process.env['CONTRACTGEN_SPEC_AUTHORIZATION'] = 'Bearer s3cret';
    try {
      requests.length = 0;
      const loaded = await loadSpec(`${base}/private/api.raml`);
      expect(loaded.files).toEqual([`${base}/private/api.raml`, `${base}/private/order.raml`]);
      expect(requests).toEqual([
        { url: '/private/api.raml', authorization: 'Bearer s3cret' },
        { url: '/private/order.raml', authorization: 'Bearer s3cret' },
      ]);
    } finally {
      delete process.env['CONTRACTGEN_SPEC_AUTHORIZATION'];
    }
  });
});

describe('a RAML spec URL that redirects, with CONTRACTGEN_SPEC_AUTHORIZATION set', () => {
  // Two servers on 127.0.0.1 with different ports: two origins. "home" serves the spec and
  // redirects; "other" records every request it gets and must get none.
  const servers: Server[] = [];
  let home = '';
  let other = '';
  const seen: Array<{ server: 'home' | 'other'; url: string; authorization: string | undefined }> = [];
  const listen = async (name: 'home' | 'other', handle: (url: string, res: import('node:http').ServerResponse) => void): Promise<string> => {
    const server = createServer((req, res) => {
      seen.push({ server: name, url: req.url ?? '', authorization: req.headers.authorization });
      handle(req.url ?? '', res);
    });
    // AMF can keep the event loop busy for seconds between the root and an include; with Node's
    // 5 s keep-alive default the server may close the idle connection just as it is reused
    // (ECONNRESET, seen at load). That race is not what this test is about (FINDINGS.md, cold).
    server.keepAliveTimeout = 60_000;
    servers.push(server);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  const ROOT = API.replace('uses:\n  shared: ../shared/lib.raml\n', '').replace(/ {6}404:[^]*$/, '');
  beforeAll(async () => {
    other = await listen('other', (url, res) => {
      const doc = url.endsWith('/api.raml') ? ROOT : url.endsWith('/order.raml') ? ORDER : undefined;
      if (doc === undefined) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/raml+yaml' }).end(doc);
    });
    home = await listen('home', (url, res) => {
      if (url === '/moved/api.raml') return void res.writeHead(302, { location: `${other}/api.raml` }).end();
      if (url === '/include-moves/api.raml') return void res.writeHead(200, { 'content-type': 'application/raml+yaml' }).end(ROOT);
      if (url === '/include-moves/order.raml') return void res.writeHead(301, { location: `${other}/order.raml` }).end();
      res.writeHead(404).end();
    });
  });
  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });
  const withCredential = async <T>(body: () => Promise<T>): Promise<T> => {
    process.env['CONTRACTGEN_SPEC_AUTHORIZATION'] = 'Bearer s3cret';
    try {
      return await body();
    } finally {
      delete process.env['CONTRACTGEN_SPEC_AUTHORIZATION'];
    }
  };

  it('the root redirected to another origin: not followed, a clear error naming the target, the other origin gets no request', async () => {
    seen.length = 0;
    const error = await withCredential(() => rejection(loadSpec(`${home}/moved/api.raml`)));
    expect(error.code).toBe('SPEC_FETCH');
    expect(error.message).toBe(`cannot fetch ${home}/moved/api.raml: HTTP 302 redirect to ${other}/api.raml: not followed while CONTRACTGEN_SPEC_AUTHORIZATION is set (give the final URL)`);
    expect(seen).toEqual([{ server: 'home', url: '/moved/api.raml', authorization: 'Bearer s3cret' }]);
  });

  it('an include redirected to another origin: not followed, located at the include, the other origin gets no request', async () => {
    seen.length = 0;
    const error = await withCredential(() => rejection(loadSpec(`${home}/include-moves/api.raml`)));
    const all = JSON.stringify([error.message, (error as SpecError).details.map((d) => d.message)]);
    expect(all).toContain(`cannot fetch ${home}/include-moves/order.raml: HTTP 301 redirect to ${other}/order.raml: not followed while CONTRACTGEN_SPEC_AUTHORIZATION is set`);
    expect(seen.filter((r) => r.server === 'other')).toEqual([]);
    expect(seen.map((r) => r.url)).toEqual(['/include-moves/api.raml', '/include-moves/order.raml']);
    expect(all).not.toContain('s3cret');
    const detail = (error as SpecError).details.find((d) => d.message.includes('HTTP 301 redirect'));
    expect(detail?.location).toMatchObject({ file: `${home}/include-moves/api.raml`, line: 5 });
  });
});
