import type { ReconnectOptions, StreamItemValidator } from './stream.js';
import type { RequestParts } from '../types.js';
import type { OperationSpec } from '../spec.js';
import type { CircuitBreakerOptions, Clock, FailoverOptions, HttpResult, RetryOptions } from '../resilience/types.js';
import type { Policy } from '../resilience/policy.js';
import type { OAuth2Options } from './oauth2-options.js';
import type { ProxyOption } from './node-dispatcher.js';
import type { ThrowOnError } from './throw-on-error.js';
import type { TransportFeature } from './transport-feature.js';

export type { ClientAuthentication, OAuth2Options, PrivateKeyJwtAuth, TokenRequestBody } from './oauth2-options.js';

/**
 * An undici `Dispatcher` (Agent, Pool, ProxyAgent, …). Typed structurally so
 * the runtime's declarations do not require undici's types: undici is an
 * optional peer, loaded with a dynamic `import('undici')` only when given.
 */
export interface DispatcherLike {
  dispatch(...args: never[]): unknown;
}

/** What one request interceptor sees and may change; runs before every request put on the wire. */
export interface OutgoingRequest {
  /** The full URL (base URL, path, query). */
  url: string;
  /** Upper-case method. */
  method: string;
  /** Mutable: add, change or delete headers in place. */
  headers: Headers;
  body: BodyInit | undefined;
}

export interface InterceptorContext {
  operation: OperationSpec;
  /** The per-call options, when given. */
  init: CallInit | undefined;
}

/** Changes the outgoing request in place, or returns a replacement. */
export type RequestInterceptor = (
  request: OutgoingRequest,
  context: InterceptorContext,
) => OutgoingRequest | void | Promise<OutgoingRequest | void>;

/** Sees the parsed response; may return a replacement. */
export type ResponseInterceptor = (
  response: ClientResponse,
  context: InterceptorContext,
) => ClientResponse | void | Promise<ClientResponse | void>;

/**
 * Sees an error the call is about to throw. Return (or throw) another error to
 * map it; return undefined to leave it unchanged. The call rejects either way.
 */
export type ErrorInterceptor = (error: unknown, context: InterceptorContext) => unknown;

export interface Interceptors {
  request?: RequestInterceptor[];
  response?: ResponseInterceptor[];
  error?: ErrorInterceptor[];
}

export interface AuthOptions {
  /** `http bearer` schemes; also used for oauth2/openIdConnect schemes when `oauth2` is not set. */
  bearer?: string | (() => string | Promise<string>);
  /** `http basic` schemes. */
  basic?: { username: string; password: string };
  /** `apiKey` schemes: one key for all of them, or one per scheme name. */
  apiKey?: string | Record<string, string>;
  /** `oauth2` and `openIdConnect` schemes: client credentials, a custom token request, refresh tokens. */
  oauth2?: OAuth2Options;
}

export interface FollowRedirectsOptions {
  enabled: boolean;
  /** Redirects followed before {@link TooManyRedirectsError} (default 5). */
  maxCount?: number;
  /**
   * Origins (`https://login.example.com`) a redirect may lead to besides the request's own;
   * another origin is RedirectRefusedError (CG_REDIRECT_REFUSED). Default: any http(s) origin.
   * Credentials are dropped on every origin change either way.
   */
  allowedOrigins?: readonly string[];
}

/** `tls` in the client options: what node:tls takes for a client connection. */
export interface TlsOptions {
  /** Trusted CA certificates (replace Node's default list). */
  ca?: string | Uint8Array | Array<string | Uint8Array>;
  /** The client certificate chain (mTLS). */
  cert?: string | Uint8Array | Array<string | Uint8Array>;
  /** The client certificate's private key (mTLS). */
  key?: string | Uint8Array | Array<string | Uint8Array>;
  /** Decrypts `key`. */
  passphrase?: string;
  /** SNI server name and the name the certificate is checked against (default: the URL's host). */
  servername?: string;
  /** Default true. false: accept any server certificate (warns once per process). */
  rejectUnauthorized?: boolean;
}

