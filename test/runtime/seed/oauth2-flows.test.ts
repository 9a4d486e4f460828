/**
 * Issue 17.2: OAuth2 token flows beyond client credentials — a custom token request
 * (Flink's `security.oidc.token.request`), refresh tokens, and the client authentication
 * methods client_secret_basic, client_secret_post and private_key_jwt. The token endpoint
 * below checks what RFC 6749 and RFC 7523 require of the client (and verifies assertions
 * with jose), on 127.0.0.1; the API beside it echoes the bearer token it got.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as jose from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, InvalidOptionsError, type OAuth2Options } from '../../../runtime/src/client/index.js';
import type { Clock } from '../../../runtime/src/resilience/types.js';
import { TestClient, api, op } from '../client/helpers.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

interface Registered {
  secret?: string;
  key?: CryptoKey;
  method: 'basic' | 'post' | 'jwt' | 'none';
}
interface TokenCall {
  method: Registered['method'];
  clientId: string;
  form: URLSearchParams;
  assertion?: (jose.JWTPayload & { header: jose.ProtectedHeaderParameters }) | undefined;
}

const clients = new Map<string, Registered>();
const calls: TokenCall[] = [];
const usedJti = new Set<string>();
const refreshTokens = new Map<string, string>(); // refresh token → client id
let issueRefresh = true;
let expiresIn = 60;
let issued = 0;
let server: Server;
let base: string;

/** RFC 6749 §2.3.1: the Basic user-id and password are form-urlencoded first. */
const formDecode = (text: string): string => new URLSearchParams(`x=${text}`).get('x')!;

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

type Answer = { status: number; body: Record<string, unknown> };
const oauthError = (status: number, error: string): Answer => ({ status, body: { error } });

/** The client authentication of RFC 6749 §2.3 / RFC 7523 §3: exactly one method. */
async function authenticate(req: IncomingMessage, form: URLSearchParams): Promise<{ clientId: string; method: Registered['method']; assertion?: TokenCall['assertion'] } | Answer> {
  const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
  const used = [basic !== null, form.has('client_secret'), form.has('client_assertion')].filter(Boolean).length;
  if (used > 1) return oauthError(400, 'invalid_request'); // §2.3: MUST NOT use more than one method
  if (basic !== null) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const [id, secret] = [formDecode(decoded.slice(0, colon)), formDecode(decoded.slice(colon + 1))];
    const client = clients.get(id);
    return client?.method === 'basic' && client.secret === secret ? { clientId: id, method: 'basic' } : oauthError(401, 'invalid_client');
  }
  if (form.has('client_secret')) {
    const id = form.get('client_id') ?? '';
    const client = clients.get(id);
    return client?.method === 'post' && client.secret === form.get('client_secret') ? { clientId: id, method: 'post' } : oauthError(401, 'invalid_client');
  }
  if (form.has('client_assertion')) {
    if (form.get('client_assertion_type') !== ASSERTION_TYPE) return oauthError(400, 'invalid_request');
    const token = form.get('client_assertion')!;
    const id = jose.decodeJwt(token).iss ?? '';
    const client = clients.get(id);
    if (client?.method !== 'jwt' || (form.has('client_id') && form.get('client_id') !== id)) return oauthError(401, 'invalid_client');
    try {
      // RFC 7523 §3: iss and sub the client id, aud the token endpoint, exp required; jti once only
      const { payload, protectedHeader } = await jose.jwtVerify(token, client.key!, {
        issuer: id,
        subject: id,
        audience: `${base}/token`,
        requiredClaims: ['exp', 'jti'],
      });
      if (usedJti.has(payload.jti!)) return oauthError(401, 'invalid_client');
      usedJti.add(payload.jti!);
      return { clientId: id, method: 'jwt', assertion: { ...payload, header: protectedHeader } };
    } catch {
      return oauthError(401, 'invalid_client');
    }
  }
  const id = form.get('client_id');
  if (id === null) return oauthError(401, 'invalid_client');
  return clients.get(id)?.method === 'none' ? { clientId: id, method: 'none' } : oauthError(401, 'invalid_client');
}

