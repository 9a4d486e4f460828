/**
 * OAuth2 tokens (issue 17.2): one cache entry per (token URL, scope set),
 * refreshed when `now > expiry − expiryMargin`, one in-flight request shared by
 * concurrent callers, and a forced refresh when the API rejected a token (401).
 * The grant is client credentials or the user's own form body (`tokenRequest`);
 * a `refresh_token` in the response is used for the next token, falling back to
 * the original grant when the server refuses it (RFC 6749 §6). The client
 * authenticates as `clientAuth` says (RFC 6749 §2.3, RFC 7523).
 */
import type { Clock } from '../resilience/types.js';
import { base64Utf8 } from './base64.js';
import { AuthError } from './auth-error.js';
import { assertionSigner, JWT_BEARER_ASSERTION, type AssertionSigner } from './client-assertion.js';
import { resolveOAuth2, type OAuth2Options, type ResolvedOAuth2, type TokenRequestBody } from './oauth2-options.js';
import { checkSecretUrl, discoveredTokenEndpoint } from './token-endpoint.js';

/** A minimal HTTP exchange for the token endpoint (the client's transport, without its resilience). */
export type TokenFetch = (
  url: string,
  init: { method: string; headers: Headers; body?: string },
) => Promise<{ status: number; text: string }>;

interface CachedToken {
  token: string;
  /** ms since the epoch; undefined when the server gave no `expires_in`. */
  expiresAt: number | undefined;
  refreshToken: string | undefined;
}

export class TokenCache {
  readonly #settings: ResolvedOAuth2;
  readonly #fetch: TokenFetch;
  readonly #clock: Clock;
  readonly #signer: AssertionSigner | undefined;
  readonly #tokens = new Map<string, CachedToken>();
  readonly #inFlight = new Map<string, Promise<CachedToken>>();
  readonly #discovery = new Map<string, Promise<string>>();

  /** Throws InvalidOptionsError for inconsistent options (a method without its secret or key, …). */
  constructor(options: OAuth2Options, fetchToken: TokenFetch, clock: Clock) {
    this.#settings = resolveOAuth2(options);
    this.#fetch = fetchToken;
    this.#clock = clock;
    const { clientAuth, clientId } = this.#settings;
    this.#signer = typeof clientAuth === 'object' ? assertionSigner(clientAuth, clientId!, clock) : undefined;
  }

  /**
   * A valid token for `tokenUrl` and `scopes`. `stale` is a token the API just
   * rejected: it is not returned again (a newer cached one is).
   */
  async get(tokenUrl: string, scopes: readonly string[], stale?: string): Promise<string> {
    const scope = [...new Set(scopes)].sort().join(' ');
    const key = `${tokenUrl} ${scope}`;
    const cached = this.#tokens.get(key);
    if (cached !== undefined && cached.token !== stale && this.#fresh(cached)) return cached.token;
    let pending = this.#inFlight.get(key);
    if (pending === undefined) {
      pending = this.#renew(tokenUrl, scope, cached).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    const token = await pending;
    this.#tokens.set(key, token);
    return token.token;
  }

  /** The token endpoint named by an OpenID Connect discovery document (cached). */
  discover(openIdConnectUrl: string): Promise<string> {
    let pending = this.#discovery.get(openIdConnectUrl);
    if (pending === undefined) {
      pending = this.#discoverOnce(openIdConnectUrl);
      pending.catch(() => this.#discovery.delete(openIdConnectUrl));
      this.#discovery.set(openIdConnectUrl, pending);
    }
    return pending;
  }

  #fresh(token: CachedToken): boolean {
    return token.expiresAt === undefined || this.#clock.now() <= token.expiresAt - this.#settings.expiryMargin;
  }

  /** A refresh with the previous entry's refresh token, else (or when it is refused) the original grant. */
  async #renew(tokenUrl: string, scope: string, previous: CachedToken | undefined): Promise<CachedToken> {
    const refreshToken = this.#settings.refreshTokens ? previous?.refreshToken : undefined;
    if (refreshToken !== undefined) {
      try {
        // RFC 6749 §6: no scope means the scope originally granted
        return await this.#request(tokenUrl, new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }), refreshToken);
      } catch (error) {
        // refused (invalid_grant: expired, revoked, rotated): fall back; a network failure is reported
        if (!(error instanceof AuthError && error.status !== undefined)) throw error;
      }
    }
    return this.#request(tokenUrl, await this.#grant(scope), undefined);
  }

  /** The original grant's form: client credentials, or the user's token request. */
  async #grant(scope: string): Promise<URLSearchParams> {
    const custom = this.#settings.tokenRequest;
    let form: URLSearchParams;
    if (custom === undefined) form = new URLSearchParams({ grant_type: 'client_credentials' });
    else {
      let body: TokenRequestBody;
      try {
        body = typeof custom === 'function' ? await custom() : custom;
      } catch (error) {
        throw new AuthError('the tokenRequest function failed', { cause: error });
      }
      form = new URLSearchParams(body);
      if (!form.has('grant_type')) throw new AuthError('the token request body names no grant_type');
      if (form.has('scope')) return form;
    }
    if (scope !== '') form.set('scope', scope);
    return form;
  }

