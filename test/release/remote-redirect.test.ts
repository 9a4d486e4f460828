/**
 * A spec URL whose root is redirected (no CONTRACTGEN_SPEC_AUTHORIZATION, so redirects are
 * followed): its relative `$ref`s / RAML `!include`s resolve against the URL the document came
 * from, not the one asked for (RFC 3986 §5.1.3), and the containment rules are checked against
 * that final URL. A redirected include with relative references of its own is refused (they
 * would resolve against the wrong base); one without is read. One local server on 127.0.0.1,
 * port chosen at run time.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpecError } from '../../generator/diagnostics.js';
import { loadSpec } from '../../generator/load/index.js';
import { loadRaml } from '../../generator/raml/index.js';
import { rejection } from '../helpers/assert.js';

const api = (ref: string) => `openapi: 3.0.3
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
              schema: { $ref: '${ref}' }
`;
const ORDER = `Order:
  type: object
  required: [id]
  properties:
    id: { type: string }
    total: { type: number }
`;
// what the requested URL's folder holds under the same name: must never be read
const DECOY = `Order:
  type: object
  properties:
    decoy: { type: string }
`;
const SINGLE = `openapi: 3.0.3
info: { title: Single, version: 1.0.0 }
paths:
  /ping:
    get:
      operationId: ping
      responses:
        '204': { description: pong }
`;
const RAML = `#%RAML 1.0
title: Orders
version: v1
types:
  Order: !include order.raml
/orders/{id}:
  get:
    responses:
      200:
        body:
          application/json:
            type: Order
`;
const RAML_ORDER = `#%RAML 1.0 DataType
type: object
properties:
  id: string
  total?: number
`;

describe('a spec URL whose root or an include is redirected (no credential: redirects followed)', () => {
  let server: Server;
  let home = '';
  const requests: string[] = [];
  const docs = new Map<string, string>([
    ['/other/api.yaml', api('./schemas/order.yaml#/Order')],
    ['/other/schemas/order.yaml', ORDER],
    ['/moved/schemas/order.yaml', DECOY],
    ['/other/single.yaml', SINGLE],
    ['/other/schemas/wrapper.yaml', `Order: { $ref: './order.yaml#/Order' }\n`],
    ['/inc/api.yaml', api('./order.yaml#/Order')],
    ['/inc-plain/api.yaml', api('./order.yaml#/Order')],
    ['/rother/api.raml', RAML],
    ['/rother/order.raml', RAML_ORDER],
  ]);
  const redirects = new Map<string, string>([
    ['/moved/api.yaml', '/other/api.yaml'],
    ['/single/api.yaml', '/other/single.yaml'],
    ['/inc/order.yaml', '/other/schemas/wrapper.yaml'],
    ['/inc-plain/order.yaml', '/other/schemas/order.yaml'],
    ['/rmoved/api.raml', '/rother/api.raml'],
  ]);
  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = req.url ?? '/';
      requests.push(url);
      const to = redirects.get(url);
      if (to) return void res.writeHead(302, { location: to }).end();
      const doc = docs.get(url);
      if (doc === undefined) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': url.endsWith('.raml') ? 'application/raml+yaml' : 'application/yaml' }).end(doc);
    });
    // AMF may keep the loop busy for seconds between the root and an include (keep-alive race: FINDINGS.md, cold)
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    home = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    delete process.env['CONTRACTGEN_SPEC_AUTHORIZATION'];
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  it('OpenAPI: a redirected root resolves its relative $ref against the final URL (never the requested folder)', async () => {
    requests.length = 0;
    const loaded = await loadSpec(`${home}/moved/api.yaml`);
    const text = JSON.stringify(loaded.document);
    expect(text).toContain('"total"');
    expect(text).not.toContain('decoy');
    expect(loaded.rootFile).toBe(`${home}/other/api.yaml`);
    expect(loaded.files).toContain(`${home}/other/schemas/order.yaml`);
    expect(requests).not.toContain('/moved/schemas/order.yaml');
  });

  it('OpenAPI: --root is checked against the final URL', async () => {
    const error = await rejection(loadSpec(`${home}/moved/api.yaml`, { root: `${home}/moved/` }), SpecError);
    expect(error.message).toContain(`${home}/other/api.yaml is outside it`);
    const loaded = await loadSpec(`${home}/moved/api.yaml`, { root: `${home}/other/` });
    expect(JSON.stringify(loaded.document)).toContain('"total"');
  });

  it('OpenAPI: a single-file spec behind a redirect still loads', async () => {
    const loaded = await loadSpec(`${home}/single/api.yaml`);
    expect(Object.keys((loaded.document as { paths: object }).paths)).toEqual(['/ping']);
  });

  it('OpenAPI: a redirected $ref target with relative $refs of its own is refused, naming the final URL; one without is read', async () => {
    const error = await rejection(loadSpec(`${home}/inc/api.yaml`), SpecError);
    const all = [error.message, ...error.details.map((d) => d.message)].join('\n');
    expect(all).toContain(`${home}/inc/order.yaml`);
    expect(all).toContain(`redirected to ${home}/other/schemas/wrapper.yaml, and the document has relative references of its own`);
    const plain = await loadSpec(`${home}/inc-plain/api.yaml`);
    expect(JSON.stringify(plain.document)).toContain('"total"');
  });

  it('RAML: a redirected root resolves its relative !include against the final URL (loadSpec and loadRaml)', { timeout: 120_000 }, async () => {
    requests.length = 0;
    const loaded = await loadSpec(`${home}/rmoved/api.raml`);
    expect(JSON.stringify(loaded.document)).toContain('"total"');
    expect(loaded.files).toContain(`${home}/rother/order.raml`);
    expect(requests).not.toContain('/rmoved/order.raml');
    const direct = await loadRaml(`${home}/rmoved/api.raml`);
    expect(JSON.stringify(direct.document)).toContain('"total"');
    expect(direct.files).toContain(`${home}/rother/order.raml`);
  });
});
