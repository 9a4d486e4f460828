/**
 * How the opt-in client features of issue 17 (trace logs, the cookie jar, the HTTP cache) plug
 * into a client: each is a value the user creates (`traceLog()`, `cookieJar()`, `httpCache()`)
 * and passes in the options, so an app that does not use one does not bundle it. A feature wraps
 * the transport (below redirects and retries: it sees every exchange on the wire) and/or, on the
 * undici path, composes onto the dispatcher (undici's interceptors).
 */
import type { Clock } from '../resilience/types.js';
import type { CredentialNames } from './credentials.js';
import type { Transport } from './transport.js';
import type { DispatcherLike } from './types.js';

/** What a feature is told about the client it is installed on. */
export interface FeatureContext {
  /** The spec's credential header and query names (Authorization, Cookie, apiKey schemes…). */
  credentials: CredentialNames;
  /** The client's base URLs: the first-party sites (cookies' SameSite). */
  baseUrls: readonly string[];
  clock: Clock;
  /** Which transport the client uses: a feature that cannot work on it throws InvalidOptionsError. */
  transport: 'fetch' | 'undici' | 'node:http';
}

/**
 * The parts of the undici module a feature or the client's dispatcher uses, typed structurally:
 * undici is an optional peer, so the runtime's declarations must not import its types.
 */
export interface UndiciLike {
  Agent: new (options: never) => unknown;
  ProxyAgent: new (options: never) => unknown;
  EnvHttpProxyAgent: new (options: never) => unknown;
  interceptors: object;
  cacheStores?: object;
}

export interface TransportFeature {
  /** 'trace' | 'cookies' | 'cache': names the feature in error messages. */
  readonly feature: string;
  /** Wraps the transport (called once per client). */
  wrap?(transport: Transport, context: FeatureContext): Transport;
  /** Composes onto the undici dispatcher the client uses (called once per client, undici path only). */
  dispatcher?(dispatcher: DispatcherLike, undici: UndiciLike, context: FeatureContext): DispatcherLike;
}
