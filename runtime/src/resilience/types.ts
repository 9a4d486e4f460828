/**
 * The contract shared by the resilience policies and the client that composes
 * them. Policies are HTTP-aware: an attempt resolves to a response-like value
 * (so retry and the breaker can look at its status and Retry-After) or rejects
 * with a transport error.
 */

/** What one HTTP attempt resolves to. `dispose` frees a body that will be thrown away (e.g. before a retry). */
export interface HttpResult {
  status: number;
  headers: { get(name: string): string | null };
  dispose?: () => void | Promise<void>;
}

/** Injectable time source so tests can use fake timers. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface RetryOptions {
  /** Retries after the first attempt: `count + 1` attempts in all. */
  count: number;
  /** First wait in ms. */
  interval: number;
  /** Multiplier per retry (default 2). */
  backoffFactor?: number;
  /** Cap for one wait in ms, Retry-After included (default 30 000). */
  maxInterval?: number;
  /**
   * Randomises the waits (default 'none': exact Ballerina waits). `true` means 'full': a uniform draw
   * in [0, wait). 'decorrelated': cockatiel's decorrelated-jitter generator. Retry-After waits are never jittered.
   */
  jitter?: boolean | 'none' | 'full' | 'decorrelated';
  /** Random source in [0, 1) for 'full' jitter (default Math.random); tests inject one. */
  random?: () => number;
  /** Status codes that are retried (default 408, 429, 500, 502, 503, 504). */
  statusCodes?: number[];
  /** Methods that are retried, case-insensitive (default the idempotent ones: GET, HEAD, OPTIONS, PUT, DELETE, TRACE). */
  methods?: string[];
}

export interface CircuitBreakerOptions {
  rollingWindow?: {
    /** ms, default 60 000 */
    timeWindow?: number;
    /** ms, default 10 000 */
    bucketSize?: number;
    /** default 10 */
    requestVolumeThreshold?: number;
  };
  /** Ratio in [0, 1] (else a CG_INVALID_OPTIONS error); trips when failures / (failures + successes) is strictly greater. */
  failureThreshold: number;
  /** ms since the last error after which OPEN lets one trial request through (strictly greater). */
  resetTime: number;
  /** Responses with these statuses count as failures but are still returned (default none). */
  statusCodes?: number[];
}

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface FailoverOptions {
  /** Statuses that move on to the next base URL (default 501, 502, 503, 504). */
  statusCodes?: number[];
  /** ms to wait before trying the next target after a failed one (default 0). */
  interval?: number;
}
