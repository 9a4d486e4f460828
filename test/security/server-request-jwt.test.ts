/**
 * JWT verification (issue 13.6): tokens without `exp` accepted forever, no `typ` check, no way to
 * require claims or bound token age, and keys in the wrong form failing with a raw TypeError.
 */
import { generateKeyPairSync } from 'node:crypto';
import fastify from 'fastify';
import { SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerOperations, ServerSetupError, type JwtConfig } from '../../runtime/src/server/index.js';
import { api, echoResponse, op, serve, type Served } from './server-request-helpers.js';

const secret = new TextEncoder().encode('a-test-secret-that-is-long-enough-for-hs256');
const bearer = { type: 'http' as const, scheme: 'bearer' };
const variants: Record<string, Partial<JwtConfig>> = {
  plain: {},
  noExp: { requireExp: false },
  claims: { requiredClaims: ['sub', 'tenant'] },
  age: { maxTokenAge: '1h' },
  typ: { typ: 'at+jwt' },
};
const spec = api(
  Object.fromEntries(Object.keys(variants).map((v) => [v, op({ operationId: v, method: 'GET', path: `/${v}`, responses: echoResponse, security: [{ [v]: [] }] })])),
  { securitySchemes: Object.fromEntries(Object.keys(variants).map((v) => [v, bearer])) },
);

let s: Served;
beforeAll(async () => {
  const security = Object.fromEntries(Object.entries(variants).map(([v, extra]) => [v, { jwt: { key: secret, algorithms: ['HS256'], ...extra } }]));
  s = await serve(spec, { security });
});
afterAll(() => s?.close());

async function token(claims: JWTPayload, opts: { exp?: string | number | false; iat?: number; typ?: string } = {}): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', ...(opts.typ ? { typ: opts.typ } : {}) });
  if (opts.iat !== undefined) jwt.setIssuedAt(opts.iat);
  else jwt.setIssuedAt();
  if (opts.exp !== false) jwt.setExpirationTime(opts.exp ?? '5m');
  return jwt.sign(secret);
}

