import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthError } from '../../../runtime/src/client/index.js';
import type { Clock } from '../../../runtime/src/resilience/types.js';
import type { SecurityRequirement } from '../../../runtime/src/spec.js';
import { TestClient, api, echoRoutes, op, startServer, type TestServer } from './helpers.js';

type Echo = { url: string; headers: Record<string, string | undefined> };

const schemes = {
  basicAuth: { type: 'http', scheme: 'basic' },
  bearerAuth: { type: 'http', scheme: 'bearer' },
  headerKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
  queryKey: { type: 'apiKey', in: 'query', name: 'api_key' },
  cookieKey: { type: 'apiKey', in: 'cookie', name: 'sid' },
  oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: '/token', scopes: { read: '', write: '' } } } },
  oidc: { type: 'openIdConnect', openIdConnectUrl: '/.well-known/openid-configuration' },
} as const;

const secured = (security: SecurityRequirement[], path = '/echo/s') => op({ path, security });

let server: TestServer;
const tokenRequests: Array<{ authorization: string | undefined; body: string }> = [];
let tokenStatus = 200;
let expiresIn: number | undefined = 60;
/** Tokens the API accepts; the newest token only when `onlyLatest`. */
let onlyLatest = false;
let alwaysReject = false;
let apiCalls = 0;

beforeAll(async () => {
  server = await startServer((app) => {
    echoRoutes(app);
    app.post('/token', async (req, reply) => {
      tokenRequests.push({ authorization: req.headers.authorization, body: String(req.body) });
      await new Promise((resolve) => setTimeout(resolve, 20)); // keep concurrent callers waiting on the same request
      if (tokenStatus !== 200) return reply.code(tokenStatus).send({ error: 'invalid_client' });
      return { access_token: `t${tokenRequests.length}`, token_type: 'Bearer', ...(expiresIn === undefined ? {} : { expires_in: expiresIn }) };
    });
    app.get('/.well-known/openid-configuration', async () => ({ issuer: server.url, token_endpoint: `${server.url}/token` }));
    app.get('/protected', async (req, reply) => {
      apiCalls++;
      const latest = `Bearer t${tokenRequests.length}`;
      const auth = req.headers.authorization ?? '';
      if (alwaysReject || !auth.startsWith('Bearer t') || (onlyLatest && auth !== latest)) return reply.code(401).send({ title: 'no' });
      return { auth };
    });
  });
});
afterAll(() => server.close());
beforeEach(() => {
  tokenRequests.length = 0;
  tokenStatus = 200;
  expiresIn = 60;
  onlyLatest = false;
  alwaysReject = false;
  apiCalls = 0;
});

describe('static schemes', () => {
  const spec = api(
    {
      basic: secured([{ basicAuth: [] }]),
      bearer: secured([{ bearerAuth: [] }]),
      header: secured([{ headerKey: [] }]),
      query: secured([{ queryKey: [] }]),
      cookie: secured([{ cookieKey: [] }]),
      open: secured([]),
      either: secured([{ basicAuth: [], headerKey: [] }, { bearerAuth: [] }]),
    },
    { securitySchemes: schemes },
  );
  const run = async (client: TestClient, name: string, req?: object) => (await client.run(name, req)).body as Echo;

  it('http basic: UTF-8 credentials in base64', async () => {
    const client = new TestClient(spec, { baseUrl: server.url, auth: { basic: { username: 'ann', password: 'pä ss' } } });
    const { headers } = await run(client, 'basic');
    expect(headers.authorization).toBe(`Basic ${Buffer.from('ann:pä ss').toString('base64')}`);
  });

  it('http bearer: a string, or a function called per request', async () => {
    expect((await run(new TestClient(spec, { baseUrl: server.url, auth: { bearer: 'abc' } }), 'bearer')).headers.authorization).toBe(
      'Bearer abc',
    );
    let n = 0;
    const client = new TestClient(spec, { baseUrl: server.url, auth: { bearer: async () => `fn${++n}` } });
    expect((await run(client, 'bearer')).headers.authorization).toBe('Bearer fn1');
    expect((await run(client, 'bearer')).headers.authorization).toBe('Bearer fn2');
  });

  it('a failing bearer function is an AuthError', async () => {
    const client = new TestClient(spec, { baseUrl: server.url, auth: { bearer: () => Promise.reject(new Error('vault down')) } });
    await expect(client.run('bearer')).rejects.toMatchObject({ code: 'CG_AUTH', cause: { message: 'vault down' } });
  });

  it('apiKey in header, query and cookie; one key for all or one per scheme', async () => {
    const all = new TestClient(spec, { baseUrl: server.url, auth: { apiKey: 'k 1' } });
    expect((await run(all, 'header')).headers['x-api-key']).toBe('k 1');
    expect((await run(all, 'query')).url).toBe('/echo/s?api_key=k%201');
    expect((await run(all, 'cookie')).headers.cookie).toBe('sid=k%201');
    const perScheme = new TestClient(spec, { baseUrl: server.url, auth: { apiKey: { queryKey: 'q' } } });
    expect((await run(perScheme, 'query', { query: { a: 1 } })).url).toBe('/echo/s?a=1&api_key=q');
    expect((await run(perScheme, 'header')).headers['x-api-key']).toBeUndefined();
  });

  it('security: [] sends nothing even with credentials configured', async () => {
    const client = new TestClient(spec, { baseUrl: server.url, auth: { bearer: 'abc', apiKey: 'k', basic: { username: 'u', password: 'p' } } });
    const { headers, url } = await run(client, 'open');
    expect(headers.authorization).toBeUndefined();
    expect(headers['x-api-key']).toBeUndefined();
    expect(url).toBe('/echo/s');
  });

  it('OR of AND sets: the first requirement whose schemes all have credentials', async () => {
    const both = await run(new TestClient(spec, { baseUrl: server.url, auth: { basic: { username: 'u', password: 'p' }, apiKey: 'k', bearer: 'b' } }), 'either');
    expect(both.headers.authorization).toMatch(/^Basic /);
    expect(both.headers['x-api-key']).toBe('k');
    const partial = await run(new TestClient(spec, { baseUrl: server.url, auth: { basic: { username: 'u', password: 'p' }, bearer: 'b' } }), 'either');
    expect(partial.headers.authorization).toBe('Bearer b');
    expect(partial.headers['x-api-key']).toBeUndefined();
  });

  it('no satisfiable requirement: the request is sent without credentials', async () => {
    const { headers } = await run(new TestClient(spec, { baseUrl: server.url }), 'either');
    expect(headers.authorization).toBeUndefined();
  });
});

