/**
 * What `createClient(options)` returns and every per-operation function takes:
 * the resolved options, the transport, and the optional pieces plugged in only
 * when something needs them (so an app pays only for what it uses):
 *
 * - `run`: the resilience chain (retry, breaker, failover, your `policies`) and
 *   client-side redirects — from `features.ts`, when the options ask for them;
 * - `follow`: client-side redirects alone — on Node (its transports do not follow
 *   redirects), or when the spec has API-key credentials that fetch would carry
 *   to another origin;
 * - `tokens`: the OAuth2 token cache (`auth.oauth2`);
 * - the transport: fetch in browsers and edge runtimes; on Node (the `node`
 *   export condition) `undici.request`, else `node:http` with keep-alive.
 *
 * Per-operation pieces (auth, body encoders) come with the operation descriptor.
 */
import type { HeaderSpec, OperationSpec, ServerSpec, SecuritySchemeSpec, RequestBodySpec } from '../spec.js';
import { InvalidOptionsError } from '../resilience/errors.js';
import { systemClock } from '../resilience/clock.js';
import type { Clock } from '../resilience/types.js';
import type { AppliedAuth } from './auth.js';
import { DEFAULT_MAX_RESPONSE_SIZE } from './body-limit.js';
import { redactText, specCredentials, type CredentialNames } from './credentials.js';
import { InvalidRequestError } from './errors.js';
import type { CallSettings, Exchange } from './pipeline.js';
import type { Received, RedirectSettings } from './redirects.js';
import type { EncodedBody } from './request-body.js';
import type { ParamSerializers } from './request-parts.js';
import type { MultipartDecoder } from './response-body.js';
import type { TypedText } from './response-shape.js';
import type { TokenCache } from './oauth2.js';
import type { Redact, Transport, WireRequest } from './transport.js';
import type { StreamPlugin } from './stream-response.js';
import type { Aborter } from '../resilience/with-timeout.js';
import type { AttemptSignal } from './transport-signal.js';
import type { FeatureContext, TransportFeature } from './transport-feature.js';
import type { ClientOptions, ClientResponse } from './types.js';
import { CONNECTION } from './handle.js';

/** The API-level facts a client needs (a slice of the ApiSpec). */
export interface ApiInfo {
  title: string;
  servers: ServerSpec[];
  securitySchemes: Record<string, SecuritySchemeSpec>;
}

/** How one operation's credentials are applied (`auth.ts`); imported by operations that have security. A plain value when nothing had to be waited for. */
export type ApplyAuth = (connection: Connection, op: OperationSpec, stale?: readonly string[]) => AppliedAuth | Promise<AppliedAuth>;
/** How one operation's request body is encoded (`request-body.ts`); imported by operations that take one. */
export type EncodeBody = (spec: RequestBodySpec | undefined, body: unknown, contentType: string | undefined, method: string, viaFetch: boolean) => EncodedBody;
/** Client-side redirect following (`redirects.ts`). */
export type FollowRedirects = (first: WireRequest, send: (request: WireRequest) => Promise<Received>, settings: RedirectSettings) => Promise<Received>;
/** The base URL from the spec's servers and `serverVariables` (`base-url.ts`); imported when a server URL has variables. */
export type ServerUrl = (template: string, variables: ServerSpec['variables'], overrides: Record<string, string>) => string;

/**
 * Code a client or an operation plugs in (see the module comment). A generated operation passes
 * the pieces it needs (its parameter serializers, `auth`, `encode`, `stream`, the response
 * decoders) with each call, and only those (the same in both client forms); `createClient` passes
 * `serverUrl` and `follow` when the spec needs them; the `Client` class passes everything, for
 * descriptors that bring no plugins of their own (`StatusCodeClient.call`).
 */
export interface Plugins extends ParamSerializers {
  auth?: ApplyAuth | undefined;
  encode?: EncodeBody | undefined;
  follow?: FollowRedirects | undefined;
  serverUrl?: ServerUrl | undefined;
  /** Streamed responses (`stream-response.ts` with the reader, `stream.ts`); passed by operations with one (SSE, JSON Lines). */
  stream?: StreamPlugin | undefined;
  /** Multipart responses (`multipart-response.ts`); without it a multipart body is handed out as bytes. */
  multipart?: MultipartDecoder | undefined;
  /** Text bodies read as a number/boolean schema (`body-shape.ts`). */
  typedText?: TypedText | undefined;
  /** Documented response headers read as their schema's type (`response-headers.ts`); without it every header is a string. */
  responseHeaders?: ((headers: Headers, declared: readonly HeaderSpec[]) => Record<string, unknown>) | undefined;
}