async function call(path: string, jwt: string): Promise<{ status: number; detail?: string }> {
  const res = await fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${jwt}` } });
  const body = (await res.json()) as { detail?: string };
  return body.detail === undefined ? { status: res.status } : { status: res.status, detail: body.detail };
}

describe('13.6 JWTs: exp required by default, requiredClaims, maxTokenAge, typ', () => {
  it('a token without exp (valid forever) is refused by default', async () => {
    expect(await call('/plain', await token({ sub: 'a' }, { exp: false }))).toEqual({ status: 401, detail: 'token has no exp claim' });
    expect((await call('/plain', await token({ sub: 'a' }))).status).toBe(200);
  });

  it('requireExp: false accepts it (an explicit choice)', async () => {
    expect((await call('/noExp', await token({ sub: 'a' }, { exp: false }))).status).toBe(200);
  });

  it('requiredClaims: a token lacking one is refused', async () => {
    expect(await call('/claims', await token({ sub: 'a' }))).toEqual({ status: 401, detail: 'token has no tenant claim' });
    expect((await call('/claims', await token({ sub: 'a', tenant: 't1' }))).status).toBe(200);
  });

  it('maxTokenAge: an old token (iat 2 h ago, exp still ahead) is refused', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await call('/age', await token({}, { iat: now - 7200, exp: now + 3600 }))).toEqual({ status: 401, detail: 'token is older than the maximum token age' });
    expect((await call('/age', await token({}))).status).toBe(200);
  });

  it('typ: a token of another type (an ID token, typ JWT) is refused; at+jwt and application/at+jwt pass', async () => {
    expect(await call('/typ', await token({}, { typ: 'JWT' }))).toEqual({ status: 401, detail: 'token has the wrong typ header' });
    expect((await call('/typ', await token({})))).toEqual({ status: 401, detail: 'token has the wrong typ header' });
    expect((await call('/typ', await token({}, { typ: 'at+jwt' }))).status).toBe(200);
    expect((await call('/typ', await token({}, { typ: 'application/at+jwt' }))).status).toBe(200);
  });
});

describe('13.6 a key in the wrong form is a ServerSetupError (CG_SECURITY_CONFIG), not a raw TypeError', () => {
  const one = api({ g: op({ operationId: 'g', method: 'GET', path: '/g', responses: echoResponse, security: [{ b: [] }] }) }, { securitySchemes: { b: bearer } });
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = (k: import('node:crypto').KeyObject, type: 'spki' | 'pkcs8') => k.export({ type, format: 'pem' }).toString();

  async function setup(jwt: JwtConfig): Promise<unknown> {
    const app = fastify();
    try {
      await registerOperations(app, one, { g: async () => ({ status: 200 }) }, { security: { b: { jwt } } });
      return undefined;
    } catch (error) {
      return error;
    } finally {
      await app.close();
    }
  }

  it.each<[string, JwtConfig, RegExp]>([
    ['a plain string secret', { key: 'my-shared-secret', algorithms: ['HS256'] }, /plain string.*new TextEncoder\(\)\.encode\(secret\)/],
    ['a PEM private key', { key: pem(rsa.privateKey, 'pkcs8'), algorithms: ['RS256'] }, /private key: give the public key/],
    ['a private KeyObject', { key: rsa.privateKey, algorithms: ['RS256'] }, /private key/],
    ['garbage PEM', { key: '-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----', algorithms: ['RS256'] }, /not a PEM public key/],
    ['bytes for RS256', { key: secret, algorithms: ['RS256'] }, /HMAC secret.*RS256 needs an RSA public key/],
    ['an RSA public key for HS256 (algorithm confusion)', { key: pem(rsa.publicKey, 'spki'), algorithms: ['HS256'] }, /RSA public key.*HS256 needs an HMAC secret/],
    ['an EC key for RS256', { key: ec.publicKey, algorithms: ['RS256', 'ES256'] }, /EC public key.*RS256 needs an RSA public key/],
    ['a private JWK', { key: ec.privateKey.export({ format: 'jwk' }), algorithms: ['ES256'] }, /private JWK/],
    ['a JWKS URL that is not a URL', { jwksUrl: 'issuer.example/jwks.json', algorithms: ['RS256'] }, /jwksUrl .* is not a URL/],
    ['HS256 with a JWKS', { jwksUrl: 'https://issuer.example/jwks.json', algorithms: ['HS256'] }, /cannot include HS\*/],
    ['an unknown algorithm', { key: secret, algorithms: ['HS257'] }, /unknown JWS algorithm HS257/],
    ['a malformed maxTokenAge', { key: secret, algorithms: ['HS256'], maxTokenAge: 'soon' }, /maxTokenAge/],
  ])('%s', async (_name, jwt, message) => {
    const error = await setup(jwt);
    expect(error).toBeInstanceOf(ServerSetupError);
    expect(error).toMatchObject({ code: 'CG_SECURITY_CONFIG' });
    expect((error as Error).message).toMatch(message);
  });

  it.each<[string, JwtConfig]>([
    ['an SPKI PEM for RS256 and PS256', { key: pem(rsa.publicKey, 'spki'), algorithms: ['RS256', 'PS256'] }],
    ['a public JWK', { key: ec.publicKey.export({ format: 'jwk' }), algorithms: ['ES256'] }],
    ['a secret JWK', { key: { kty: 'oct', k: Buffer.from(secret).toString('base64url') }, algorithms: ['HS256'] }],
    ['a public KeyObject', { key: ec.publicKey, algorithms: ['ES256'] }],
  ])('accepted: %s', async (_name, jwt) => {
    expect(await setup(jwt)).toBeUndefined();
  });

  it('a PEM public key verifies RS256 and PS256 tokens alike', async () => {
    const rsaSpec = api({ r: op({ operationId: 'r', method: 'GET', path: '/r', responses: echoResponse, security: [{ b: [] }] }) }, { securitySchemes: { b: bearer } });
    const served = await serve(rsaSpec, { security: { b: { jwt: { key: pem(rsa.publicKey, 'spki'), algorithms: ['RS256', 'PS256'] } } } });
    try {
      for (const alg of ['RS256', 'PS256']) {
        const jwt = await new SignJWT({}).setProtectedHeader({ alg }).setExpirationTime('5m').sign(rsa.privateKey);
        expect((await fetch(`${served.url}/r`, { headers: { authorization: `Bearer ${jwt}` } })).status).toBe(200);
      }
    } finally {
      await served.close();
    }
  });
});