async function tokenEndpoint(req: IncomingMessage): Promise<Answer> {
  if (req.method !== 'POST' || req.headers['content-type']?.split(';')[0] !== 'application/x-www-form-urlencoded') return oauthError(400, 'invalid_request');
  const form = new URLSearchParams(await readBody(req));
  const client = await authenticate(req, form);
  if ('status' in client) return client;
  calls.push({ ...client, form });
  const grant = form.get('grant_type');
  if (grant === 'refresh_token') {
    const owner = refreshTokens.get(form.get('refresh_token') ?? '');
    if (owner !== client.clientId) return oauthError(400, 'invalid_grant');
    refreshTokens.delete(form.get('refresh_token')!); // rotation: each refresh token is used once
  } else if (grant === 'password') {
    if (form.get('username') !== 'alice' || form.get('password') !== 'wonder land&=') return oauthError(400, 'invalid_grant');
  } else if (grant !== 'client_credentials') return oauthError(400, 'unsupported_grant_type');
  issued++;
  const body: Record<string, unknown> = { access_token: `at${issued}`, token_type: 'Bearer', expires_in: expiresIn };
  if (issueRefresh) {
    body['refresh_token'] = `rt${issued}`;
    refreshTokens.set(`rt${issued}`, client.clientId);
  }
  await new Promise((resolve) => setTimeout(resolve, 20)); // concurrent callers wait on one request
  return { status: 200, body };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const send = ({ status, body }: Answer): void => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
    };
    if (req.url === '/token') void tokenEndpoint(req).then(send);
    else send({ status: 200, body: { auth: req.headers.authorization ?? null } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  clients.clear();
  calls.length = 0;
  refreshTokens.clear();
  issueRefresh = true;
  expiresIn = 60;
});

const spec = api(
  {
    read: op({ path: '/api', security: [{ oauth: ['read'] }] }),
    login: op({ path: '/api', security: [{ pw: [] }] }),
  },
  {
    securitySchemes: {
      oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: '/token', scopes: { read: '' } } } },
      // only a password flow: a custom token request uses its token URL
      pw: { type: 'oauth2', flows: { password: { tokenUrl: '/token', scopes: {} } } },
    },
  },
);
const client = (oauth2: OAuth2Options, clock?: Clock) => new TestClient(spec, { baseUrl: base, auth: { oauth2 }, ...(clock ? { clock } : {}) });
const bearer = async (c: TestClient, name = 'read') => ((await c.run(name)).body as { auth: string }).auth;
function testClock(): Clock & { advance(ms: number): void } {
  let now = Date.now();
  return { now: () => now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), advance: (ms) => void (now += ms) };
}

