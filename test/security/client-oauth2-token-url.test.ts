/**
 * Issue 13.11: the OAuth2 client secret is never sent to a plain-http token endpoint
 * (unless the host is loopback or `allowInsecureTokenUrl` is set), and an OpenID
 * Connect discovery document cannot point the secret at any host: its `issuer` must
 * be the one the discovery URL names and its token endpoint on that issuer's origin
 * (OpenID Connect Discovery 1.0 §4.3, RFC 8414 §3.3). Real HTTP on 127.0.0.1; a
 * non-loopback host name is routed to 127.0.0.1 by the test's fetch.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthError } from '../../runtime/src/client/index.js';
import { expectedIssuer } from '../../runtime/src/client/token-endpoint.js';
import { TestClient, api, op, startServer, type TestServer } from '../runtime/client/helpers.js';

let idp: TestServer; // the API and its identity provider
let attacker: TestServer; // another origin a hostile discovery document points at
const tokenCalls: Array<{ server: string; authorization: string | undefined }> = [];
let discovery: (base: string) => Record<string, unknown> = () => ({});

beforeAll(async () => {
  attacker = await startServer((app) => {
    app.post('/token', async (req) => {
      tokenCalls.push({ server: 'attacker', authorization: req.headers.authorization });
      return { access_token: 'stolen', expires_in: 60 };
    });
  });
  idp = await startServer((app) => {
    app.post('/token', async (req) => {
      tokenCalls.push({ server: 'idp', authorization: req.headers.authorization });
      return { access_token: 'tok', expires_in: 60 };
    });
    app.get('/.well-known/openid-configuration', async () => discovery(idp.url));
    app.get('/.well-known/oauth-authorization-server/tenant', async () => discovery(`${idp.url}/tenant`));
    app.get('/api', async (req) => ({ auth: req.headers.authorization }));
  });
});
afterAll(async () => {
  await idp.close();
  await attacker.close();
});
beforeEach(() => {
  tokenCalls.length = 0;
  discovery = (issuer) => ({ issuer, token_endpoint: `${idp.url}/token` });
});

/** fetch that sends `idp.example` to the local IdP (a non-loopback name for a plain-http URL). */
const routed: typeof fetch = (input, init) => globalThis.fetch(String(input).replace('http://idp.example:', 'http://127.0.0.1:'), init);
const port = () => new URL(idp.url).port;

const oauthSpec = (tokenUrl: string) =>
  api(
    { call: op({ path: '/api', security: [{ oauth: [] }] }) },
    { securitySchemes: { oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl, scopes: {} } } } } },
  );
const oidcSpec = (openIdConnectUrl: string) =>
  api({ call: op({ path: '/api', security: [{ oidc: [] }] }) }, { securitySchemes: { oidc: { type: 'openIdConnect', openIdConnectUrl } } });
const oauth2 = { clientId: 'app', clientSecret: 's3cr3t' };

describe('client secrets and plain-http token endpoints', () => {
  it('a plain-http token endpoint on a non-loopback host is refused before the secret is sent', async () => {
    const client = new TestClient(oauthSpec(`http://idp.example:${port()}/token`), { baseUrl: idp.url, fetch: routed, auth: { oauth2 } });
    const error = await client.run('call').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'CG_AUTH', message: expect.stringContaining('allowInsecureTokenUrl') });
    expect(tokenCalls).toEqual([]);
  });

  it('allowInsecureTokenUrl opts in', async () => {
    const client = new TestClient(oauthSpec(`http://idp.example:${port()}/token`), { baseUrl: idp.url, fetch: routed, auth: { oauth2: { ...oauth2, allowInsecureTokenUrl: true } } });
    expect((await client.run('call')).body).toEqual({ auth: 'Bearer tok' });
    expect(tokenCalls).toHaveLength(1);
  });

  it('a loopback token endpoint over plain http is allowed (local development)', async () => {
    const client = new TestClient(oauthSpec('/token'), { baseUrl: idp.url, auth: { oauth2 } });
    expect((await client.run('call')).body).toEqual({ auth: 'Bearer tok' });
  });

  it('a plain-http discovery document on a non-loopback host is refused too', async () => {
    const client = new TestClient(oidcSpec(`http://idp.example:${port()}/.well-known/openid-configuration`), { baseUrl: idp.url, fetch: routed, auth: { oauth2 } });
    await expect(client.run('call')).rejects.toMatchObject({ code: 'CG_AUTH', message: expect.stringContaining('discovery') });
    expect(tokenCalls).toEqual([]);
  });
});

describe('OpenID Connect discovery cannot point the secret at any host', () => {
  const client = () => new TestClient(oidcSpec('/.well-known/openid-configuration'), { baseUrl: idp.url, auth: { oauth2 } });

  it('a document whose token endpoint is on another origin is refused; that origin gets nothing', async () => {
    discovery = (issuer) => ({ issuer, token_endpoint: `${attacker.url}/token` });
    await expect(client().run('call')).rejects.toMatchObject({ code: 'CG_AUTH', message: expect.stringContaining('auth.oauth2.tokenUrl') });
    expect(tokenCalls).toEqual([]);
  });

  it('a document naming another issuer (RFC 8414 §3.3) is refused', async () => {
    discovery = () => ({ issuer: attacker.url, token_endpoint: `${attacker.url}/token` });
    await expect(client().run('call')).rejects.toMatchObject({ code: 'CG_AUTH', message: expect.stringContaining('issuer') });
    discovery = () => ({ token_endpoint: `${idp.url}/token` });
    await expect(client().run('call')).rejects.toMatchObject({ code: 'CG_AUTH', message: expect.stringContaining('no issuer') });
    expect(tokenCalls).toEqual([]);
  });

  it('a matching issuer and same-origin token endpoint work, also in the RFC 8414 insertion form', async () => {
    expect((await client().run('call')).body).toEqual({ auth: 'Bearer tok' });
    const tenant = new TestClient(oidcSpec('/.well-known/oauth-authorization-server/tenant'), { baseUrl: idp.url, auth: { oauth2 } });
    expect((await tenant.run('call')).body).toEqual({ auth: 'Bearer tok' });
    expect(tokenCalls.map((c) => c.server)).toEqual(['idp', 'idp']);
  });

  it('an explicit tokenUrl is trusted as given (providers whose token endpoint lives elsewhere)', async () => {
    discovery = (issuer) => ({ issuer, token_endpoint: `${attacker.url}/token` });
    const explicit = new TestClient(oidcSpec('/.well-known/openid-configuration'), { baseUrl: idp.url, auth: { oauth2: { ...oauth2, tokenUrl: `${idp.url}/token` } } });
    expect((await explicit.run('call')).body).toEqual({ auth: 'Bearer tok' });
  });

  it('the expected issuer follows both well-known forms', () => {
    expect(expectedIssuer(new URL('https://idp.example/.well-known/openid-configuration'))).toBe('https://idp.example');
    expect(expectedIssuer(new URL('https://idp.example/realms/a/.well-known/openid-configuration'))).toBe('https://idp.example/realms/a');
    expect(expectedIssuer(new URL('https://idp.example/.well-known/oauth-authorization-server/t1'))).toBe('https://idp.example/t1');
    expect(expectedIssuer(new URL('https://idp.example/discovery.json'))).toBeUndefined();
  });
});
