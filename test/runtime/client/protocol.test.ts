/**
 * Issue 12, client side, over real HTTP on 127.0.0.1: the default Accept prefers
 * JSON (12.2), XML/text bodies are strings (12.2), a body the status does not
 * document by media type or shape is undocumented (12.5), text bodies with a
 * number/integer/boolean schema (12.8), multipart responses decoded into the
 * schema object (12.11).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaSpec, ResponseSpec } from '../../../runtime/src/spec.js';
import { TestClient, api, echoRoutes, op, startServer, type TestServer } from './helpers.js';

type Echo = { method: string; url: string; headers: Record<string, string>; body: unknown };

const errorSchema = { type: 'object', required: ['code', 'message'] };
const media = (mediaType: string, kind: MediaSpec['kind'], schema?: MediaSpec['schema']): MediaSpec => ({ mediaType, kind, ...(schema === undefined ? {} : { schema }) });
const response = (status: string, ...content: MediaSpec[]): ResponseSpec => ({ status, content, headers: [] });

let server: TestServer;
let multipartBody: { bytes: Buffer; type: string };
beforeAll(async () => {
  const form = new FormData();
  form.append('title', 'hello');
  form.append('count', '3');
  form.append('meta', new Blob(['{"a":1}'], { type: 'application/json' }), 'meta.json');
  form.append('inline', '{"b":[2]}');
  form.append('doc', new File(['file text'], 'notes.txt', { type: 'text/plain' }));
  form.append('tags', 'x');
  form.append('tags', 'y');
  form.append('one', 'z');
  form.append('__proto__', 'own');
  const encoded = new Response(form);
  multipartBody = { bytes: Buffer.from(await encoded.arrayBuffer()), type: encoded.headers.get('content-type')! };
  server = await startServer((app) => {
    echoRoutes(app);
    app.get('/xml', async (_req, reply) => reply.type('application/xml').send('<pet><name>Rex</name></pet>'));
    app.get('/error/:kind', async (req, reply) => {
      const kind = (req.params as { kind: string }).kind;
      if (kind === 'problem-as-json') return reply.code(400).type('application/json').send({ type: 'about:blank', title: 'Bad Request', status: 400 });
      if (kind === 'problem') return reply.code(400).type('application/problem+json').send({ type: 'about:blank', title: 'Bad Request', status: 400 });
      if (kind === 'array') return reply.code(400).type('application/json').send([{ code: 1, message: 'x' }]);
      if (kind === 'empty') return reply.code(400).type('application/json').send('');
      return reply.code(400).type('application/json').send({ code: 400, message: 'bad' });
    });
    app.get('/text/:value', async (req, reply) => reply.type('text/plain').send((req.params as { value: string }).value));
    app.get('/multipart', async (_req, reply) => reply.type(multipartBody.type).send(multipartBody.bytes));
  });
});
afterAll(() => server.close());

describe('12.2: JSON first in Accept; XML and text bodies are strings', () => {
  const spec = api({
    pet: op({ path: '/echo/pet', responses: [response('200', media('application/xml', 'text', { type: 'object' }), media('application/json', 'json')), response('404', media('text/html', 'text'), media('application/problem+json', 'json'))] }),
    xml: op({ path: '/xml', responses: [response('200', media('application/xml', 'text'), media('application/json', 'json'))] }),
    putXml: op({ path: '/echo/put', method: 'PUT', requestBody: { required: true, content: [media('application/xml', 'text')] } }),
  });
  let client: TestClient;
  beforeAll(() => {
    client = new TestClient(spec, { baseUrl: server.url });
  });

  it('the default Accept lists JSON kinds first, then the others in spec order', async () => {
    const { headers } = (await client.run('pet')).body as Echo;
    expect(headers['accept']).toBe('application/json, application/problem+json, application/xml, text/html');
  });

  it('an XML response body is the text as received', async () => {
    expect(await client.run('xml')).toMatchObject({ status: 200, ok: true, documented: true, contentType: 'application/xml', body: '<pet><name>Rex</name></pet>' });
  });

  it('an XML request body is a string; an object is refused before sending (never [object Object] or JSON)', async () => {
    expect(((await client.run('putXml', { body: '<pet/>' })).body as Echo).body).toEqual({ bytes: [...Buffer.from('<pet/>')] });
    await expect(client.run('putXml', { body: { name: 'Rex' } })).rejects.toMatchObject({ code: 'CG_INVALID_REQUEST', message: expect.stringContaining('application/xml') });
  });
});

describe('12.5: a body the status does not document is undocumented', () => {
  const spec = api({
    error: op({ path: '/error/{kind}', responses: [response('200', media('application/json', 'json')), response('default', media('application/json', 'json', errorSchema))] }),
  });
  let client: TestClient;
  beforeAll(() => {
    client = new TestClient(spec, { baseUrl: server.url });
  });
  const call = (kind: string) => client.run('error', { path: { kind } });

  it("the server's problem details sent as application/json against a declared Error {code, message}", async () => {
    expect(await call('problem-as-json')).toMatchObject({ status: 400, ok: false, documented: false, body: { title: 'Bad Request', status: 400 } });
  });

  it('problem+json where the status documents application/json', async () => {
    expect(await call('problem')).toMatchObject({ status: 400, documented: false, contentType: 'application/problem+json' });
  });

  it('an array where an object is declared', async () => {
    expect(await call('array')).toMatchObject({ status: 400, documented: false });
  });

  it('an empty body where a typed JSON body is declared', async () => {
    expect(await call('empty')).toMatchObject({ status: 400, documented: false, body: undefined });
  });

  it('a body with the declared shape stays documented', async () => {
    expect(await call('fine')).toMatchObject({ status: 400, ok: false, documented: true, body: { code: 400, message: 'bad' } });
  });
});

describe('12.8: text kinds with number, integer and boolean schemas', () => {
  const text = (schema: MediaSpec['schema']) => op({ path: '/text/{value}', responses: [response('200', media('text/plain', 'text', schema))] });
  const spec = api({
    number: text({ type: 'number' }),
    integer: text({ type: 'integer' }),
    boolean: text({ type: 'boolean' }),
    string: text({ type: 'string' }),
    send: op({ path: '/echo/send', method: 'POST', requestBody: { required: true, content: [media('text/plain', 'text', { type: 'number' })] } }),
  });
  let client: TestClient;
  beforeAll(() => {
    client = new TestClient(spec, { baseUrl: server.url });
  });
  const get = (name: string, value: string) => client.run(name, { path: { value } });

  it('the response text is parsed into the schema type', async () => {
    expect(await get('number', '12.5')).toMatchObject({ documented: true, ok: true, body: 12.5 });
    expect(await get('integer', '-7')).toMatchObject({ documented: true, body: -7 });
    expect(await get('boolean', 'false')).toMatchObject({ documented: true, body: false });
    expect(await get('string', '12.5')).toMatchObject({ documented: true, body: '12.5' });
  });

  it('text that is not of the schema type is undocumented, the text kept', async () => {
    expect(await get('number', 'twelve')).toMatchObject({ documented: false, ok: false, body: 'twelve' });
    expect(await get('integer', '12.5')).toMatchObject({ documented: false, body: '12.5' });
    expect(await get('number', '0x10')).toMatchObject({ documented: false, body: '0x10' });
    expect(await get('boolean', 'yes')).toMatchObject({ documented: false, body: 'yes' });
  });

  it('a number body is sent as String(v)', async () => {
    const { headers, body } = (await client.run('send', { body: 12.5 })).body as Echo;
    expect(headers['content-type']).toBe('text/plain');
    expect(body).toBe('12.5');
  });
});

describe('12.11: multipart responses are decoded into the schema object', () => {
  const schema = {
    type: 'object',
    required: ['title'],
    properties: { title: { type: 'string' }, count: { type: 'integer' }, meta: { type: 'object' }, inline: { type: 'object' }, doc: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } }, one: { type: 'array', items: { type: 'string' } } },
  };
  const spec = api({
    typed: op({ path: '/multipart', responses: [response('200', media('multipart/form-data', 'multipart', schema))] }),
    missing: op({ path: '/multipart', responses: [response('200', media('multipart/form-data', 'multipart', { type: 'object', required: ['absent'] }))] }),
    untyped: op({ path: '/multipart', responses: [response('200', media('application/json', 'json'))] }),
  });
  let client: TestClient;
  beforeAll(() => {
    client = new TestClient(spec, { baseUrl: server.url });
  });

  it('text fields, numbers, JSON parts and fields, files, repeated parts', async () => {
    const res = await client.run('typed');
    expect(res).toMatchObject({ status: 200, ok: true, documented: true, contentType: 'multipart/form-data' });
    const body = res.body as Record<string, unknown>;
    expect(body).not.toBeInstanceOf(FormData);
    expect(body).toMatchObject({ title: 'hello', count: 3, meta: { a: 1 }, inline: { b: [2] }, tags: ['x', 'y'], one: ['z'] });
    expect(body['doc']).toBeInstanceOf(File);
    expect(await (body['doc'] as File).text()).toBe('file text');
    // a part named __proto__ is an own property, not the prototype
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(body, '__proto__')?.value).toBe('own');
  });

  it('a multipart body without a required part is undocumented', async () => {
    expect(await client.run('missing')).toMatchObject({ documented: false, ok: false, body: { title: 'hello' } });
  });

  it('an undocumented multipart body is still a plain object (strings, files, JSON file parts parsed)', async () => {
    const res = await client.run('untyped');
    expect(res.documented).toBe(false);
    expect(res.body).toMatchObject({ title: 'hello', count: '3', meta: { a: 1 }, inline: '{"b":[2]}', tags: ['x', 'y'], one: 'z' });
  });
});
