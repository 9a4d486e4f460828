/**
 * Authentication on the request side: optional auth must not downgrade a wrong credential to an
 * anonymous call (issue 13.16), online guessing of Basic passwords can be throttled with
 * @fastify/rate-limit (13.16, docs/server.md), and an unconfigured scheme is announced at startup
 * (issue 19) instead of every operation silently answering 401.
 */
import rateLimit from '@fastify/rate-limit';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyRequest } from 'fastify';
import type { ListenerOptions } from '../../runtime/src/server/index.js';
import { api, echoResponse, op, serve, type Served } from './server-request-helpers.js';

const secret = new TextEncoder().encode('a-test-secret-that-is-long-enough-for-hs256');
const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
const schemes = {
  apiKey: { type: 'apiKey' as const, in: 'header' as const, name: 'X-API-Key' },
  basicAuth: { type: 'http' as const, scheme: 'basic' },
  bearerAuth: { type: 'http' as const, scheme: 'bearer' },
  oauth: { type: 'oauth2' as const, flows: { clientCredentials: { tokenUrl: 'https://issuer.test/token', scopes: { write: 'write' } } } },
  unconfigured: { type: 'apiKey' as const, in: 'query' as const, name: 'token' },
};
const get = (name: string, security: Array<Record<string, string[]>>) => op({ operationId: name, method: 'GET', path: `/${name}`, responses: echoResponse, security });
const spec = api(
  {
    optionalKey: get('optionalKey', [{ apiKey: [] }, {}]),
    anonymousFirst: get('anonymousFirst', [{}, { apiKey: [] }]),
    optionalBasic: get('optionalBasic', [{ basicAuth: [] }, {}]),
    optionalBearer: get('optionalBearer', [{ bearerAuth: [] }, {}]),
    optionalScope: get('optionalScope', [{ oauth: ['write'] }, {}]),
    optionalUnconfigured: get('optionalUnconfigured', [{ unconfigured: [] }, {}]),
    keyOrBearer: get('keyOrBearer', [{ apiKey: [] }, { bearerAuth: [] }]),
  },
  { securitySchemes: schemes },
);
const security = {
  apiKey: { keys: ['right-key'] },
  basicAuth: { verify: (user: string, pass: string) => user === 'alice' && pass === 'correct horse' },
  bearerAuth: { jwt: { key: secret, algorithms: ['HS256'] } },
  oauth: { jwt: { key: secret, algorithms: ['HS256'] } },
};
const jwt = (claims: Record<string, unknown> = {}) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(secret);

let s: Served;
beforeAll(async () => {
  s = await serve(spec, { security });
});
afterAll(() => s?.close());

async function call(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown>; challenge: string | null }> {
  const res = await fetch(`${s.url}${path}`, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, challenge: res.headers.get('www-authenticate') };
}

describe('13.16 optional auth ([{apiKey}, {}]): a presented but invalid credential is a 401, not anonymous', () => {
  it('no credential: anonymous, no req.auth', async () => {
    const r = await call('/optionalKey');
    expect(r.status).toBe(200);
    expect(r.body['auth']).toBeUndefined();
  });

  it('a valid key: req.auth is set', async () => {
    const r = await call('/optionalKey', { 'x-api-key': 'right-key' });
    expect(r.status).toBe(200);
    expect(r.body['auth']).toEqual({ scheme: 'apiKey' });
  });

  it('a wrong key: 401 with the challenge, the handler never runs', async () => {
    const before = s.calls();
    const r = await call('/optionalKey', { 'x-api-key': 'guess-1' });
    expect(r.status).toBe(401);
    expect(r.body['detail']).toBe('invalid api key');
    expect(r.challenge).toMatch(/^ApiKey /);
    expect(s.calls()).toBe(before);
  });

  it('{} listed first does not hide a credential: valid -> req.auth, wrong -> 401', async () => {
    expect((await call('/anonymousFirst', { 'x-api-key': 'right-key' })).body['auth']).toEqual({ scheme: 'apiKey' });
    expect((await call('/anonymousFirst', { 'x-api-key': 'nope' })).status).toBe(401);
    expect((await call('/anonymousFirst')).status).toBe(200);
  });

  it('a wrong Basic password, a forged bearer token, a malformed Basic header: 401', async () => {
    expect((await call('/optionalBasic', { authorization: basic('alice', 'wrong') })).status).toBe(401);
    expect((await call('/optionalBasic', { authorization: 'Basic bm9jb2xvbg==' })).status).toBe(401);
    expect((await call('/optionalBearer', { authorization: `Bearer ${await jwt()}x` })).status).toBe(401);
    expect((await call('/optionalBasic', { authorization: basic('alice', 'correct horse') })).body['auth']).toEqual({ scheme: 'basicAuth', user: 'alice' });
  });

  it('a credential for a scheme with no handler cannot be checked: 401 (fails closed), none: anonymous', async () => {
    expect((await call('/optionalUnconfigured?token=abc')).status).toBe(401);
    expect((await call('/optionalUnconfigured')).status).toBe(200);
  });

  it('a valid token lacking the scope is not invalid: the anonymous alternative admits it, without req.auth', async () => {
    const r = await call('/optionalScope', { authorization: `Bearer ${await jwt({ scope: 'read' })}` });
    expect(r.status).toBe(200);
    expect(r.body['auth']).toBeUndefined();
    expect((await call('/optionalScope', { authorization: `Bearer ${await jwt({ scope: 'write' })}` })).body['auth']).toMatchObject({ scheme: 'oauth' });
  });

  it('without {} nothing changes: one valid alternative is enough even if another credential is wrong', async () => {
    expect((await call('/keyOrBearer', { 'x-api-key': 'wrong', authorization: `Bearer ${await jwt()}` })).status).toBe(200);
    expect((await call('/keyOrBearer', { 'x-api-key': 'wrong' })).status).toBe(401);
  });
});

