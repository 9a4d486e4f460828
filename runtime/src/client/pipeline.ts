/**
 * The composition of the resilience policies around one exchange, outer to
 * inner (RESILIENCE.md): endpoint pool (failover / round-robin) → the base
 * URL's circuit breaker (one "request" includes its redirects and retries) →
 * redirects → retry → per-attempt timeout → transport. The policies themselves
 * live in `../resilience`.
 */
import type { Clock, CircuitBreakerOptions, FailoverOptions, RetryOptions } from '../resilience/types.js';
import { CircuitBreaker, EndpointPool, RetryPolicy, systemClock, withTimeout } from '../resilience/index.js';
import { AbortedError } from '../resilience/errors.js';
import type { CredentialNames } from './credentials.js';
import { withRedirects, type Received, type RedirectPolicy } from './redirects.js';
import type { WireRequest } from './transport.js';

export interface PipelineOptions {
  baseUrls: string[];
  strategy?: 'failover' | 'round-robin' | undefined;
  failover?: FailoverOptions | undefined;
  retry?: RetryOptions | undefined;
  circuitBreaker?: CircuitBreakerOptions | undefined;
  timeout?: number | undefined;
  /** Client-side redirect following (always on: a transport that follows redirects itself returns no 3xx to follow). */
  redirects: RedirectPolicy;
  clock?: Clock | undefined;
}

/** One attempt: send `request`, read its body. Rejects with a typed transport error. */
export type Exchange = (request: WireRequest, signal: AbortSignal) => Promise<Received>;

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
  readonly #options: PipelineOptions;
  readonly #clock: Clock;
  readonly #retry: RetryPolicy | undefined;
  readonly #breakers = new Map<string, CircuitBreaker>();
  readonly #pool: EndpointPool | undefined;

  constructor(options: PipelineOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.baseUrls = options.baseUrls;
    this.#retry = options.retry === undefined ? undefined : new RetryPolicy(options.retry, this.#clock);
    if (options.circuitBreaker !== undefined) {
      for (const url of options.baseUrls) this.#breakers.set(url, new CircuitBreaker(options.circuitBreaker, this.#clock));
    }
    this.#pool =
      options.baseUrls.length > 1
        ? new EndpointPool(
            {
              baseUrls: options.baseUrls,
              strategy: options.strategy ?? 'failover',
              ...(options.failover === undefined ? {} : { failover: options.failover }),
              breaker: (url) => this.#breakers.get(url),
            },
            this.#clock,
          )
        : undefined;
  }

  /** The breaker guarding `baseUrl`, when `circuitBreaker` is configured. */
  breaker(baseUrl: string): CircuitBreaker | undefined {
    return this.#breakers.get(baseUrl);
  }

  execute(build: (baseUrl: string) => WireRequest, exchange: Exchange, call: CallSettings): Promise<Received> {
    const timeout = call.timeout ?? this.#options.timeout;
    const attempt = (request: WireRequest, signal: AbortSignal): Promise<Received> =>
      withTimeout(timeout, (s) => exchange(request, s), signal, this.#clock);
    const retried = (request: WireRequest, signal: AbortSignal): Promise<Received> =>
      this.#retry !== undefined && call.replayable
        ? this.#retry.execute(call.method, (s) => attempt(request, s), signal)
        : attempt(request, signal);
    const redirects = { ...this.#options.redirects, replayable: call.replayable, credentials: call.credentials, redact: call.redact };
    const guarded = (baseUrl: string, signal: AbortSignal): Promise<Received> => {
      const run = (s: AbortSignal): Promise<Received> => withRedirects(build(baseUrl), (request) => retried(request, s), redirects);
      const breaker = this.#breakers.get(baseUrl);
      return breaker === undefined ? run(signal) : breaker.execute(run, signal);
    };
    if (this.#pool !== undefined) return this.#pool.execute(guarded, call.signal);
    const signal = call.signal ?? new AbortController().signal;
    if (signal.aborted) return Promise.reject(new AbortedError({ cause: signal.reason }));
    return guarded(this.baseUrls[0]!, signal);
  }
}
