/**
 * Issue 15: an undeclared OPTIONS on a known path answers 204 with Allow (a CORS preflight with
 * `cors` on); the `default` handler option on register() (off by default) answers the methods the
 * spec does not declare on a known path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DefaultHandler, DefaultRequest } from '../../../runtime/src/server/index.js';
import { api, echoResponse, op, param, serve, type Served } from '../../security/server-request-helpers.js';

const spec = api({
  listPets: op({ operationId: 'listPets', method: 'GET', path: '/pets', responses: echoResponse }),
  addPet: op({ operationId: 'addPet', method: 'POST', path: '/pets', responses: echoResponse }),
  getPet: op({ operationId: 'getPet', method: 'GET', path: '/pets/{id}', parameters: [param({ name: 'id', in: 'path' })], responses: echoResponse }),
});

describe('undeclared OPTIONS', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve(spec);
  });
  afterAll(() => served.close());

  it('answers 204 with Allow listing the path’s methods (HEAD from GET, OPTIONS itself)', async () => {
    const res = await fetch(`${served.url}/pets`, { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
    expect(await res.text()).toBe('');
    const one = await fetch(`${served.url}/pets/7`, { method: 'OPTIONS' });
    expect([one.status, one.headers.get('allow')]).toEqual([204, 'GET, HEAD, OPTIONS']);
  });

  it('other undeclared methods stay 405 with the same Allow; the default handler is off', async () => {
    const res = await fetch(`${served.url}/pets`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
    expect(served.calls()).toBe(0);
  });

  it('an unknown path is still 404', async () => {
    expect((await fetch(`${served.url}/cats`, { method: 'OPTIONS' })).status).toBe(404);
  });
});

describe('undeclared OPTIONS with cors on', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve(spec, {}, { cors: { origin: 'https://app.test' } });
  });
  afterAll(() => served.close());

  it('a CORS preflight gets the CORS answer', async () => {
    const res = await fetch(`${served.url}/pets/7`, { method: 'OPTIONS', headers: { origin: 'https://app.test', 'access-control-request-method': 'GET' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.test');
    expect(res.headers.get('access-control-allow-methods')).toContain('GET');
  });

  it('an OPTIONS that is not a preflight (no Access-Control-Request-Method) reaches the route: 204 + Allow, with CORS headers', async () => {
    const res = await fetch(`${served.url}/pets/7`, { method: 'OPTIONS', headers: { origin: 'https://app.test' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.test');
  });
});

describe('the default handler', () => {
  let served: Served;
  const got: DefaultRequest[] = [];
  const catchAll: DefaultHandler = (req) => {
    got.push(req);
    if (req.method === 'DELETE') return { status: 202, body: { accepted: req.path, q: req.query } };
    if (req.method === 'PUT') return { status: 200, body: req.body?.toString('utf8') ?? '' };
    return { status: 418, headers: { 'X-Teapot': ['short', 'stout'] } };
  };
  beforeAll(async () => {
    served = await serve(spec, { default: catchAll });
  });
  afterAll(() => served.close());

  it('answers methods the spec does not declare on a known path, as given', async () => {
    const del = await fetch(`${served.url}/pets/7?force=1&force=2&why=old`, { method: 'DELETE' });
    expect(del.status).toBe(202);
    expect(del.headers.get('content-type')).toBe('application/json');
    expect(await del.json()).toEqual({ accepted: '/pets/7', q: { force: ['1', '2'], why: 'old' } });
    const put = await fetch(`${served.url}/pets/7`, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'renamed' });
    expect([put.status, await put.text(), put.headers.get('content-type')]).toEqual([200, 'renamed', 'text/plain; charset=utf-8']);
    const options = await fetch(`${served.url}/pets`, { method: 'OPTIONS' });
    expect(options.status).toBe(418);
    expect(options.headers.get('x-teapot')).toBe('short, stout');
    expect(got.map((r) => r.method)).toEqual(['DELETE', 'PUT', 'OPTIONS']);
  });

  it('declared operations and unknown paths are untouched', async () => {
    got.length = 0;
    expect((await fetch(`${served.url}/pets/7`)).status).toBe(200);
    expect((await fetch(`${served.url}/dogs`, { method: 'DELETE' })).status).toBe(404);
    expect(got).toEqual([]);
  });
});
