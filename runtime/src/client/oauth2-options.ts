/**
 * The OAuth2 options of a client (issue 17.2): which grant, how the client
 * authenticates at the token endpoint, refresh tokens — and their checked,
 * defaulted form ({@link resolveOAuth2}).
 */
import { InvalidOptionsError } from '../resilience/errors.js';

/** A form-encoded token request body: `grant_type=…&…` text, its pairs, or URLSearchParams. */
export type TokenRequestBody = string | Record<string, string> | URLSearchParams;

/**
 * RFC 7523 §2.2 / OpenID Connect Core §9 `private_key_jwt`: the client authenticates with a JWT
 * signed by its private key (jose signs it; `jose` must be installed).
 */
export interface PrivateKeyJwtAuth {
  method: 'private_key_jwt';
  /** A CryptoKey, a private JWK, or a PKCS#8 PEM text. */
  privateKey: CryptoKey | JsonWebKey | string;
  /** JWS algorithm (RS256, PS256, ES256, EdDSA, …). Default: the JWK's `alg`, else RS256. */
  algorithm?: string;
  /** `kid` of the JWS header, for a server holding several keys. */
  keyId?: string;
  /** Seconds from issue to `exp` (default 60). */
  lifetime?: number;
}

/** How the client authenticates at the token endpoint (RFC 6749 §2.3; OpenID Connect Core §9). */
export type ClientAuthentication = 'client_secret_basic' | 'client_secret_post' | 'none' | PrivateKeyJwtAuth;

export interface OAuth2Options {
  /** Overrides the spec's token URL (`flows.clientCredentials`, else another flow's, or OIDC discovery). */
  tokenUrl?: string;
  /** Required except when `tokenRequest` carries the client's identity itself. */
  clientId?: string;
  /** For `client_secret_basic` (the default) and `client_secret_post`. */
  clientSecret?: string;
  /**
   * How the client authenticates (default `client_secret_basic` when a secret is given, else `none`).
   * With a custom `tokenRequest` and no `clientId`, nothing is added to it.
   */
  clientAuth?: ClientAuthentication;
  /**
   * A custom token request (Flink's `security.oidc.token.request`): the form body sent instead of
   * `grant_type=client_credentials` — for the password grant, RFC 7523's jwt-bearer grant, token
   * exchange, or a provider's own extension. It must name `grant_type`. A function is called for
   * every token request (a fresh assertion each time). The operation's scopes are added as
   * `scope` unless the body has one. Cached, refreshed and shared like any other token.
   */
  tokenRequest?: TokenRequestBody | (() => TokenRequestBody | Promise<TokenRequestBody>);
  /** Scopes always requested, in addition to the operation's requirement. */
  scopes?: string[];
  /** ms before expiry at which a cached token is refreshed (default 1000). */
  expiryMargin?: number;
  /**
   * Use a `refresh_token` from the token response when the access token expires (or is
   * rejected), falling back to the original grant when the refresh is refused (default true).
   */
  refreshTokens?: boolean;
  /**
   * Send the client secret to a plain-`http` token endpoint (or read the OIDC discovery document
   * over plain http) on a host that is not loopback. Off by default: such calls are AuthError.
   */
  allowInsecureTokenUrl?: boolean;
}

/** {@link OAuth2Options} checked and defaulted. */
export interface ResolvedOAuth2 {
  clientId: string | undefined;
  clientSecret: string | undefined;
  clientAuth: ClientAuthentication;
  tokenRequest: OAuth2Options['tokenRequest'];
  expiryMargin: number;
  refreshTokens: boolean;
  allowInsecureTokenUrl: boolean;
}

const METHODS = ['client_secret_basic', 'client_secret_post', 'none', 'private_key_jwt'];

export function resolveOAuth2(options: OAuth2Options): ResolvedOAuth2 {
  const { clientId, clientSecret, tokenRequest } = options;
  const at = (name: string): string => `auth.oauth2.${name}`;
  if (clientId !== undefined && (typeof clientId !== 'string' || clientId === '')) throw new InvalidOptionsError(at('clientId'), 'expected a non-empty string');
  if (clientId === undefined && tokenRequest === undefined) {
    throw new InvalidOptionsError(at('clientId'), 'required (only a custom tokenRequest may carry the client identity itself)');
  }
  const clientAuth = options.clientAuth ?? (clientSecret !== undefined ? 'client_secret_basic' : 'none');
  const method = typeof clientAuth === 'string' ? clientAuth : clientAuth?.method;
  if (!METHODS.includes(method)) throw new InvalidOptionsError(at('clientAuth'), `expected one of ${METHODS.join(', ')}`);
  if ((method === 'client_secret_basic' || method === 'client_secret_post') && (typeof clientSecret !== 'string' || clientSecret === '')) {
    throw new InvalidOptionsError(at('clientSecret'), `required by ${method}`);
  }
  if (method !== 'none' && clientId === undefined) throw new InvalidOptionsError(at('clientId'), `required by ${method}`);
  if (typeof clientAuth === 'object') {
    if (clientAuth.privateKey === undefined || clientAuth.privateKey === null) throw new InvalidOptionsError(at('clientAuth.privateKey'), 'required by private_key_jwt');
    const lifetime = clientAuth.lifetime;
    if (lifetime !== undefined && !(Number.isSafeInteger(lifetime) && lifetime > 0)) throw new InvalidOptionsError(at('clientAuth.lifetime'), 'expected a positive integer (seconds)');
  }
  if (typeof tokenRequest === 'string' || tokenRequest instanceof URLSearchParams || (typeof tokenRequest === 'object' && tokenRequest !== null)) {
    if (!new URLSearchParams(tokenRequest as TokenRequestBody).has('grant_type')) throw new InvalidOptionsError(at('tokenRequest'), 'the form body must name grant_type');
  } else if (tokenRequest !== undefined && typeof tokenRequest !== 'function') {
    throw new InvalidOptionsError(at('tokenRequest'), 'expected a form body (text, pairs, URLSearchParams) or a function returning one');
  }
  const expiryMargin = options.expiryMargin ?? 1000;
  if (!(Number.isFinite(expiryMargin) && expiryMargin >= 0)) throw new InvalidOptionsError(at('expiryMargin'), 'expected a number of ms ≥ 0');
  return {
    clientId,
    clientSecret,
    clientAuth,
    tokenRequest,
    expiryMargin,
    refreshTokens: options.refreshTokens !== false,
    allowInsecureTokenUrl: options.allowInsecureTokenUrl === true,
  };
}