export interface ClientOptions {
  /** Overrides the spec's first server. */
  baseUrl?: string;
  /** Several base URLs, used per `strategy` (default 'failover'). */
  baseUrls?: string[];
  strategy?: 'failover' | 'round-robin';
  /** Which statuses move on to the next base URL, and the wait between targets. */
  failover?: FailoverOptions;
  /** Values for the spec's server variables (defaults come from the spec). */
  serverVariables?: Record<string, string>;
  auth?: AuthOptions;
  retry?: RetryOptions;
  /** One breaker per base URL. */
  circuitBreaker?: CircuitBreakerOptions;
  /**
   * Your own policies (`execute(fn, signal, call)`, see `wrap`), outermost first, around each call:
   * outside the endpoint pool, the breaker, redirects, retry and the per-attempt timeout.
   */
  policies?: ReadonlyArray<Policy<HttpResult> | Policy>;
  /**
   * Per-attempt timeout in ms (response headers and body). Default 30 000 (Flink's); `0` or
   * `Infinity`: none. `init.timeout` overrides it per call.
   */
  timeout?: number;
  /**
   * Reject the call with HttpStatusError (CG_HTTP_STATUS) instead of resolving: `true` for any
   * status ≥ 400 and any undocumented response, `'undocumented'` for undocumented responses only,
   * or a function of the response. Default: every status resolves.
   */
  throwOnError?: ThrowOnError;
  /** Trace logs of every exchange on the wire, credentials redacted: `trace: traceLog()`. */
  trace?: TransportFeature;
  /** A cookie jar (tough-cookie; Node — browsers use their own): `cookies: cookieJar()`. */
  cookies?: TransportFeature;
  /** A private HTTP cache for GET/HEAD (RFC 9111; undici's cache interceptor, Node): `cache: httpCache()`. */
  cache?: TransportFeature;
  /** Node, undici transport: negotiate HTTP/2 by ALPN on https URLs (HTTP/1.1 when the server does not offer it). */
  allowH2?: boolean;
  /**
   * Node, undici transport: send requests through an HTTP(S) proxy — its URL (credentials in the
   * userinfo become Proxy-Authorization), `'env'` for HTTP_PROXY / HTTPS_PROXY / NO_PROXY, or
   * `{ http?, https?, noProxy? }`. Default: no proxy (the environment is not read unless asked).
   */
  proxy?: ProxyOption;
  /**
   * Unset: up to 20 redirects, followed by fetch itself — or by the client when the request
   * carries an API key header or query parameter, which fetch would pass on to another origin.
   */
  followRedirects?: FollowRedirectsOptions;
  interceptors?: Interceptors;
  /** Sent with every request (per-call and parameter headers win). */
  headers?: Record<string, string>;
  /**
   * The fetch to use (default: the global one). In browsers and edge runtimes requests always go
   * through fetch; on Node only when this is given or `transport` is 'fetch'. Ignored when
   * `dispatcher` is given.
   */
  fetch?: typeof fetch;
  /**
   * Node only: the transport. Default: `undici.request` when the `undici` package is installed,
   * else `node:http`/`node:https` with keep-alive agents; 'fetch' sends through (global) fetch.
   */
  transport?: 'undici' | 'node:http' | 'fetch';
  /** Node only: an undici Dispatcher (Agent, Pool, ProxyAgent…); requests then go through `undici.request`. */
  dispatcher?: DispatcherLike;
  /**
   * Node only: TLS for https base URLs — a private CA, a client certificate (mTLS, which also
   * satisfies the spec's `mutualTLS` scheme), SNI name. PEM text or bytes. `rejectUnauthorized:
   * false` turns certificate checks off (warns once per process). Not with `dispatcher`
   * (configure its `connect` options instead) or the fetch transport.
   */
  tls?: TlsOptions;
  /** Time source for token expiry and resilience waits (tests). */
  clock?: Clock;
  /**
   * Largest response body read, in bytes after decompression (default 64 MiB; `Infinity`: no
   * limit). Counted while the body streams in: past it the read stops with ResponseTooLargeError
   * (CG_RESPONSE_TOO_LARGE). Also applies to `responseType: 'stream'` bodies as they are read.
   */
  maxResponseSize?: number;
  /**
   * Checks each streamed event / item (SSE `events`, JSON Lines `items`) against its schema from
   * the spec, with the validator given: `ajvStreamValidator()` from
   * `@contractgen/runtime/client/stream-validate` (ajv, JSON Schema 2020-12 + ajv-formats: install
   * `ajv` and `ajv-formats`), or your own `(schema) => (item) => issues`. An item that does not fit
   * ends the iteration with StreamError CG_STREAM_INVALID (the items before it are handed out).
   * Default: none (items are parsed, not validated).
   */
  validateStreams?: StreamItemValidator;
}

/** Per-call options: the generated methods' second argument. */
export interface CallInit {
  signal?: AbortSignal;
  /** Overrides the client's per-attempt timeout for this call. */
  timeout?: number;
  headers?: Record<string, string>;
  /** How a binary response body is returned (default 'bytes': a Uint8Array). */
  responseType?: 'bytes' | 'blob' | 'stream';
  /** Overrides the client's `maxResponseSize` for this call (e.g. `Infinity` for a large download); for a stream, the largest item. */
  maxResponseSize?: number;
  /** SSE: reconnection after a dropped connection (with `Last-Event-ID`); `{ maxAttempts: 0 }` turns it off. */
  reconnect?: ReconnectOptions;
}

/** The request argument of a generated method (`contentType` picks a request media type; default the first). */
export type ClientRequest = RequestParts;

/** Low-level facts about the response, for debugging and escape hatches. */
export interface RawResponseInfo {
  /** The URL of the final response (after redirects). */
  url: string;
  headers: Headers;
}

/** What `call` resolves to; generated unions narrow it per status. */
export interface ClientResponse {
  status: number;
  ok: boolean;
  body: unknown;
  headers: Record<string, unknown>;
  contentType?: string;
  raw?: RawResponseInfo;
  documented?: boolean;
}