  async #request(tokenUrl: string, form: URLSearchParams, refreshToken: string | undefined): Promise<CachedToken> {
    checkSecretUrl(tokenUrl, this.#settings.allowInsecureTokenUrl, 'token endpoint');
    const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' });
    await this.#authenticate(tokenUrl, form, headers);
    const started = this.#clock.now();
    let response: { status: number; text: string };
    try {
      response = await this.#fetch(tokenUrl, { method: 'POST', headers, body: form.toString() });
    } catch (error) {
      throw new AuthError(`token request to ${tokenUrl} failed`, { cause: error });
    }
    if (response.status < 200 || response.status > 299) {
      throw new AuthError(`token endpoint ${tokenUrl} answered ${response.status}: ${response.text.slice(0, 200)}`, {
        status: response.status,
      });
    }
    const json = parseJson(response.text, tokenUrl, response.status);
    const token = json['access_token'];
    if (typeof token !== 'string' || token === '') {
      throw new AuthError(`token endpoint ${tokenUrl} sent no access_token`, { status: response.status });
    }
    const expiresIn = Number(json['expires_in']);
    const issued = json['refresh_token'];
    return {
      token,
      expiresAt: Number.isFinite(expiresIn) && json['expires_in'] !== undefined ? started + expiresIn * 1000 : undefined,
      // RFC 6749 §6: a new refresh token replaces the old one; without one the old one stays
      refreshToken: typeof issued === 'string' && issued !== '' ? issued : refreshToken,
    };
  }

  /** Client authentication at the token endpoint (RFC 6749 §2.3.1, RFC 7523 §2.2). */
  async #authenticate(tokenUrl: string, form: URLSearchParams, headers: Headers): Promise<void> {
    const { clientId, clientSecret, clientAuth } = this.#settings;
    if (clientId === undefined) return; // a custom token request that carries the client's identity itself
    const method = typeof clientAuth === 'string' ? clientAuth : clientAuth.method;
    switch (method) {
      case 'client_secret_basic':
        // RFC 6749 §2.3.1: id and secret are form-urlencoded before the Basic encoding.
        headers.set('authorization', `Basic ${base64Utf8(`${formEncode(clientId)}:${formEncode(clientSecret!)}`)}`);
        return;
      case 'client_secret_post':
        form.set('client_id', clientId);
        form.set('client_secret', clientSecret!);
        return;
      case 'none':
        if (!form.has('client_id')) form.set('client_id', clientId);
        return;
      case 'private_key_jwt':
        form.set('client_id', clientId);
        form.set('client_assertion_type', JWT_BEARER_ASSERTION);
        form.set('client_assertion', await this.#signer!(tokenUrl));
        return;
      default:
        method satisfies never;
    }
  }

  async #discoverOnce(url: string): Promise<string> {
    const discoveryUrl = checkSecretUrl(url, this.#settings.allowInsecureTokenUrl, 'OpenID Connect discovery document');
    let response: { status: number; text: string };
    try {
      response = await this.#fetch(url, { method: 'GET', headers: new Headers({ accept: 'application/json' }) });
    } catch (error) {
      throw new AuthError(`OpenID Connect discovery at ${url} failed`, { cause: error });
    }
    if (response.status !== 200) throw new AuthError(`OpenID Connect discovery at ${url} answered ${response.status}`, { status: response.status });
    return discoveredTokenEndpoint(discoveryUrl, parseJson(response.text, url, response.status), this.#settings.allowInsecureTokenUrl);
  }
}

function formEncode(text: string): string {
  return new URLSearchParams({ x: text }).toString().slice(2);
}

function parseJson(text: string, url: string, status: number): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null) return value as Record<string, unknown>;
  } catch (error) {
    throw new AuthError(`${url} did not answer JSON`, { cause: error, status });
  }
  throw new AuthError(`${url} did not answer a JSON object`, { status });
}
