import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListener, registerOperations, type Handler, type Listener } from '../../../runtime/src/server/index.js';
import { prototypeIsClean } from '../../robustness/helpers.js';
import { petstore } from './fixtures/petstore.js';

let server: Listener;
let handled = 0;
let received: { operation: string; req: Record<string, unknown> } | undefined;
const handler: Handler = async () => {
  handled++;
  return { status: 201, body: { id: 1, name: 'x' } };
};
const handlers: Record<string, Handler> = {
  ...Object.fromEntries(Object.keys(petstore.operations).map((k) => [k, handler])),
  async listPets(req) {
    received = { operation: 'listPets', req };
    return { status: 200, body: [], headers: { 'X-Total': 0 } };
  },
  async getPet(req) {
    received = { operation: 'getPet', req };
    return { status: 200, body: { id: 1, name: 'x' } };
  },
};
const auth = { authorization: 'Bearer good' };
/** The request the last listPets/getPet handler saw (then forgotten). */
function takeReceived(): typeof received {
  const r = received;
  received = undefined;
  return r;
}

beforeAll(async () => {
  server = await createListener({ bodyLimit: 64 * 1024 }, (app) =>
    registerOperations(app, petstore, handlers, {
      security: { bearerAuth: { verify: (t: string) => t === 'good' }, apiKeyHeader: { keys: ['k'] }, apiKeyCookie: { keys: ['y'] } },
    }),
  );
});
afterAll(async () => {
  await server?.close();
});

const deep = (n: number) => '{"owner":'.repeat(1) + '{"a":'.repeat(n) + '1' + '}'.repeat(n) + ',"name":"deep"}';

interface Case {
  name: string;
  req: { method?: string; url?: string; headers?: Record<string, string>; body?: string };
  status: number;
  /** For a validation failure: where the field error points. */
  at?: { in: 'body' | 'query' | 'path'; pointer: string };
}

const cases: Case[] = [
  { name: 'wrong type', req: { body: '{"name": 5}' }, status: 400, at: { in: 'body', pointer: '/name' } },
  { name: 'missing required', req: { body: '{"tag": "x"}' }, status: 400, at: { in: 'body', pointer: '/name' } },
  { name: 'unknown enum value', req: { body: '{"name": "a", "status": "eaten"}' }, status: 400, at: { in: 'body', pointer: '/status' } },
  { name: 'null for a non-nullable', req: { body: '{"name": null}' }, status: 400, at: { in: 'body', pointer: '/name' } },
  { name: 'malformed JSON', req: { body: '{"name": ' }, status: 400 },
  { name: 'trailing garbage', req: { body: '{"name":"a"} x' }, status: 400 },
  { name: 'empty JSON body', req: { body: '' }, status: 400 },
  { name: 'array instead of object', req: { body: '[]' }, status: 400, at: { in: 'body', pointer: '' } },
  { name: '__proto__ payload', req: { body: '{"name":"a","__proto__":{"polluted":"yes"}}' }, status: 400 },
  { name: 'constructor.prototype payload', req: { body: '{"name":"a","constructor":{"prototype":{"polluted":"yes"}}}' }, status: 400 },
  { name: 'nested __proto__', req: { body: '{"name":"a","owner":{"__proto__":{"polluted":"yes"}}}' }, status: 400 },
  { name: 'wrong content type', req: { headers: { 'content-type': 'text/plain' }, body: '{"name":"a"}' }, status: 415 },
  { name: 'no content type', req: { headers: { 'content-type': '' }, body: '{"name":"a"}' }, status: 415 },
  { name: 'multipart to a JSON operation', req: { headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--' }, status: 415 },
  { name: 'oversize body', req: { body: JSON.stringify({ name: 'x'.repeat(70 * 1024) }) }, status: 413 },
  { name: 'huge integer', req: { method: 'GET', url: '/pets?limit=99999999999999999999' }, status: 400, at: { in: 'query', pointer: '/limit' } },
  { name: 'limit below minimum', req: { method: 'GET', url: '/pets?limit=0' }, status: 400, at: { in: 'query', pointer: '/limit' } },
  // authenticated (apiKeyHeader is configured), so path validation is what answers
  { name: 'path param not an integer', req: { method: 'GET', url: '/pets/1.5', headers: { 'x-api-key': 'k' } }, status: 400, at: { in: 'path', pointer: '/petId' } },
  { name: 'wrong API key (auth before path)', req: { method: 'GET', url: '/pets/1.5', headers: { 'x-api-key': 'wrong' } }, status: 401 },
  { name: 'unknown path', req: { method: 'GET', url: '/pets/1/toys' }, status: 404 },
  { name: 'wrong method', req: { method: 'PATCH', url: '/pets' }, status: 405 },
  { name: 'bad Accept', req: { method: 'GET', url: '/pets', headers: { accept: 'image/png' } }, status: 406 },
  { name: 'percent-encoding garbage', req: { method: 'GET', url: '/pets?limit=%E0%A4%A' }, status: 400 },
];

describe('bad-request matrix', () => {
  it.each(cases)('$name -> $status problem+json', async ({ req, status, at }) => {
    const before = { handled, received };
    const res = await server.inject({
      method: (req.method ?? 'POST') as 'POST',
      url: req.url ?? '/pets',
      headers: { 'content-type': 'application/json', ...auth, ...req.headers },
      ...(req.body !== undefined ? { payload: req.body } : {}),
    });
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const p = JSON.parse(res.body) as { status: number; type: string; title: string; errors?: Array<{ in: string; pointer: string }> };
    expect(p.status).toBe(status);
    expect(typeof p.type).toBe('string');
    if (at) expect(p.errors, res.body).toEqual(expect.arrayContaining([expect.objectContaining(at)]));
    expect(res.body).not.toMatch(/ at |node_modules|\.js:\d/);
    expect({ handled, received }).toEqual(before); // no handler ran
    expect(prototypeIsClean()).toBe(true);
  });

  it('200-deep nesting is handled (validated, not a crash)', async () => {
    const res = await server.inject({ method: 'POST', url: '/pets', headers: { 'content-type': 'application/json', ...auth }, payload: deep(200) });
    expect(res.statusCode).toBe(201);
    const bad = await server.inject({ method: 'POST', url: '/pets', headers: { 'content-type': 'application/json', ...auth }, payload: deep(200).replace('"deep"', '7') });
    expect(bad.statusCode).toBe(400);
  });

  it('prototype pollution through query objects and cookies is impossible', async () => {
    const query = await fetch(`${server.url}/pets?__proto__[polluted]=1&constructor[prototype][polluted]=1&limit=5`);
    expect(query.status, await query.text()).toBe(200);
    const listed = takeReceived();
    expect(listed?.operation).toBe('listPets');
    expect(listed?.req['query']).toEqual({ limit: 5 }); // undeclared keys never reach the handler
    expect(Object.getPrototypeOf(listed?.req['query'])).toBe(Object.prototype);

    const cookie = await fetch(`${server.url}/pets/1`, { headers: { cookie: '__proto__=x; constructor=y; key=y' } });
    expect(cookie.status, await cookie.text()).toBe(200); // the apiKey cookie is still read
    expect(takeReceived()?.operation).toBe('getPet');
    expect(prototypeIsClean()).toBe(true);
  });

  it('the server is still up after the matrix, over real HTTP', async () => {
    const res = await fetch(`${server.url}/pets`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: '{"name":"ok"}' });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: 1, name: 'x' });
  });
});