/** Builds the transport and says whether it follows redirects itself. */
export interface Platform {
  /** `features` may compose onto the dispatcher (undici path); the caller wraps the transport with them. */
  transport(
    options: ClientOptions,
    redact: Redact,
    features: readonly TransportFeature[],
    context: FeatureContext,
  ): {
    transport: Transport;
    viaFetch: boolean;
    fetchFollows: boolean;
    kind: FeatureContext['transport'];
    /** How its attempts' signals are made (default: AbortController; the Node transports take a lighter one). */
    aborter?: Aborter<AttemptSignal>;
  };
  /** Client-side redirects the platform needs anyway (Node: its transports never follow). */
  follow?: FollowRedirects;
  /** A new, empty request header set (Node: HeaderMap, which its transports read as a plain record). */
  headers?: () => Headers;
}

/** Installs `run`/`tokens` from the options that need them (`features.ts`). */
export type InstallFeatures = (connection: Connection) => void;

export { CONNECTION } from './handle.js';
export { clientApi } from './client-api.js';

export interface Connection {
  readonly api: ApiInfo;
  readonly options: ClientOptions;
  readonly clock: Clock;
  readonly baseUrls: string[];
  readonly transport: Transport;
  /** Whether requests go through fetch (which cannot send a GET/HEAD body). */
  readonly viaFetch: boolean;
  /** Whether fetch follows redirects itself (followRedirects unset, no dispatcher). */
  readonly fetchFollows: boolean;
  readonly maxResponseSize: number;
  /** The per-attempt timeout: `options.timeout`, default 30 000 ms; Infinity for none (`0`). */
  readonly timeout: number;
  /** Makes an attempt's signal: AbortController for fetch, the light signal for the Node transports. */
  readonly aborter: Aborter<AttemptSignal>;
  /** A new, empty request header set (the platform's). */
  readonly newHeaders: () => Headers;
  /** Set by features.ts when `throwOnError` is given: throws for a response the option names. */
  check: ((response: ClientResponse, op: OperationSpec) => void) | undefined;
  /** The spec's credential header and query names (stripped on origin change, redacted in messages). */
  readonly credentials: CredentialNames;
  readonly redact: Redact;
  /** Code every operation may use (the `Client` class plugs in everything; generated operations bring their own). */
  readonly plugins: Plugins;
  follow: FollowRedirects | undefined;
  /** The resilience chain; undefined: one attempt (with the per-attempt timeout) and `follow`. */
  run: ((build: (baseUrl: string) => WireRequest, exchange: Exchange, call: CallSettings) => Promise<Received>) | undefined;
  tokens: TokenCache | undefined;
  /** Set while optional features load (createClient with plain `retry`/`circuitBreaker`/… options). */
  ready: Promise<void> | undefined;
}

/** What the per-operation functions accept: `createClient(...)`'s result or a `Client`. */
export interface ApiClient {
  readonly [CONNECTION]: Connection;
}

/** Options whose code is not in the lean core (loaded by `features.ts`). */
export function needsFeatures(options: ClientOptions): boolean {
  return (
    options.retry !== undefined ||
    options.circuitBreaker !== undefined ||
    (options.baseUrls?.length ?? 0) > 1 ||
    options.strategy !== undefined ||
    options.failover !== undefined ||
    options.followRedirects !== undefined ||
    options.auth?.oauth2 !== undefined ||
    (options.throwOnError !== undefined && options.throwOnError !== false) ||
    (options.policies?.length ?? 0) > 0
  );
}

/**
 * Resolves `options` into a connection. `install` (the `Client` class passes it) sets up the
 * optional features at once; without it they are loaded on first use when the options need them.
 */
export function connect(api: ApiInfo, options: ClientOptions, platform: Platform, plugins: Plugins = {}, install?: InstallFeatures): ApiClient {
  const credentials = specCredentials(api);
  const redact: Redact = (text) => redactText(text, credentials);
  const clock = options.clock ?? systemClock;
  const baseUrls = resolveBaseUrls(api, options, plugins.serverUrl);
  const features = transportFeatures(options);
  const context: FeatureContext = { credentials, baseUrls, clock, transport: 'fetch' };
  const made = platform.transport(options, redact, features, context);
  context.transport = made.kind;
  let transport = made.transport;
  // inner to outer: trace sees what cookies add
  for (const feature of features) if (feature.wrap !== undefined) transport = feature.wrap(transport, context);
  const connection: Connection = {
    api,
    options,
    clock,
    baseUrls,
    transport,
    viaFetch: made.viaFetch,
    fetchFollows: made.fetchFollows,
    maxResponseSize: checkMaxResponseSize('maxResponseSize', options.maxResponseSize) ?? DEFAULT_MAX_RESPONSE_SIZE,
    timeout: resolveTimeout('timeout', options.timeout) ?? DEFAULT_TIMEOUT,
    aborter: made.aborter ?? newAbortController,
    newHeaders: platform.headers ?? newHeaders,
    check: undefined,
    credentials,
    redact,
    plugins,
    follow: platform.follow ?? plugins.follow,
    run: undefined,
    tokens: undefined,
    ready: undefined,
  };
  if (install !== undefined) install(connection);
  else if (needsFeatures(options)) {
    const ready = import('./features.js').then((m) => {
      m.installFeatures(connection);
      connection.ready = undefined;
    });
    ready.catch(() => undefined); // reported by the calls that wait for it
    connection.ready = ready;
  }
  return { [CONNECTION]: connection };
}

