/**
 * Request parameters: silent data loss and smuggling through parameter decoding (issue 12.6, 12.7,
 * 12.14) and hostile values in parameters (issue 13.8 `__proto__` in JSON content parameters,
 * 13.9 non-finite numbers). Every test runs a real server on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, echoResponse, op, param, serve, type Served } from './server-request-helpers.js';

const strArr = { type: 'array', items: { type: 'string' } };
const intArr = { type: 'array', items: { type: 'integer' } };
const freeForm = { type: 'object', additionalProperties: { type: 'string' } };

const spec = api({
  repeated: op({
    operationId: 'repeated',
    method: 'GET',
    path: '/repeated',
    parameters: [
      param({ name: 'ids', in: 'query', explode: false, shape: 'array', schema: intArr }),
      param({ name: 'pipes', in: 'query', style: 'pipeDelimited', explode: false, shape: 'array', schema: strArr }),
      param({ name: 'limit', in: 'query', schema: { type: 'integer' } }),
    ],
    responses: echoResponse,
  }),
  leftovers: op({
    operationId: 'leftovers',
    method: 'GET',
    path: '/leftovers',
    parameters: [
      param({ name: 'deep', in: 'query', style: 'deepObject', explode: true, shape: 'object', schema: { type: 'object', properties: { r: { type: 'string' } } } }),
      param({ name: 'flag', in: 'query', schema: { type: 'string' } }),
      param({ name: 'rest', in: 'query', explode: true, shape: 'object', schema: freeForm }),
    ],
    responses: echoResponse,
    security: [{ queryKey: [] }],
  }),
  label: op({
    operationId: 'label',
    method: 'GET',
    path: '/label/{list}/{point}',
    parameters: [
      param({ name: 'list', in: 'path', style: 'label', explode: false, shape: 'array', schema: strArr }),
      param({ name: 'point', in: 'path', style: 'label', explode: false, shape: 'object', schema: { type: 'object', properties: { x: { type: 'integer' }, y: { type: 'integer' } } } }),
    ],
    responses: echoResponse,
  }),
  content: op({
    operationId: 'content',
    method: 'GET',
    path: '/content',
    parameters: [
      param({ name: 'filter', in: 'query', contentType: 'application/json', schema: { type: 'object', properties: { name: { type: 'string' } } } }),
      param({ name: 'X-Filter', in: 'header', contentType: 'application/json', schema: { type: 'object' } }),
    ],
    responses: echoResponse,
  }),
  numbers: op({
    operationId: 'numbers',
    method: 'GET',
    path: '/numbers/{n}',
    parameters: [
      param({ name: 'n', in: 'path', schema: { type: 'number' } }),
      param({ name: 'i', in: 'query', schema: { type: 'integer' } }),
      param({ name: 'list', in: 'query', explode: false, shape: 'array', schema: { type: 'array', items: { type: 'number' } } }),
    ],
    responses: echoResponse,
  }),
  defaults: op({
    operationId: 'defaults',
    method: 'GET',
    path: '/defaults',
    parameters: [
      param({ name: 'status', in: 'query', required: true, schema: { type: 'string', enum: ['available', 'sold'], default: 'available' } }),
      param({ name: 'X-Mode', in: 'header', required: true, schema: { type: 'string', default: 'fast' } }),
      param({ name: 'page', in: 'query', schema: { type: 'integer', default: 1 } }),
    ],
    responses: echoResponse,
  }),
}, { securitySchemes: { queryKey: { type: 'apiKey', in: 'query', name: 'api_key' } } });

let s: Served;
beforeAll(async () => {
  s = await serve(spec, { security: { queryKey: { keys: ['k1'] } } });
});
afterAll(() => s?.close());

async function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${s.url}${path}`, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('12.6 explode: false arrays sent as repeated keys: no silent data loss', () => {
  it('?ids=1&ids=2 keeps every value (openapi-fetch default serialization)', async () => {
    const r = await get('/repeated?ids=1&ids=2');
    expect(r.status).toBe(200);
    expect(r.body['query']).toEqual({ ids: [1, 2] });
  });

  it('repeated keys mixed with the delimited form keep every value, in order', async () => {
    const r = await get('/repeated?ids=1,2&ids=3&pipes=a|b&pipes=c');
    expect(r.status).toBe(200);
    expect(r.body['query']).toEqual({ ids: [1, 2, 3], pipes: ['a', 'b', 'c'] });
  });

  it('a repeated primitive parameter is a 400, not "first one wins"', async () => {
    const r = await get('/repeated?limit=1&limit=1000');
    expect(r.status).toBe(400);
    expect(r.body['errors']).toEqual([expect.objectContaining({ in: 'query', pointer: '/limit' })]);
    expect(s.last()?.query).not.toEqual({ limit: 1 });
  });
});

describe('12.7 a form+explode object parameter does not collect keys other parameters claim', () => {
  it('deepObject keys (deep[r]), declared names and the query API key are not leftovers', async () => {
    const r = await get('/leftovers?deep[r]=1&flag=on&api_key=k1&color=red');
    expect(r.status).toBe(200);
    expect(r.body['query']).toEqual({ deep: { r: '1' }, flag: 'on', rest: { color: 'red' } });
  });

  it('every deep[…] key belongs to the deepObject parameter, even one its schema does not list', async () => {
    const r = await get('/leftovers?api_key=k1&deep[r]=2&deep[s]=3');
    expect(r.status).toBe(200);
    expect(r.body['query']).toEqual({ deep: { r: '2', s: '3' } });
  });
});

describe('12.14 label style, explode: false: both the 3.0.4/3.1.1 form and the 3.0.0–3.0.3 table form', () => {
  it.each([
    ['.a,b', '.x,1,y,2'],
    ['.a.b', '.x.1.y.2'],
  ])('%s / %s', async (list, point) => {
    const r = await get(`/label/${list}/${point}`);
    expect(r.status).toBe(200);
    expect(r.body['path']).toEqual({ list: ['a', 'b'], point: { x: 1, y: 2 } });
  });

  it('never ["a.b"]: a single item is a single item', async () => {
    const r = await get('/label/.a/.x,1');
    expect(r.body['path']).toEqual({ list: ['a'], point: { x: 1 } });
  });
});

describe('13.8 __proto__ in content: application/json parameters is refused like in bodies', () => {
  const poison = encodeURIComponent('{"name":"a","__proto__":{"isAdmin":true}}');

  it('query parameter with __proto__ -> 400, handler never runs', async () => {
    const before = s.calls();
    const r = await get(`/content?filter=${poison}`);
    expect(r.status).toBe(400);
    expect(r.body['errors']).toEqual([expect.objectContaining({ in: 'query', pointer: '/filter' })]);
    expect(s.calls()).toBe(before);
  });

  it('header parameter with constructor.prototype -> 400', async () => {
    const r = await get('/content', { 'x-filter': '{"constructor":{"prototype":{"isAdmin":true}}}' });
    expect(r.status).toBe(400);
    expect(r.body['errors']).toEqual([expect.objectContaining({ in: 'header', pointer: '/X-Filter' })]);
  });

  it('clean JSON still arrives parsed', async () => {
    const r = await get(`/content?filter=${encodeURIComponent('{"name":"a"}')}`);
    expect(r.status).toBe(200);
    expect(r.body['query']).toEqual({ filter: { name: 'a' } });
  });
});

describe('a required parameter with a default is still required (OpenAPI 2.0: "default has no meaning for required parameters")', () => {
  it('required query parameter missing -> 400 problem+json at its pointer, handler never runs', async () => {
    const before = s.calls();
    const res = await fetch(`${s.url}/defaults`, { headers: { 'x-mode': 'slow' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body['errors']).toEqual([expect.objectContaining({ in: 'query', pointer: '/status', message: 'is required' })]);
    expect(s.calls()).toBe(before);
  });

  it('required header missing -> 400 at its pointer', async () => {
    const r = await get('/defaults?status=sold');
    expect(r.status).toBe(400);
    expect(r.body['errors']).toEqual([expect.objectContaining({ in: 'header', pointer: '/X-Mode', message: 'is required' })]);
  });

  it('given, they pass; an optional parameter still gets its default', async () => {
    const r = await get('/defaults?status=sold', { 'x-mode': 'slow' });
    expect(r.status).toBe(200);
    expect(r.body['query']).toEqual({ status: 'sold', page: 1 });
  });
});

describe('13.9 non-finite numbers (1e999, Infinity) in parameters are a 400', () => {
  it.each(['/numbers/1e999', '/numbers/1?i=1e999', '/numbers/1?list=1,1e999', '/numbers/-1e400'])('%s', async (path) => {
    const r = await get(path);
    expect(r.status).toBe(400);
  });

  it('large finite numbers still pass', async () => {
    const r = await get('/numbers/1e300?i=12&list=1.5,2e10');
    expect(r.status).toBe(200);
    expect(r.body['path']).toEqual({ n: 1e300 });
    expect(r.body['query']).toEqual({ i: 12, list: [1.5, 2e10] });
  });
});