describe('client authentication methods', () => {
  it('client_secret_basic (the default): id and secret form-urlencoded, then Basic (RFC 6749 §2.3.1)', async () => {
    clients.set('my client:1', { method: 'basic', secret: 'p@ss:wörd+/%' });
    const c = client({ clientId: 'my client:1', clientSecret: 'p@ss:wörd+/%' });
    expect(await bearer(c)).toBe('Bearer at' + issued);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'basic', clientId: 'my client:1' });
    expect(calls[0]!.form.get('grant_type')).toBe('client_credentials');
    expect(calls[0]!.form.has('client_secret')).toBe(false);
  });

  it('client_secret_post: client_id and client_secret in the body, no Authorization header', async () => {
    clients.set('poster', { method: 'post', secret: 's3cr3t&x=1' });
    const c = client({ clientId: 'poster', clientSecret: 's3cr3t&x=1', clientAuth: 'client_secret_post' });
    expect(await bearer(c)).toMatch(/^Bearer at\d+$/);
    expect(calls[0]).toMatchObject({ method: 'post', clientId: 'poster' });
    expect(calls[0]!.form.get('scope')).toBe('read');
  });

  it('a wrong secret is an AuthError with the endpoint status (invalid_client)', async () => {
    clients.set('poster', { method: 'post', secret: 'right' });
    const error = await client({ clientId: 'poster', clientSecret: 'wrong', clientAuth: 'client_secret_post' }).run('read').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ status: 401 });
  });

  it('private_key_jwt: an RFC 7523 assertion (iss, sub, aud, exp, jti) the endpoint verifies with the public key', async () => {
    const { publicKey, privateKey } = await jose.generateKeyPair('ES256');
    clients.set('signer', { method: 'jwt', key: publicKey });
    const clock = testClock();
    const c = client({ clientId: 'signer', clientAuth: { method: 'private_key_jwt', privateKey, algorithm: 'ES256', keyId: 'k1', lifetime: 30 } }, clock);
    expect(await bearer(c)).toMatch(/^Bearer at\d+$/);
    clock.advance(61_000); // expired: a new token, a new assertion (a replayed jti is refused)
    expect(await bearer(c)).toMatch(/^Bearer at\d+$/);
    expect(calls.map((call) => call.method)).toEqual(['jwt', 'jwt']);
    const [first, second] = calls.map((call) => call.assertion!);
    expect(first!.header).toMatchObject({ alg: 'ES256', kid: 'k1', typ: 'JWT' });
    expect(first!.exp! - first!.iat!).toBe(30);
    expect(first!.jti).not.toBe(second!.jti);
    expect(calls[1]!.form.get('grant_type')).toBe('refresh_token'); // authenticated the same way
  });

  it('private_key_jwt with a PKCS#8 PEM and with a JWK (alg from the JWK)', async () => {
    const { publicKey, privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
    clients.set('pem', { method: 'jwt', key: publicKey });
    clients.set('jwk', { method: 'jwt', key: publicKey });
    const pem = await jose.exportPKCS8(privateKey);
    const jwk = { ...(await jose.exportJWK(privateKey)), alg: 'RS256' };
    expect(await bearer(client({ clientId: 'pem', clientAuth: { method: 'private_key_jwt', privateKey: pem } }))).toMatch(/^Bearer /);
    expect(await bearer(client({ clientId: 'jwk', clientAuth: { method: 'private_key_jwt', privateKey: jwk } }))).toMatch(/^Bearer /);
    expect(calls.map((call) => [call.clientId, call.method, call.assertion?.header.alg])).toEqual([
      ['pem', 'jwt', 'RS256'],
      ['jwk', 'jwt', 'RS256'],
    ]);
  });

  it('private_key_jwt signed by a key the endpoint does not know is refused', async () => {
    const registered = await jose.generateKeyPair('ES256');
    const other = await jose.generateKeyPair('ES256');
    clients.set('signer', { method: 'jwt', key: registered.publicKey });
    const c = client({ clientId: 'signer', clientAuth: { method: 'private_key_jwt', privateKey: other.privateKey, algorithm: 'ES256' } });
    await expect(c.run('read')).rejects.toMatchObject({ code: 'CG_AUTH', status: 401 });
  });

  it('inconsistent options are InvalidOptionsError at construction', () => {
    expect(() => client({ clientId: 'x', clientAuth: 'client_secret_post' })).toThrow(InvalidOptionsError);
    expect(() => client({ clientSecret: 'x' })).toThrow(/auth\.oauth2\.clientId/);
    expect(() => client({ clientId: 'x', clientAuth: 'client_secret_jwt' as never })).toThrow(/clientAuth/);
    expect(() => client({ clientId: 'x', tokenRequest: 'username=a' })).toThrow(/grant_type/);
  });
});

