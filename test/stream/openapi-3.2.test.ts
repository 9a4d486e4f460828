/**
 * OpenAPI 3.2 input (issue 18.1): validated against the official 3.2 schema with located errors,
 * bundled around swagger-parser (which rejects 3.2), and QUERY, additionalOperations and
 * `in: querystring` working end to end with the generated server and client.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../generator/load/index.js';
import { SpecError } from '../../generator/diagnostics.js';
import { createListener } from '../../runtime/src/server/index.js';
import { Client } from '../golden/stream-3.2/client.js';
import { register } from '../golden/stream-3.2/server.js';
import { documented, rejection } from '../helpers/assert.js';
import { fixture, generateInto, ROOT, tmpDir, typecheck } from '../helpers/generated.js';
import { createStreamHandlers } from './stream-handlers.js';

const spec = fixture('openapi/stream-3.2.yaml');

async function writeSpec(dir: string, name: string, text: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

describe('OpenAPI 3.2 input', () => {
  it('a 3.2 document loads with its version; the official schema rejects what 3.2 forbids, located', async () => {
    expect((await loadSpec(spec)).sourceVersion).toBe('3.2.0');
    const dir = await tmpDir('oas32-bad');
    // `in: querystring` with `schema` but no `content` breaks the 3.2 schema
    const file = await writeSpec(dir, 'bad.yaml', [
      'openapi: 3.2.0',
      'info: { title: Bad, version: "1" }',
      'paths:',
      '  /x:',
      '    get:',
      '      parameters:',
      '        - name: q',
      '          in: querystring',
      '          schema: { type: object }',
      '      responses:',
      "        '200': { description: ok }",
      '',
    ].join('\n'));
    const error = await rejection(loadSpec(file), SpecError);
    expect(error.code).toBe('SPEC_SCHEMA');
    expect(error.message).toMatch(/invalid OpenAPI 3\.2\.0 document/);
    expect(error.location?.file).toBe(file);
    expect(error.location?.line).toBe(7);
    // a 3.1-only shape is refused by the 3.2 schema too: an unknown Path Item field
    const other = await writeSpec(dir, 'bad2.yaml', 'openapi: 3.2.0\ninfo: { title: Bad, version: "1" }\npaths:\n  /x:\n    fetch: {}\n');
    const error2 = await rejection(loadSpec(other), SpecError);
    expect(error2.message).toMatch(/unknown property "fetch"/);
    expect(error2.location).toMatchObject({ line: 5 });
    // the version pattern: 3.3 is not accepted
    const future = await writeSpec(dir, 'future.yaml', 'openapi: 3.3.0\ninfo: { title: F, version: "1" }\npaths: {}\n');
    expect((await rejection(loadSpec(future), SpecError)).code).toBe('SPEC_VERSION');
  });

  it('external $refs in a 3.2 document are bundled (swagger-parser itself refuses 3.2)', async () => {
    const dir = await tmpDir('oas32-multi');
    await writeSpec(dir, 'item.yaml', 'type: object\nrequired: [id]\nproperties:\n  id: { type: string }\n');
    const root = await writeSpec(dir, 'openapi.yaml', [
      'openapi: 3.2.0',
      'info: { title: Multi, version: "1" }',
      'paths:',
      '  /items:',
      '    query:',
      '      requestBody:',
      '        content:',
      '          application/json:',
      "            schema: { $ref: 'item.yaml' }",
      '      responses:',
      "        '200':",
      '          description: ok',
      '          content:',
      '            application/jsonl:',
      "              itemSchema: { $ref: 'item.yaml' }",
      '',
    ].join('\n'));
    const loaded = await loadSpec(root);
    expect(loaded.document['openapi']).toBe('3.2.0');
    expect(JSON.stringify(loaded.document)).not.toContain('item.yaml');
    const { dir: out } = await generateInto(root, 'oas32-multi-out');
    expect(await typecheck([out])).toBe('');
  });

  it('the generated code and the handlers type-check under strict', async () => {
    expect(await typecheck([path.join(ROOT, 'test/golden/stream-3.2'), path.join(ROOT, 'test/stream/stream-handlers.ts')])).toBe('');
  });
});

describe('OpenAPI 3.2 over HTTP: QUERY, additionalOperations, querystring', () => {
  let server: Awaited<ReturnType<typeof createListener>>;
  let handlers: ReturnType<typeof createStreamHandlers>;
  let client: Client;
  beforeAll(async () => {
    handlers = createStreamHandlers();
    server = await createListener({ port: 0 }, (app) => register(app, handlers, { security: { apiKey: { keys: ['k1'] } } }));
    client = new Client({ baseUrl: server.url });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('QUERY carries a body, is validated and answered', async () => {
    const res = documented(await client.searchItems({ body: { text: 'b', limit: 1 } }), 200);
    expect(res.body).toEqual([{ id: 'b', name: 'bread', tags: ['baked'] }]);
    const raw = await fetch(`${server.url}/items`, { method: 'QUERY', headers: { 'content-type': 'application/json' }, body: '{"limit":0}' });
    expect(raw.status).toBe(400);
    // a QUERY on a path that declares none is 405 with the Allow list
    const other = await fetch(`${server.url}/lookup`, { method: 'QUERY', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(other.status).toBe(405);
    expect(other.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    // RFC 10008 §2: a QUERY without Content-Type fails (Fastify's check)
    expect((await fetch(`${server.url}/items`, { method: 'QUERY' })).status).toBe(400);
  });

  it('an additionalOperations method (COPY) is a route and a client method', async () => {
    const res = documented(await client.copyItem({ path: { id: 'a' }, headers: { Destination: 'a2' } }), 201);
    expect(res.body).toEqual({ id: 'a2', name: 'apple pie', tags: ['sweet', 'baked'] });
    expect((await client.copyItem({ path: { id: 'zz' }, headers: { Destination: 'x' } })).status).toBe(404);
    const missingHeader = await fetch(`${server.url}/items/a`, { method: 'COPY' });
    expect(missingHeader.status).toBe(400);
  });

  it('a form querystring is the whole query string, bound as one object', async () => {
    const res = documented(await client.listItems({ querystring: { q: 'cheese + wine', tag: ['salty'], limit: 5 } }), 200);
    expect(res.body.map((i) => i.id)).toEqual(['c']);
    expect(handlers.seen.at(-1)).toEqual({ querystring: { q: 'cheese + wine', tag: ['salty'], limit: 5 } });
    // the wire form is the media type's: `+` is a space, `%2B` a plus; repeated keys make the array
    const raw = await fetch(`${server.url}/items?q=cheese+%2B+wine&tag=salty&tag=x`);
    expect(raw.status).toBe(200);
    expect(handlers.seen.at(-1)).toEqual({ querystring: { q: 'cheese + wine', tag: ['salty', 'x'] } });
    // validated like a body: limit must be an integer >= 1, reported in `query`
    const bad = await fetch(`${server.url}/items?limit=0`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Array<{ in: string; pointer: string }> }).errors[0]).toMatchObject({ in: 'query', pointer: '/limit' });
    const notNumber = await fetch(`${server.url}/items?limit=0x10`);
    expect(notNumber.status).toBe(400);
    // no query string: the optional parameter is absent
    await client.listItems();
    expect(handlers.seen.at(-1)).toEqual({ querystring: undefined });
  });

  it('a JSON querystring is percent-encoded JSON text as the whole query string', async () => {
    const res = documented(await client.lookup({ querystring: { ids: ['a', 'b'], deep: true } }), 200);
    expect(res.body.map((i) => i.id)).toEqual(['a', 'b']);
    expect(handlers.seen.at(-1)).toEqual({ querystring: { ids: ['a', 'b'], deep: true } });
    // the 3.2 specification's own serialized form
    const raw = await fetch(`${server.url}/lookup?%7B%22ids%22%3A%5B%22c%22%5D%2C%22deep%22%3Afalse%7D`);
    expect(raw.status).toBe(200);
    expect(((await raw.json()) as Array<{ id: string }>).map((i) => i.id)).toEqual(['c']);
    const notJson = await fetch(`${server.url}/lookup?ids=a`);
    expect(notJson.status).toBe(400);
    const missing = await fetch(`${server.url}/lookup?%7B%7D`);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { errors: Array<{ in: string; message: string }> }).errors[0]).toMatchObject({ in: 'query' });
  });

  it('a method Node cannot parse fails at registration with CG_METHOD_UNSUPPORTED', async () => {
    const dir = await tmpDir('oas32-method');
    const file = await writeSpec(dir, 'm.yaml', "openapi: 3.2.0\ninfo: { title: M, version: '1' }\npaths:\n  /x:\n    additionalOperations:\n      FROB:\n        operationId: frob\n        responses:\n          '204': { description: ok }\n");
    const { dir: out } = await generateInto(file, 'oas32-method-out');
    expect(await typecheck([out])).toBe('');
    const { register: registerFrob } = (await import(path.join(out, 'server.ts'))) as { register: (app: unknown, handlers: unknown) => Promise<void> };
    const { default: Fastify } = await import('fastify');
    const app = Fastify();
    await expect(registerFrob(app, { frob: async () => ({ status: 204 }) })).rejects.toMatchObject({ code: 'CG_METHOD_UNSUPPORTED' });
    await app.close();
  });
});
