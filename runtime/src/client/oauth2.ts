/**
 * OAuth2 client-credentials tokens: one cache entry per (token URL, scope set),
 * refreshed when `now > expiry − expiryMargin`, one in-flight request shared by
 * concurrent callers, and a forced refresh when the API rejected a token (401).
 */
import type { Clock } from '../resilience/types.js';
import { base64Utf8 } from './encode.js';
import { AuthError } from './errors.js';
import { checkSecretUrl, discoveredTokenEndpoint } from './token-endpoint.js';

/** A minimal HTTP exchange for the token endpoint (the client's transport, without its resilience). */
export type TokenFetch = (
  url: string,
  init: { method: string; headers: Headers; body?: string },
) => Promise<{ status: number; text: string }>;

export interface TokenSettings {
  clientId: string;
  clientSecret: string;
  expiryMargin: number;
  /** Plain-http token endpoints (and discovery documents) on non-loopback hosts. */
  allowInsecureTokenUrl: boolean;
}

interface CachedToken {
  token: string;
  /** ms since the epoch; undefined when the server gave no `expires_in`. */
  expiresAt: number | undefined;
}

export class TokenCache {
  readonly #settings: TokenSettings;
  readonly #fetch: TokenFetch;
  readonly #clock: Clock;
  readonly #tokens = new Map<string, CachedToken>();
  readonly #inFlight = new Map<string, Promise<CachedToken>>();
  readonly #discovery = new Map<string, Promise<string>>();

  constructor(settings: TokenSettings, fetchToken: TokenFetch, clock: Clock) {
    this.#settings = settings;
    this.#fetch = fetchToken;
    this.#clock = clock;
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
      pending = this.#request(tokenUrl, scope).finally(() => this.#inFlight.delete(key));
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

  async #request(tokenUrl: string, scope: string): Promise<CachedToken> {
    checkSecretUrl(tokenUrl, this.#settings.allowInsecureTokenUrl, 'token endpoint');
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (scope !== '') form.set('scope', scope);
    const { clientId, clientSecret } = this.#settings;
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before the Basic encoding.
    const credentials = `${formEncode(clientId)}:${formEncode(clientSecret)}`;
    const headers = new Headers({
      authorization: `Basic ${base64Utf8(credentials)}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    });
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
    return { token, expiresAt: Number.isFinite(expiresIn) && json['expires_in'] !== undefined ? started + expiresIn * 1000 : undefined };
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