describe('refresh tokens', () => {
  it('an expired token is renewed with its refresh_token; a rotated one replaces it (RFC 6749 §6)', async () => {
    clients.set('app', { method: 'basic', secret: 's' });
    const clock = testClock();
    const c = client({ clientId: 'app', clientSecret: 's' }, clock);
    const first = await bearer(c);
    clock.advance(60_000); // expiry − margin (1 s) passed
    const second = await bearer(c);
    clock.advance(60_000);
    const third = await bearer(c);
    expect(new Set([first, second, third]).size).toBe(3);
    expect(calls.map((call) => call.form.get('grant_type'))).toEqual(['client_credentials', 'refresh_token', 'refresh_token']);
    const [, r1, r2] = calls.map((call) => call.form.get('refresh_token'));
    expect(r1).toMatch(/^rt\d+$/);
    expect(r2).not.toBe(r1); // the new refresh token, not the used one (the server would refuse it)
    expect(calls[1]!.form.has('scope')).toBe(false); // the scope originally granted
    expect(calls.every((call) => call.method === 'basic')).toBe(true);
  });

  it('a refused refresh (invalid_grant) falls back to the original grant', async () => {
    clients.set('app', { method: 'basic', secret: 's' });
    const clock = testClock();
    const c = client({ clientId: 'app', clientSecret: 's' }, clock);
    await bearer(c);
    refreshTokens.clear(); // revoked
    clock.advance(60_000);
    expect(await bearer(c)).toMatch(/^Bearer at\d+$/);
    expect(calls.map((call) => call.form.get('grant_type'))).toEqual(['client_credentials', 'refresh_token', 'client_credentials']);
  });

  it('refreshTokens: false always uses the original grant', async () => {
    clients.set('app', { method: 'basic', secret: 's' });
    const clock = testClock();
    const c = client({ clientId: 'app', clientSecret: 's', refreshTokens: false }, clock);
    await bearer(c);
    clock.advance(60_000);
    await bearer(c);
    expect(calls.map((call) => call.form.get('grant_type'))).toEqual(['client_credentials', 'client_credentials']);
  });
});

describe('custom token request (Flink security.oidc.token.request)', () => {
  it('the user form body is the grant (password), cached, shared by concurrent callers, client auth added', async () => {
    clients.set('app', { method: 'basic', secret: 's' });
    issueRefresh = false;
    const c = client({ clientId: 'app', clientSecret: 's', tokenRequest: 'grant_type=password&username=alice&password=wonder+land%26%3D' });
    const tokens = await Promise.all([1, 2, 3, 4].map(() => bearer(c, 'login')));
    expect(new Set(tokens).size).toBe(1);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('basic');
    expect([...calls[0]!.form.keys()].sort()).toEqual(['grant_type', 'password', 'username']);
    await bearer(c, 'login');
    expect(calls).toHaveLength(1);
  });

  it('a body carrying client_id and client_secret itself (Flink style) needs no clientId option', async () => {
    clients.set('flink', { method: 'post', secret: 'secret' });
    const c = client({ tokenRequest: { grant_type: 'client_credentials', client_id: 'flink', client_secret: 'secret' } });
    expect(await bearer(c)).toMatch(/^Bearer at\d+$/);
    expect(calls[0]).toMatchObject({ method: 'post', clientId: 'flink' });
    expect(calls[0]!.form.get('scope')).toBe('read'); // the operation's scopes, as the body names none
  });

  it('a function is called for each token request; the expiry margin applies', async () => {
    clients.set('app', { method: 'post', secret: 's' });
    issueRefresh = false;
    const clock = testClock();
    let built = 0;
    const tokenRequest = () => {
      built++;
      return new URLSearchParams({ grant_type: 'client_credentials', scope: 'custom' });
    };
    const c = client({ clientId: 'app', clientSecret: 's', clientAuth: 'client_secret_post', tokenRequest, expiryMargin: 10_000 }, clock);
    await bearer(c);
    clock.advance(50_000); // exactly expiry − margin: still fresh
    await bearer(c);
    expect(built).toBe(1);
    clock.advance(1);
    await bearer(c);
    expect(built).toBe(2);
    expect(calls.map((call) => call.form.get('scope'))).toEqual(['custom', 'custom']); // the body's scope is kept
  });

  it('is refused to a plain-http token endpoint on a non-loopback host before anything is sent', async () => {
    let sent = 0;
    const c = new TestClient(spec, {
      baseUrl: base,
      fetch: (input, init) => (String(input).startsWith('http://idp.example') ? (sent++, Promise.reject(new Error('sent'))) : fetch(input, init)),
      auth: { oauth2: { tokenUrl: 'http://idp.example/token', tokenRequest: 'grant_type=client_credentials&client_id=a&client_secret=b' } },
    });
    await expect(c.run('read')).rejects.toThrow(/only over https/);
    expect(sent).toBe(0);
  });
});
