import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortedError,
  InvalidOptionsError,
  InvalidRequestError,
  NetworkError,
  ResponseParseError,
  StatusCodeClient,
  TimeoutError,
  UnexpectedStatusError,
  expect as expectStatus,
} from '../../../runtime/src/client/index.js';
import { TestClient, api, echoRoutes, jsonResponse, op, param, startServer, type TestServer } from './helpers.js';

type Echo = { method: string; url: string; headers: Record<string, string>; body: unknown };

let server: TestServer;
beforeAll(async () => {
  server = await startServer((app) => {
    echoRoutes(app);
    app.get('/text', async (_req, reply) => reply.type('text/plain; charset=utf-8').send('héllo'));
    app.get('/bytes', async (_req, reply) => reply.type('application/octet-stream').send(Buffer.from([1, 2, 3])));
    app.get('/form', async (_req, reply) => reply.type('application/x-www-form-urlencoded').send('a=1&b=x%20y&a=2'));
    app.get('/problem+json', async (_req, reply) => reply.code(404).type('application/problem+json').send({ title: 'gone' }));
    app.get('/empty', async (_req, reply) => reply.code(200).type('application/json').send(''));
    app.get('/nocontent', async (_req, reply) => reply.code(204).send());
    app.get('/bad-json', async (_req, reply) => reply.type('application/json').send('{"a":'));
    app.get('/accepted', async (_req, reply) => reply.code(202).send({ queued: true }));
    app.get('/teapot', async (_req, reply) => reply.code(418).header('X-Thing', 'yes').send({ short: 'stout' }));
    app.get('/headers', async (_req, reply) =>
      reply.header('X-Rate-Limit', '42').header('X-Flag', 'true').header('X-Ids', '1, 2,3').header('X-Other', 'Keep').send({}),
    );
    app.get('/slow', async () => new Promise((resolve) => setTimeout(() => resolve({ late: true }), 2_000)));
  });
});
afterAll(() => server.close());

const path = (name: string, style: 'simple' | 'label' | 'matrix', explode: boolean) =>
  op({ path: `/echo/{${name}}`, parameters: [param({ name, in: 'path', style, explode })] });

describe('parameters round-trip through a real server', () => {
  const spec = api({
    simple: path('color', 'simple', false),
    label: path('color', 'label', true),
    matrix: path('color', 'matrix', true),
    query: op({
      path: '/echo/q',
      parameters: [
        param({ name: 'form', in: 'query' }),
        param({ name: 'csv', in: 'query', explode: false }),
        param({ name: 'space', in: 'query', style: 'spaceDelimited', explode: false }),
        param({ name: 'pipe', in: 'query', style: 'pipeDelimited', explode: false }),
        param({ name: 'deep', in: 'query', style: 'deepObject', explode: true }),
        param({ name: 'json', in: 'query', contentType: 'application/json' }),
        param({ name: 'raw', in: 'query', allowReserved: true }),
      ],
    }),
    headers: op({
      path: '/echo/h',
      parameters: [param({ name: 'X-List', in: 'header' }), param({ name: 'X-Obj', in: 'header', explode: true })],
    }),
    cookies: op({
      path: '/echo/c',
      parameters: [param({ name: 'session', in: 'cookie' }), param({ name: 'list', in: 'cookie', explode: false })],
    }),
  });
  let client: TestClient;
  beforeAll(() => {
    client = new TestClient(spec, { baseUrl: server.url });
  });
  const echo = async (name: string, req: object) => (await client.run(name, req)).body as Echo;

  it('path: simple, label, matrix; a hostile value stays in its segment', async () => {
    expect((await echo('simple', { path: { color: ['blue', 'black'] } })).url).toBe('/echo/blue,black');
    expect((await echo('label', { path: { color: ['blue', 'black'] } })).url).toBe('/echo/.blue.black');
    expect((await echo('matrix', { path: { color: { R: 1, G: 2 } } })).url).toBe('/echo/;R=1;G=2');
    expect((await echo('simple', { path: { color: '../x?y=1#z' } })).url).toBe('/echo/..%2Fx%3Fy%3D1%23z');
  });

  it('path: a missing path parameter or a dot segment is refused before sending', async () => {
    await expect(client.run('simple', { path: {} })).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(client.run('simple', { path: { color: '..' } })).rejects.toMatchObject({ code: 'CG_INVALID_REQUEST' });
  });

  it('query: every style, undeclared keys, omitted undefined', async () => {
    const { url } = await echo('query', {
      query: {
        form: ['a', 'b'],
        csv: ['a', 'b'],
        space: ['a', 'b'],
        pipe: ['a', 'b'],
        deep: { x: 1, y: 'z' },
        json: { k: [1] },
        raw: 'a/b',
        extra: 'e',
        missing: undefined,
      },
    });
    expect(url).toBe(
      '/echo/q?form=a&form=b&csv=a,b&space=a%20b&pipe=a%7Cb&deep%5Bx%5D=1&deep%5By%5D=z&json=%7B%22k%22%3A%5B1%5D%7D&raw=a/b&extra=e',
    );
  });

  it('headers: simple style', async () => {
    const { headers } = await echo('headers', { headers: { 'X-List': [1, 2], 'X-Obj': { a: 1, b: 2 } } });
    expect(headers['x-list']).toBe('1,2');
    expect(headers['x-obj']).toBe('a=1,b=2');
  });

  it('cookies: form style, joined into one Cookie header', async () => {
    const { headers } = await echo('cookies', { cookies: { session: 'a b;c', list: ['x', 'y'] } });
    expect(headers['cookie']).toBe('session=a%20b%3Bc; list=x,y');
  });
});

