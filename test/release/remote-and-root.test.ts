/**
 * Issue 19, inputs users have: a spec URL (fetched with a timeout and a size limit; relative
 * $refs on the same origin under the document's path only; watch polls with ETag /
 * If-None-Match) and monorepos (`--root` / config `root` widen the folder $refs may reach).
 * Every server here is a local one on 127.0.0.1, port chosen at run time.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../generator/cli.js';
import { SpecError } from '../../generator/diagnostics.js';
import { loadSpec } from '../../generator/load/index.js';
import { rejection } from '../helpers/assert.js';
import { fixture, tmpDir, typecheck } from '../helpers/generated.js';
import { CliProcess } from '../dev/cli-helpers.js';

const ORDERS = `openapi: 3.0.3
info: { title: Orders, version: 1.0.0 }
paths:
  /orders/{id}:
    get:
      operationId: getOrder
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        '200':
          description: the order
          content:
            application/json:
              schema: { $ref: './schemas/order.yaml#/Order' }
        '404':
          description: not found
          content:
            application/json:
              schema: { $ref: '../shared/errors.yaml#/Error' }
`;
const ORDER = `Order:
  type: object
  required: [id]
  properties:
    id: { type: string }
    total: { type: number }
`;
const ERRORS = `Error:
  type: object
  required: [message]
  properties:
    message: { type: string }
`;
const withRef = (ref: string) => ORDERS.replace('../shared/errors.yaml#/Error', ref);

class Site {
  server!: Server;
  base = '';
  docs = new Map<string, string>();
  requests: Array<{ url: string; ifNoneMatch: string | undefined }> = [];
  version = 1;

  async start(): Promise<void> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const url = req.url ?? '/';
      this.requests.push({ url, ifNoneMatch: req.headers['if-none-match'] });
      if (url === '/slow.yaml') return; // never answers
      if (url.startsWith('/private/') && req.headers.authorization !== 'Bearer s3cret') {
        res.writeHead(401).end();
        return;
      }
      if (url === '/private/moved.yaml') {
        res.writeHead(302, { location: 'http://127.0.0.2:1/elsewhere.yaml' }).end();
        return;
      }
      if (url === '/big.yaml') {
        res.writeHead(200, { 'content-type': 'application/yaml' });
        res.end(`# ${'x'.repeat(4096)}\n${ORDERS}`);
        return;
      }
      const doc = this.docs.get(url.split('?')[0]!);
      if (doc === undefined) {
        res.writeHead(404).end();
        return;
      }
      const etag = `"v${this.version}-${doc.length}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/yaml', etag });
      res.end(doc);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

class Capture {
  text = '';
  write(t: string) {
    this.text += t;
    return true;
  }
}
async function run(argv: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new Capture();
  const err = new Capture();
  const code = await main(argv, out, err, { env: { NO_COLOR: '1' }, ...(cwd ? { cwd } : {}) });
  return { code, stdout: out.text, stderr: err.text };
}

const site = new Site();
beforeAll(async () => {
  site.docs.set('/apis/orders/openapi.yaml', ORDERS);
  site.docs.set('/apis/orders/schemas/order.yaml', ORDER);
  site.docs.set('/apis/shared/errors.yaml', ERRORS);
  site.docs.set('/apis/orders/inside.yaml', withRef('./schemas/order.yaml#/Order'));
  site.docs.set('/apis/orders/absolute.yaml', withRef('http://127.0.0.2:1/errors.yaml#/Error'));
  site.docs.set('/apis/orders/missing-ref.yaml', withRef('./nope.yaml#/Error'));
  site.docs.set('/private/openapi.yaml', withRef('./schemas/order.yaml#/Order'));
  site.docs.set('/private/schemas/order.yaml', ORDER);
  site.docs.set('/bad/not-a-schema.yaml', readFileSync(fixture('bad/not-a-schema.yaml'), 'utf8'));
  await site.start();
});
afterAll(() => site.stop());

describe('a spec URL', () => {
  it('generates from the URL: relative $refs fetched on the same origin; output type-checks', async () => {
    const dir = await tmpDir('url');
    const r = await run(['generate', `${site.base}/apis/orders/inside.yaml`, '-o', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Orders 1\.0\.0: 1 operation, 1 schema -> /);
    expect(site.requests.map((q) => q.url)).toContain('/apis/orders/schemas/order.yaml');
    expect(await readFile(path.join(dir, 'types.ts'), 'utf8')).toMatch(/Generated by contractgen from inside\.yaml/);
    expect(await typecheck([dir])).toBe('');
  });

  it("a $ref above the document's path is refused (SPEC_REF_OUTSIDE_ROOT, naming --root) and never fetched; --root <url> widens it", async () => {
    site.requests = [];
    const dir = await tmpDir('url-outside');
    const r = await run(['generate', `${site.base}/apis/orders/openapi.yaml`, '-o', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${site.base}/apis/orders/openapi.yaml:19:25: $ref to "${site.base}/apis/shared/errors.yaml" leaves ${site.base}/apis/orders/`);
    expect(r.stderr).toContain('--root');
    expect(r.stderr).toContain('[SPEC_REF_OUTSIDE_ROOT]');
    expect(r.stderr).not.toContain('.contractgen-remote-spec'); // no internal path leaks
    expect(site.requests.map((q) => q.url)).not.toContain('/apis/shared/errors.yaml');
    const widened = await run(['generate', `${site.base}/apis/orders/openapi.yaml`, '-o', dir, '--root', `${site.base}/apis`]);
    expect(widened.code, widened.stderr).toBe(0);
    expect(await typecheck([dir])).toBe('');
  });

  it('an absolute URL $ref is refused, a missing $ref target is located, HTTP errors, timeouts and size limits are clear', async () => {
    const absolute = await run(['generate', `${site.base}/apis/orders/absolute.yaml`, '-o', await tmpDir('url-abs')]);
    expect(absolute.code).toBe(1);
    expect(absolute.stderr).toContain('$ref to the URL "http://127.0.0.2:1/errors.yaml"');
    expect(absolute.stderr).toContain('[SPEC_REF_OUTSIDE_ROOT]');
    const missing = await run(['generate', `${site.base}/apis/orders/missing-ref.yaml`, '-o', await tmpDir('url-missing')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`missing-ref.yaml:19:25: $ref target "${site.base}/apis/orders/nope.yaml" cannot be fetched (HTTP 404 Not Found) [SPEC_REF_NOT_FOUND]`);
    const notFound = await run(['generate', `${site.base}/nothing.yaml`, '-o', await tmpDir('url-404')]);
    expect(notFound.code).toBe(1);
    expect(notFound.stderr).toContain(`cannot fetch ${site.base}/nothing.yaml: HTTP 404 Not Found [SPEC_FETCH]`);
    expect(notFound.stderr).not.toMatch(/ENOENT|http:\/127/); // never read as a local path
    const slow = await rejection(loadSpec(`${site.base}/slow.yaml`, { fetch: { timeoutMs: 300 } }), SpecError);
    expect(slow.message).toBe(`cannot fetch ${site.base}/slow.yaml: no response within 300 ms`);
    const big = await rejection(loadSpec(`${site.base}/big.yaml`, { fetch: { maxBytes: 1024 } }), SpecError);
    expect(big.code).toBe('SPEC_FETCH');
    expect(big.message).toMatch(/more than the limit of 1024|larger than the limit of 1024 bytes/);
    // an error of a later stage is located in the remote document too
    const shape = await run(['generate', `${site.base}/bad/not-a-schema.yaml`, '-o', await tmpDir('url-shape')]);
    expect(shape.code).toBe(1);
    expect(shape.stderr).toContain(`${site.base}/bad/not-a-schema.yaml:10:11: #/components/schemas/ProductGroup/oneOf/0 must be a schema object, not string`);
    const ftp = await run(['generate', 'ftp://127.0.0.1/x.yaml', '-o', await tmpDir('url-ftp')]);
    expect(ftp.code).toBe(1);
    expect(ftp.stderr).toContain('ftp:// is not supported');
  });

  it('a private spec: CONTRACTGEN_SPEC_AUTHORIZATION is sent (root and $refs), never printed; a redirect is not followed with it', async () => {
    const denied = await run(['generate', `${site.base}/private/openapi.yaml`, '-o', await tmpDir('url-private')]);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('HTTP 401 Unauthorized (a private spec: set CONTRACTGEN_SPEC_AUTHORIZATION');
    process.env['CONTRACTGEN_SPEC_AUTHORIZATION'] = 'Bearer s3cret';
    try {
      site.requests = [];
      const ok = await run(['generate', `${site.base}/private/openapi.yaml`, '-o', await tmpDir('url-private-ok')]);
      expect(ok.code, ok.stderr).toBe(0);
      expect(site.requests.map((q) => q.url)).toContain('/private/schemas/order.yaml');
      const moved = await run(['generate', `${site.base}/private/moved.yaml`, '-o', await tmpDir('url-private-moved')]);
      expect(moved.code).toBe(1);
      expect(moved.stderr).toContain('HTTP 302 redirect to http://127.0.0.2:1/elsewhere.yaml: not followed while CONTRACTGEN_SPEC_AUTHORIZATION is set');
      expect(`${ok.stdout}${ok.stderr}${moved.stderr}`).not.toContain('s3cret');
    } finally {
      delete process.env['CONTRACTGEN_SPEC_AUTHORIZATION'];
    }
  });

  it('watch mode polls the URL with If-None-Match and regenerates when the document changes', async () => {
    const dir = await tmpDir('url-watch');
    site.docs.set('/watch/openapi.yaml', withRef('./schemas/order.yaml#/Order').replace('/orders/{id}', '/watch/{id}'));
    site.docs.set('/watch/schemas/order.yaml', ORDER);
    site.requests = [];
    const cli = new CliProcess(['watch', `${site.base}/watch/openapi.yaml`, '-o', dir, '--poll-interval', '150'], dir);
    try {
      await cli.waitFor('first generation', () => /generated Orders 1\.0\.0: 1 operation;/.test(cli.stdout));
      await cli.waitFor('a conditional poll', () => site.requests.some((q) => q.url === '/watch/openapi.yaml' && q.ifNoneMatch !== undefined));
      const before = await readFile(path.join(dir, 'types.ts'), 'utf8');
      expect(before).not.toContain('currency');
      site.version++;
      site.docs.set('/watch/schemas/order.yaml', ORDER.replace('total: { type: number }', 'total: { type: number }\n    currency: { type: string }'));
      await cli.waitFor('regeneration', () => /regenerated Orders 1\.0\.0: no operation changed; 1 schema changed \(Order\);/.test(cli.stdout));
      expect(await readFile(path.join(dir, 'types.ts'), 'utf8')).toContain('currency');
    } finally {
      cli.child.kill('SIGINT');
      await cli.exited;
      cli.stop();
    }
  }, 180_000);
});

describe('--root: monorepos', () => {
  async function monorepo(): Promise<string> {
    const dir = await tmpDir('monorepo');
    await mkdir(path.join(dir, 'apis/orders/schemas'), { recursive: true });
    await mkdir(path.join(dir, 'apis/shared'), { recursive: true });
    await writeFile(path.join(dir, 'apis/orders/openapi.yaml'), ORDERS);
    await writeFile(path.join(dir, 'apis/orders/schemas/order.yaml'), ORDER);
    await writeFile(path.join(dir, 'apis/shared/errors.yaml'), ERRORS);
    return dir;
  }

  it("the default stays the spec's folder, and the message names --root; --root <dir> and config root widen it", async () => {
    const dir = await monorepo();
    const refused = await run(['generate', 'apis/orders/openapi.yaml', '-o', 'gen'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/apis\/orders\/openapi\.yaml:19:25: \$ref to ".*apis\/shared\/errors\.yaml" leaves the spec's folder .*apis\/orders; only files under it can be referenced \(widen it with --root <dir>, or root in the config\) \[SPEC_REF_OUTSIDE_ROOT\]/);
    const flag = await run(['generate', 'apis/orders/openapi.yaml', '-o', 'gen', '--root', '.'], dir);
    expect(flag.code, flag.stderr).toBe(0);
    expect(await typecheck([path.join(dir, 'gen')])).toBe('');
    await writeFile(path.join(dir, 'codegen.config.json'), JSON.stringify({ input: 'apis/orders/openapi.yaml', output: 'gen2', root: 'apis' }));
    const config = await run(['generate'], dir);
    expect(config.code, config.stderr).toBe(0);
    // --root still confines: a file above it is refused, naming the option
    const narrow = await run(['generate', 'apis/orders/openapi.yaml', '-o', 'gen3', '--root', 'apis/orders'], dir);
    expect(narrow.code).toBe(1);
    expect(narrow.stderr).toMatch(/leaves the --root folder .*apis\/orders; only files under it/);
    const outside = await run(['generate', 'apis/orders/openapi.yaml', '-o', 'gen3', '--root', 'apis/shared'], dir);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/--root ".*apis\/shared" must contain the spec \(.*apis\/orders\/openapi\.yaml is outside it\)/);
  });
});
