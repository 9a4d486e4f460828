/**
 * The composition of the resilience policies around one exchange, outer to
 * inner (RESILIENCE.md), every one of them a {@link Policy}:
 * the user's `policies` → endpoint pool (failover / round-robin) → the base
 * URL's circuit breaker (one "request" includes its redirects and retries) →
 * redirects → retry → per-attempt timeout → transport.
 */
import type { Clock, CircuitBreakerOptions, FailoverOptions, HttpResult, RetryOptions } from '../resilience/types.js';
import { EndpointBreakers } from '../resilience/circuit-breaker.js';
import { EndpointPool } from '../resilience/endpoint-pool.js';
import { RetryPolicy } from '../resilience/retry-policy.js';
import { TimeoutPolicy } from '../resilience/timeout-policy.js';
import { systemClock } from '../resilience/clock.js';
import { wrap, type CallInfo, type Policy } from '../resilience/policy.js';
import type { CredentialNames } from './credentials.js';
import { withRedirects, type Received, type RedirectPolicy } from './redirects.js';
import type { WireRequest } from './transport.js';
import type { AttemptSignal } from './transport-signal.js';
import type { Aborter } from '../resilience/with-timeout.js';

export interface PipelineOptions {
  baseUrls: string[];
  strategy?: 'failover' | 'round-robin' | undefined;
  failover?: FailoverOptions | undefined;
  retry?: RetryOptions | undefined;
  circuitBreaker?: CircuitBreakerOptions | undefined;
  timeout?: number | undefined;
  /** Client-side redirect following (always on: a transport that follows redirects itself returns no 3xx to follow). */
  redirects: RedirectPolicy;
  /** The user's own policies, outermost first, around everything else. */
  policies?: ReadonlyArray<Policy<HttpResult> | Policy> | undefined;
  clock?: Clock | undefined;
  /** Makes each attempt's signal (the connection's: the light one for the Node transports); default AbortController. */
  aborter?: Aborter<AttemptSignal> | undefined;
}

/** One attempt: send `request`, read its body. Rejects with a typed transport error. */
export type Exchange = (request: WireRequest, signal: AttemptSignal) => Promise<Received>;

export interface CallSettings {
  method: string;
  /** Per-call timeout (overrides the client's). */
  timeout?: number | undefined;
  signal?: AbortSignal | undefined;
  /** False for a stream body: no retries, no 307/308 replays. */
  replayable: boolean;
  /** The credentials to drop when a redirect changes the origin. */
  credentials: CredentialNames;
  /** A URL as it may appear in an error message (credentials redacted). */
  redact: (url: string) => string;
}

export class Pipeline {
  readonly baseUrls: readonly string[];
  readonly #redirects: RedirectPolicy;
  /** Around one request to one base URL (the breaker). */
  readonly #outer: Policy<HttpResult>;
  /** Around one attempt (retry, timeout). */
  readonly #inner: Policy<HttpResult>;
  readonly #breakers: EndpointBreakers | undefined;

  constructor(options: PipelineOptions) {
    const clock = options.clock ?? systemClock;
    this.baseUrls = options.baseUrls;
    this.#redirects = options.redirects;
    this.#breakers = options.circuitBreaker === undefined ? undefined : new EndpointBreakers(options.circuitBreaker, clock);
    const breakers = this.#breakers;
    const pool =
      options.baseUrls.length > 1
        ? new EndpointPool(
            {
              baseUrls: options.baseUrls,
              strategy: options.strategy ?? 'failover',
              ...(options.failover === undefined ? {} : { failover: options.failover }),
              ...(breakers === undefined ? {} : { breaker: (url: string) => breakers.get(url) }),
            },
            clock,
          )
        : undefined;
    this.#outer = wrap<HttpResult>(...(options.policies ?? []), pool, breakers);
    // innermost, right in front of the exchange: the attempt's signal goes to the transport only
    // (so it may be the connection's light one, not an AbortSignal)
    this.#inner = wrap<HttpResult>(
      options.retry === undefined ? undefined : new RetryPolicy(options.retry, clock),
      new TimeoutPolicy(options.timeout, clock, options.aborter as Aborter<AbortSignal> | undefined),
    );
  }

  /** The breaker guarding `baseUrl`, when `circuitBreaker` is configured. */
  breaker(baseUrl: string): import('../resilience/circuit-breaker.js').CircuitBreaker | undefined {
    return this.#breakers?.get(baseUrl);
  }

  execute(build: (baseUrl: string) => WireRequest, exchange: Exchange, call: CallSettings): Promise<Received> {
    const info: CallInfo = { method: call.method, baseUrl: this.baseUrls[0]!, replayable: call.replayable, ...(call.timeout === undefined ? {} : { timeout: call.timeout }) };
    const redirects = { ...this.#redirects, replayable: call.replayable, credentials: call.credentials, redact: call.redact };
    return this.#outer.execute(
      (signal, c) =>
        withRedirects(build(c.baseUrl ?? this.baseUrls[0]!), (request) => this.#inner.execute((s) => exchange(request, s), signal, c), redirects),
      call.signal,
      info,
    );
  }
}