describe('request bodies', () => {
  const spec = api({
    json: op({ path: '/echo/json', method: 'POST', requestBody: { required: true, content: [{ mediaType: 'application/json', kind: 'json' }, { mediaType: 'text/plain', kind: 'text' }] } }),
    bin: op({ path: '/echo/bin', method: 'PUT', requestBody: { required: true, content: [{ mediaType: 'application/octet-stream', kind: 'binary' }] } }),
    image: op({ path: '/echo/img', method: 'PUT', requestBody: { required: true, content: [{ mediaType: 'image/*', kind: 'binary' }] } }),
    form: op({
      path: '/echo/form',
      method: 'POST',
      requestBody: {
        required: true,
        content: [{ mediaType: 'application/x-www-form-urlencoded', kind: 'form', encoding: { tags: { style: 'form', explode: false }, meta: { contentType: 'application/json' } } }],
      },
    }),
    multi: op({ path: '/echo/multi', method: 'POST', requestBody: { required: true, content: [{ mediaType: 'multipart/form-data', kind: 'multipart' }] } }),
  });
  let client: TestClient;
  beforeAll(() => {
    client = new TestClient(spec, { baseUrl: server.url });
  });
  const echo = async (name: string, req: object) => (await client.run(name, req)).body as Echo;

  it('json by default, text when asked by contentType', async () => {
    const json = await echo('json', { body: { a: [1, 'two'] } });
    expect(json.headers['content-type']).toBe('application/json');
    expect(json.body).toEqual({ a: [1, 'two'] });
    const text = await echo('json', { body: 'plain words', contentType: 'text/plain' });
    expect(text.headers['content-type']).toBe('text/plain');
    expect(text.body).toBe('plain words');
  });

  it('an unknown contentType is refused', async () => {
    await expect(client.run('json', { body: 1, contentType: 'application/xml' })).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it('binary: Uint8Array, ArrayBuffer, Blob (its type for a wildcard media type) and ReadableStream', async () => {
    expect((await echo('bin', { body: new Uint8Array([1, 2]) })).body).toEqual({ bytes: [1, 2] });
    expect((await echo('bin', { body: new Uint8Array([3, 4]).buffer })).body).toEqual({ bytes: [3, 4] });
    const img = await echo('image', { body: new Blob([new Uint8Array([5])], { type: 'image/png' }) });
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.body).toEqual({ bytes: [5] });
    const stream = new Blob([new Uint8Array([6, 7])]).stream();
    expect((await echo('bin', { body: stream })).body).toEqual({ bytes: [6, 7] });
  });

  it('form: objects and arrays per encoding', async () => {
    const { headers, body } = await echo('form', { body: { name: 'a b&c', tags: ['x', 'y'], meta: { k: 1 }, ids: [1, 2] } });
    expect(headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(body).toBe('name=a%20b%26c&tags=x,y&meta=%7B%22k%22%3A1%7D&ids=1&ids=2');
  });

  it('multipart: fields, files, JSON parts, repeated parts', async () => {
    const file = new File(['file text'], 'notes.txt', { type: 'text/plain' });
    const { headers, body } = await echo('multi', { body: { title: 'hello', count: 3, doc: file, meta: { a: 1 }, tags: ['x', 'y'] } });
    expect(headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(body).toEqual([
      { name: 'title', value: 'hello' },
      { name: 'count', value: '3' },
      { name: 'doc', filename: 'notes.txt', type: 'text/plain', text: 'file text' },
      { name: 'meta', filename: 'meta.json', type: 'application/json', text: '{"a":1}' },
      { name: 'tags', value: 'x' },
      { name: 'tags', value: 'y' },
    ]);
  });
});

describe('responses', () => {
  const any = (path: string, responses = [jsonResponse()]) => op({ path, responses });
  const spec = api({
    text: any('/text', [{ status: '200', content: [{ mediaType: 'text/plain', kind: 'text' }], headers: [] }]),
    bytes: any('/bytes', [{ status: '200', content: [{ mediaType: 'application/octet-stream', kind: 'binary' }], headers: [] }]),
    form: any('/form'),
    problem: any('/problem+json', [jsonResponse('200'), jsonResponse('4XX')]),
    empty: any('/empty'),
    nocontent: any('/nocontent', [{ status: '204', content: [], headers: [] }]),
    badJson: any('/bad-json'),
    teapot: any('/teapot', [jsonResponse('200')]),
    accepted: any('/accepted', [jsonResponse('200')]),
    headers: any('/headers', [
      jsonResponse('200', [
        { name: 'X-Rate-Limit', required: true, schema: { type: 'integer' } },
        { name: 'X-Flag', required: false, schema: { type: 'boolean' } },
        { name: 'X-Ids', required: false, schema: { type: 'array', items: { type: 'number' } } },
        { name: 'X-Missing', required: false, schema: { type: 'integer' } },
      ]),
    ]),
  });
  let client: TestClient;
  beforeAll(() => {
    client = new TestClient(spec, { baseUrl: server.url });
  });

  it('text, bytes, form', async () => {
    expect(await client.run('text')).toMatchObject({ status: 200, ok: true, body: 'héllo', documented: true });
    const bytes = await client.run('bytes');
    expect(bytes.body).toBeInstanceOf(Uint8Array);
    expect([...(bytes.body as Uint8Array)]).toEqual([1, 2, 3]);
    expect((await client.run('form')).body).toEqual({ a: ['1', '2'], b: 'x y' });
  });

  it('binary as blob or stream per call', async () => {
    const blob = (await client.run('bytes', undefined, { responseType: 'blob' })).body as Blob;
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([1, 2, 3]);
    const stream = (await client.run('bytes', undefined, { responseType: 'stream' })).body as ReadableStream<Uint8Array>;
    expect([...new Uint8Array(await new Response(stream).arrayBuffer())]).toEqual([1, 2, 3]);
  });

  it('+json bodies, ranges, empty JSON and 204 bodies', async () => {
    // the 4XX range is documented as application/json; a problem+json body is another media type: undocumented
    expect(await client.run('problem')).toMatchObject({ status: 404, ok: false, body: { title: 'gone' }, documented: false, contentType: 'application/problem+json' });
    expect((await client.run('empty')).body).toBeUndefined();
    expect(await client.run('nocontent')).toMatchObject({ status: 204, body: undefined });
  });

  it('invalid JSON is a ResponseParseError with status and text', async () => {
    const error = await client.run('badJson').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseParseError);
    expect(error).toMatchObject({ code: 'CG_RESPONSE_PARSE', status: 200, text: '{"a":' });
  });

  it('an undocumented status resolves with documented: false and plain headers', async () => {
    const res = await client.run('teapot');
    expect(res).toMatchObject({ status: 418, ok: false, documented: false, body: { short: 'stout' } });
    expect(res.headers['x-thing']).toBe('yes');
  });

  it('an undocumented 2xx is not ok: it breaks the contract', async () => {
    expect(await client.run('accepted')).toMatchObject({ status: 202, ok: false, documented: false, body: { queued: true } });
  });

  it('declared headers are coerced under their spec names; others are lower-cased strings', async () => {
    const { headers } = await client.run('headers');
    expect(headers['X-Rate-Limit']).toBe(42);
    expect(headers['X-Flag']).toBe(true);
    expect(headers['X-Ids']).toEqual([1, 2, 3]);
    expect('X-Missing' in headers).toBe(false);
    expect('x-rate-limit' in headers).toBe(false);
    expect(headers['x-other']).toBe('Keep');
  });

  it('expect returns the body or throws UnexpectedStatusError carrying the response', async () => {
    const ok = await client.run('text');
    expect(expectStatus(ok, 200)).toBe('héllo');
    const res = await client.run('teapot');
    const error = (() => {
      try {
        StatusCodeClient.expect(res, 200);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UnexpectedStatusError);
    expect(error).toMatchObject({ code: 'CG_UNEXPECTED_STATUS', status: 418, expected: 200, response: res });
  });
});

describe('interceptors', () => {
  const spec = api({ get: op({ path: '/echo/i' }), missing: op({ path: '/nothing-here' }) });

  it('request interceptors change url and headers; response interceptors replace the response', async () => {
    const seen: string[] = [];
    const client = new TestClient(spec, {
      baseUrl: server.url,
      headers: { 'x-client': 'c' },
      interceptors: {
        request: [
          (req) => {
            req.headers.set('x-added', '1');
          },
          (req, ctx) => ({ ...req, url: `${req.url}?by=${ctx.operation.name}` }),
        ],
        response: [(res) => ({ ...res, body: { wrapped: res.body } }), (res) => void seen.push(String(res.status))],
      },
    });
    const res = await client.run('get', undefined, { headers: { 'x-call': 'k' } });
    const { wrapped } = res.body as { wrapped: Echo };
    expect(wrapped.url).toBe('/echo/i?by=op');
    expect(wrapped.headers).toMatchObject({ 'x-added': '1', 'x-client': 'c', 'x-call': 'k' });
    expect(seen).toEqual(['200']);
  });

  it('error interceptors can map an error; returning undefined keeps it', async () => {
    const client = new TestClient(spec, {
      baseUrl: 'http://127.0.0.1:1',
      interceptors: { error: [() => undefined, (e) => new Error(`mapped: ${(e as NetworkError).code}`)] },
    });
    await expect(client.run('get')).rejects.toThrow('mapped: CG_NETWORK');
  });
});

describe('transport failures are typed', () => {
  const spec = api({ slow: op({ path: '/slow' }), get: op({ path: '/echo/x' }) });

  it('timeout → TimeoutError', async () => {
    const client = new TestClient(spec, { baseUrl: server.url, timeout: 50 });
    const error = await client.run('slow').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'CG_TIMEOUT', timeout: 50 });
  });

  it('per-call timeout overrides the client one', async () => {
    const client = new TestClient(spec, { baseUrl: server.url, timeout: 60_000 });
    await expect(client.run('slow', undefined, { timeout: 20 })).rejects.toBeInstanceOf(TimeoutError);
  });

  it('abort → AbortedError, also when aborted before the call', async () => {
    const client = new TestClient(spec, { baseUrl: server.url });
    const controller = new AbortController();
    const pending = client.run('slow', undefined, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
    await expect(client.run('get', undefined, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'CG_ABORTED' });
  });

  it('closed port → NetworkError with the transport failure as cause (fetch, undici, node:http)', async () => {
    const closed = await startServer(() => undefined);
    const url = closed.url;
    await closed.close();
    for (const transport of ['fetch', 'undici', 'node:http'] as const) {
      const client = new TestClient(spec, { baseUrl: url, transport });
      const error = await client.run('get').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as NetworkError).cause).toBeInstanceOf(transport === 'fetch' ? TypeError : Error);
      expect((error as NetworkError).message).toMatch(/ECONNREFUSED/);
    }
  });
});

describe('base URL', () => {
  const ops = { get: op({ path: '/echo/b' }) };

  it('comes from the first server with variables resolved (overrides win)', async () => {
    const port = new URL(server.url).port;
    const spec = api(ops, {
      servers: [{ url: 'http://{host}:{port}/{base}', variables: { host: { default: '127.0.0.1' }, port: { default: '1' }, base: { default: 'v1', enum: ['v1', 'echo'] } } }],
    });
    const client = new TestClient(spec, { serverVariables: { port, base: 'echo' } });
    expect(((await client.run('get')).body as Echo).url).toBe('/echo/echo/b');
    expect(() => new TestClient(spec, { serverVariables: { base: 'v9' } })).toThrow(InvalidOptionsError);
  });

  it('a relative server URL without baseUrl is CG_INVALID_OPTIONS', () => {
    const spec = api(ops, { servers: [{ url: '/api', variables: {} }] });
    expect(() => new TestClient(spec)).toThrow(expect.objectContaining({ code: 'CG_INVALID_OPTIONS', message: expect.stringContaining('relative') }));
    expect(() => new TestClient(api(ops))).toThrow(InvalidOptionsError);
  });
});