const newHeaders = (): Headers => new Headers();
const newAbortController: Aborter<AbortSignal> = () => new AbortController();

/** Flink's default request timeout. */
export const DEFAULT_TIMEOUT = 30_000;

/** A timeout option: ms ≥ 0, `0` and Infinity meaning none (Infinity); undefined when not given. */
export function resolveTimeout(option: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value === 0 || value === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  const error = new InvalidOptionsError(option, 'expected ms > 0, or 0 / Infinity for none');
  throw option.startsWith('init.') ? new InvalidRequestError(error.message) : error;
}

const FEATURES = { trace: 'traceLog()', cookies: 'cookieJar()', cache: 'httpCache()' } as const;

/** The transport features of the options, checked: values made by their functions, not `true`. */
function transportFeatures(options: ClientOptions): TransportFeature[] {
  const out: TransportFeature[] = [];
  for (const [key, make] of Object.entries(FEATURES) as Array<[keyof typeof FEATURES, string]>) {
    const value: unknown = options[key];
    if (value === undefined || value === false) continue;
    if (typeof value !== 'object' || value === null || typeof (value as TransportFeature).feature !== 'string') {
      throw new InvalidOptionsError(key, `expected ${make} from @contractgen/runtime/client (${key}: ${make}), so apps that do not use it do not bundle it`);
    }
    out.push(value as TransportFeature);
  }
  return out;
}

export function connectionOf(client: ApiClient): Connection {
  const connection = (client as Partial<ApiClient> | null | undefined)?.[CONNECTION];
  if (connection === undefined) throw new InvalidOptionsError('client', 'expected what createClient(...) returns, or a Client');
  return connection;
}

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The base URLs requests go to: `baseUrls`, else `baseUrl`, else the spec's first server with
 * its variables resolved (`serverVariables` over the defaults, `base-url.ts`). A relative server
 * URL is resolved against the page in a browser; elsewhere it needs `baseUrl`. Trailing slashes
 * are removed.
 */
function resolveBaseUrls(api: ApiInfo, options: ClientOptions, serverUrl: ServerUrl | undefined): string[] {
  if (options.baseUrls !== undefined && options.baseUrl !== undefined) {
    throw new InvalidOptionsError('baseUrls', 'give baseUrl or baseUrls, not both');
  }
  if (options.baseUrls !== undefined) {
    if (options.baseUrls.length === 0) throw new InvalidOptionsError('baseUrls', 'expected at least one URL');
    return options.baseUrls.map((url) => checkUrl('baseUrls', url));
  }
  if (options.baseUrl !== undefined) return [checkUrl('baseUrl', options.baseUrl)];
  const server = api.servers[0];
  if (server === undefined) {
    throw new InvalidOptionsError('baseUrl', `the spec "${api.title}" declares no servers: give baseUrl`);
  }
  // generated code passes `serverUrl` when a server URL has variables
  const url = serverUrl === undefined ? server.url : serverUrl(server.url, server.variables, options.serverVariables ?? {});
  if (ABSOLUTE.test(url)) return [checkUrl('baseUrl', url)];
  const page = (globalThis as { location?: { href?: unknown } }).location?.href;
  if (typeof page === 'string') return [checkUrl('baseUrl', new URL(url, page).href)];
  throw new InvalidOptionsError('baseUrl', `the spec's server URL "${url}" is relative: give an absolute baseUrl`);
}

function checkUrl(option: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidOptionsError(option, `"${url}" is not an absolute URL`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    // undici would send the request with the secret in the URL and fetch refuses it: refuse it
    // on every platform, and never repeat the secret (give credentials through `auth`)
    throw new InvalidOptionsError(option, `"${parsed.protocol}//${parsed.host}" must not carry a user name or password: give credentials through auth`);
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    throw new InvalidOptionsError(option, `"${url}" must not have a query or a fragment`);
  }
  return url.replace(/\/+$/, '');
}

/** A positive integer or Infinity (no limit); undefined when not given. */
export function checkMaxResponseSize(option: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value === Number.POSITIVE_INFINITY || (Number.isSafeInteger(value) && value > 0)) return value;
  const error = new InvalidOptionsError(option, 'expected a positive integer (bytes) or Infinity');
  throw option.startsWith('init.') ? new InvalidRequestError(error.message) : error;
}