describe('13.16 online guessing of Basic passwords: throttled with @fastify/rate-limit (docs/server.md)', () => {
  it('past the limit a guess gets a 429 problem and never reaches verify', async () => {
    let verified = 0;
    const guarded = await serve(
      api({ secret: get('secret', [{ basicAuth: [] }]) }, { securitySchemes: schemes }),
      {
        security: {
          basicAuth: {
            verify: (_user: string, pass: string, _req: FastifyRequest) => {
              verified++;
              return pass === 'correct horse';
            },
          },
        },
      },
      {},
      undefined,
      async (app) => {
        // As docs/server.md shows: an app-level onRequest hook runs before the routes' own hooks,
        // where the runtime checks credentials (global: true would append a route-level hook that
        // runs after the runtime's 401 and never counts a failed guess).
        await app.register(rateLimit, { global: false });
        app.addHook('onRequest', app.rateLimit({ max: 3, timeWindow: '1 minute' }));
      },
    );
    try {
      const statuses: number[] = [];
      for (const guess of ['a', 'b', 'c', 'd', 'e']) {
        const res = await fetch(`${guarded.url}/secret`, { headers: { authorization: basic('alice', guess) } });
        statuses.push(res.status);
        if (res.status === 429) {
          expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
          expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
          expect(((await res.json()) as { status: number }).status).toBe(429);
        } else await res.arrayBuffer();
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      expect(verified).toBe(3);
    } finally {
      await guarded.close();
    }
  });
});

describe('19 register() warns once at startup about each scheme used without a handler', () => {
  const two = api(
    {
      a: get('a', [{ apiKey: [] }]),
      b: get('b', [{ apiKey: [] }, { unconfigured: [] }]),
      c: get('c', [{ ghost: [] }]),
      d: get('d', []),
    },
    { securitySchemes: { apiKey: schemes.apiKey, unconfigured: schemes.unconfigured, basicAuth: schemes.basicAuth } },
  );

  it('on the app logger: one line per unconfigured scheme, naming the operations and the option', async () => {
    const lines: Array<{ level: number; msg: string; scheme?: string }> = [];
    const served = await serve(two, { security: { apiKey: { keys: ['k'] } } }, { logger: { level: 'warn', stream: { write: (l: string) => void lines.push(JSON.parse(l)) } } });
    await served.close();
    const warnings = lines.filter((l) => l.level === 40);
    expect(warnings.map((w) => w.scheme).sort()).toEqual(['ghost', 'unconfigured']);
    expect(warnings.find((w) => w.scheme === 'unconfigured')?.msg).toBe(
      'contractgen: security scheme unconfigured has no handler in options.security (security.unconfigured); b answer 401 until it is configured',
    );
    expect(warnings.find((w) => w.scheme === 'ghost')?.msg).toMatch(/ghost is used by c but not declared in the spec/);
    expect(warnings.some((w) => w.scheme === 'basicAuth')).toBe(false); // declared but used by no operation
  });

  const sink = { write: () => undefined };
  it.each<[string, ListenerOptions, number]>([
    ['logger: false', { logger: false }, 2],
    ["logger level 'error' (warn lines dropped)", { logger: { level: 'error', stream: sink } }, 2],
    ["logger level 'warn' (the line is logged: no process warning)", { logger: { level: 'warn', stream: sink } }, 0],
  ])('%s: process warnings CG_SECURITY_UNCONFIGURED only where the log line would be lost', async (_name, listenerOptions, expected) => {
    const seen: Array<{ code?: string; message: string }> = [];
    const listener = (w: Error & { code?: string }) => void seen.push({ message: w.message, ...(w.code !== undefined ? { code: w.code } : {}) });
    process.on('warning', listener);
    try {
      const served = await serve(two, { security: { apiKey: { keys: ['k'] } } }, listenerOptions);
      await served.close();
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', listener);
    }
    const ours = seen.filter((w) => w.code === 'CG_SECURITY_UNCONFIGURED');
    expect(ours).toHaveLength(expected);
    if (expected > 0) expect(ours.map((w) => w.message).join('\n')).toMatch(/security scheme unconfigured has no handler/);
  });
});
