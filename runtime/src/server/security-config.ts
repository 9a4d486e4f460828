import type { FastifyRequest } from 'fastify';

/** A verify callback's verdict: `false`/`null`/`undefined` reject; `true` or an object accept
 * (the object's fields are copied into `req.auth`). */
export type VerifyResult = boolean | null | undefined | Record<string, unknown>;
type MaybePromise<T> = T | Promise<T>;

/** A key to verify with: a public CryptoKey / KeyObject, an HMAC secret as bytes (`Uint8Array`) or secret
 * KeyObject, a public JWK (or `kty: oct`), or a PEM string (SPKI public key, PKCS#1 RSA public key, X.509
 * certificate). A plain string is refused at setup: pass a secret as bytes. */
export type JwtKey = CryptoKey | import('node:crypto').KeyObject | Uint8Array | JsonWebKey | string;

export interface JwtConfig {
  /** Remote JWKS (fetched and cached by jose). */
  jwksUrl?: string;
  /** A local key (one of `jwksUrl` / `key` is required). */
  key?: JwtKey;
  issuer?: string | string[];
  audience?: string | string[];
  /** Allowed `alg` values, e.g. `['RS256']`. Required; `none` is never accepted. */
  algorithms: string[];
  /** Seconds of clock skew tolerated on `exp`/`nbf` (default 0). */
  clockTolerance?: number;
  /** Refuse tokens without an `exp` claim (default true, as RFC 9068 access tokens must have one). */
  requireExp?: boolean;
  /** Claims every token must carry (in addition to `exp`), e.g. `['sub', 'jti']`. */
  requiredClaims?: string[];
  /** Refuse tokens whose `iat` is older than this: seconds, or a duration such as `'2h'` (needs `iat`). */
  maxTokenAge?: number | string;
  /** The `typ` header every token must have, e.g. `'at+jwt'` (RFC 9068; `application/` prefix optional). */
  typ?: string;
}

export interface BasicConfig {
  verify(username: string, password: string, req: FastifyRequest): MaybePromise<VerifyResult>;
}

/** Bearer, OAuth2 and OpenID Connect: a verify callback or JWT verification. A verify result may
 * carry `scopes: string[]` (or `claims` with `scope`/`scp`) for scope checks. */
export type BearerConfig =
  | { verify(token: string, req: FastifyRequest): MaybePromise<VerifyResult> }
  | { jwt: JwtConfig };

export type ApiKeyConfig =
  | { keys: string[] }
  | { verify(key: string, req: FastifyRequest): MaybePromise<VerifyResult> };

export interface MutualTlsConfig {
  /** Called with the verified peer certificate; default: any CA-verified certificate passes. */
  verify?(certificate: import('node:tls').PeerCertificate, req: FastifyRequest): MaybePromise<VerifyResult>;
}

export type SchemeConfig = BasicConfig | BearerConfig | ApiKeyConfig | MutualTlsConfig;

/** Per security scheme name (as in `components.securitySchemes`). */
export type SecurityConfig = Record<string, SchemeConfig>;