describe('OAuth2 client credentials', () => {
  const spec = api(
    {
      read: secured([{ oauth: ['read'] }], '/protected'),
      write: secured([{ oauth: ['write', 'read'] }], '/protected'),
      oidc: secured([{ oidc: [] }], '/protected'),
    },
    { securitySchemes: schemes },
  );
  const oauth2 = { clientId: 'my client', clientSecret: 's3cr:t', scopes: ['base'] };

  it('POSTs grant_type, the scope union and Basic client credentials to the spec tokenUrl', async () => {
    const client = new TestClient(spec, { baseUrl: server.url, auth: { oauth2 } });
    const res = await client.run('read');
    expect(res).toMatchObject({ status: 200, body: { auth: 'Bearer t1' } });
    expect(tokenRequests).toHaveLength(1);
    expect(new URLSearchParams(tokenRequests[0]!.body).get('grant_type')).toBe('client_credentials');
    expect(new URLSearchParams(tokenRequests[0]!.body).get('scope')).toBe('base read');
    expect(tokenRequests[0]!.authorization).toBe(`Basic ${Buffer.from('my+client:s3cr%3At').toString('base64')}`);
  });

  it('caches per scope set; concurrent first calls share one token request', async () => {
    const client = new TestClient(spec, { baseUrl: server.url, auth: { oauth2 } });
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => client.run('read')));
    expect(results.map((r) => (r.body as { auth: string }).auth)).toEqual(Array(5).fill('Bearer t1'));
    expect(tokenRequests).toHaveLength(1);
    await client.run('read');
    expect(tokenRequests).toHaveLength(1);
    await client.run('write');
    expect(tokenRequests).toHaveLength(2);
    expect(new URLSearchParams(tokenRequests[1]!.body).get('scope')).toBe('base read write');
  });

  it('refreshes when now > expiry − expiryMargin (injected clock)', async () => {
    let now = 1_000_000;
    const clock: Clock = { now: () => now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };
    const client = new TestClient(spec, { baseUrl: server.url, clock, auth: { oauth2: { ...oauth2, expiryMargin: 5_000 } } });
    await client.run('read');
    now += 55_000; // exactly expiry − margin: still fresh
    await client.run('read');
    expect(tokenRequests).toHaveLength(1);
    now += 1;
    expect((await client.run('read')).body).toEqual({ auth: 'Bearer t2' });
    expect(tokenRequests).toHaveLength(2);
  });

  it('a 401 from the API refreshes the token and retries once', async () => {
    const client = new TestClient(spec, { baseUrl: server.url, auth: { oauth2 } });
    await client.run('read'); // caches t1
    onlyLatest = true;
    await client.run('write'); // t2 for another scope set: t1 is now rejected
    apiCalls = 0;
    const res = await client.run('read');
    expect(res).toMatchObject({ status: 200, body: { auth: 'Bearer t3' } });
    expect(apiCalls).toBe(2);
    expect(tokenRequests).toHaveLength(3);
  });

  it('retries only once when the API keeps answering 401', async () => {
    alwaysReject = true;
    const client = new TestClient(spec, { baseUrl: server.url, auth: { oauth2 } });
    const res = await client.run('read');
    expect(res.status).toBe(401);
    expect(apiCalls).toBe(2);
    expect(tokenRequests).toHaveLength(2);
  });

  it('a failing token endpoint is an AuthError carrying its status', async () => {
    tokenStatus = 400;
    const client = new TestClient(spec, { baseUrl: server.url, auth: { oauth2 } });
    const error = await client.run('read').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'CG_AUTH', status: 400 });
    expect(apiCalls).toBe(0);
  });

  it('openIdConnect: the token endpoint comes from the discovery document', async () => {
    const client = new TestClient(spec, { baseUrl: server.url, auth: { oauth2 } });
    expect((await client.run('oidc')).body).toEqual({ auth: 'Bearer t1' });
    expect(tokenRequests).toHaveLength(1);
  });

  it('the tokenUrl option overrides the spec', async () => {
    const client = new TestClient(spec, { baseUrl: server.url, auth: { oauth2: { ...oauth2, tokenUrl: `${server.url}/nope` } } });
    await expect(client.run('read')).rejects.toMatchObject({ code: 'CG_AUTH', status: 404 });
    expect(tokenRequests).toHaveLength(0);
  });
});
