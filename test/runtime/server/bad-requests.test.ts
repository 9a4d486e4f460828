import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListener, registerOperations, type Handler, type Listener } from '../../../runtime/src/server/index.js';
import { petstore } from './fixtures/petstore.js';

let server: Listener;
let handled = 0;
const handler: Handler = async () => {
  handled++;
  return { status: 201, body: { id: 1, name: 'x' } };
};
const handlers = Object.fromEntries(Object.keys(petstore.operations).map((k) => [k, handler]));
const auth = { authorization: 'Bearer good' };

beforeAll(async () => {
  server = await createListener({ bodyLimit: 64 * 1024 }, (app) =>
    registerOperations(app, petstore, handlers, { security: { bearerAuth: { verify: (t: string) => t === 'good' } } }),
  );
});
afterAll(async () => {
  await server?.close();
});

const deep = (n: number) => '{"owner":'.repeat(1) + '{"a":'.repeat(n) + '1' + '}'.repeat(n) + ',"name":"deep"}';

const cases: Array<[string, { method?: string; url?: string; headers?: Record<string, string>; body?: string }, number]> = [
  ['wrong type', { body: '{"name": 5}' }, 400],
  ['missing required', { body: '{"tag": "x"}' }, 400],
  ['unknown enum value', { body: '{"name": "a", "status": "eaten"}' }, 400],
  ['null for a non-nullable', { body: '{"name": null}' }, 400],
  ['malformed JSON', { body: '{"name": ' }, 400],
  ['trailing garbage', { body: '{"name":"a"} x' }, 400],
  ['empty JSON body', { body: '' }, 400],
  ['array instead of object', { body: '[]' }, 400],
  ['__proto__ payload', { body: '{"name":"a","__proto__":{"polluted":"yes"}}' }, 400],
  ['constructor.prototype payload', { body: '{"name":"a","constructor":{"prototype":{"polluted":"yes"}}}' }, 400],
  ['nested __proto__', { body: '{"name":"a","owner":{"__proto__":{"polluted":"yes"}}}' }, 400],
  ['wrong content type', { headers: { 'content-type': 'text/plain' }, body: '{"name":"a"}' }, 415],
  ['no content type', { headers: { 'content-type': '' }, body: '{"name":"a"}' }, 415],
  ['multipart to a JSON operation', { headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--' }, 415],
  ['oversize body', { body: JSON.stringify({ name: 'x'.repeat(70 * 1024) }) }, 413],
  ['huge integer', { method: 'GET', url: '/pets?limit=99999999999999999999' }, 400],
  ['limit below minimum', { method: 'GET', url: '/pets?limit=0' }, 400],
  ['path param not an integer', { method: 'GET', url: '/pets/1.5', headers: { 'x-api-key': 'k' } }, 401],
  ['unknown path', { method: 'GET', url: '/pets/1/toys' }, 404],
  ['wrong method', { method: 'PATCH', url: '/pets' }, 405],
  ['bad Accept', { method: 'GET', url: '/pets', headers: { accept: 'image/png' } }, 406],
  ['percent-encoding garbage', { method: 'GET', url: '/pets?limit=%E0%A4%A' }, 400],
];

describe('bad-request matrix', () => {
  it.each(cases)('%s -> %i problem+json', async (_name, c, status) => {
    const before = handled;
    const res = await server.inject({
      method: (c.method ?? 'POST') as 'POST',
      url: c.url ?? '/pets',
      headers: { 'content-type': 'application/json', ...auth, ...c.headers },
      ...(c.body !== undefined ? { payload: c.body } : {}),
    });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const p = JSON.parse(res.body) as { status: number; type: string; title: string };
    expect(p.status).toBe(status);
    expect(typeof p.type).toBe('string');
    expect(res.body).not.toMatch(/ at |node_modules|\.js:\d/);
    expect(handled).toBe(before);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('200-deep nesting is handled (validated, not a crash)', async () => {
    const res = await server.inject({ method: 'POST', url: '/pets', headers: { 'content-type': 'application/json', ...auth }, payload: deep(200) });
    expect(res.statusCode).toBe(201);
    const bad = await server.inject({ method: 'POST', url: '/pets', headers: { 'content-type': 'application/json', ...auth }, payload: deep(200).replace('"deep"', '7') });
    expect(bad.statusCode).toBe(400);
  });

  it('prototype pollution through query objects and cookies is impossible', async () => {
    await fetch(`${server.url}/pets?__proto__[polluted]=1&constructor[prototype][polluted]=1`);
    await fetch(`${server.url}/pets/1`, { headers: { cookie: '__proto__=x; key=y' } });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('the server is still up after the matrix, over real HTTP', async () => {
    const res = await fetch(`${server.url}/pets`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: '{"name":"ok"}' });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: 1, name: 'x' });
  });
});
