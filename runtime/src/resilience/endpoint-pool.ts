import type { Clock, FailoverOptions, HttpResult } from './types.js';
import type { CallInfo, Policy, PolicyFn } from './policy.js';
import { AbortedError, InvalidOptionsError, NetworkError, TimeoutError } from './errors.js';
import { AllEndpointsFailedError, CircuitOpenError } from './policy-errors.js';
import { abortedError, signalOrNever, throwIfAborted } from './abort.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import { systemClock } from './clock.js';
import { disposeQuietly } from './dispose.js';
import { checkNumber } from './validate.js';
import { checkStatusCodes } from './status-codes.js';

export const DEFAULT_FAILOVER_STATUS_CODES: readonly number[] = [501, 502, 503, 504];

export interface EndpointPoolOptions {
  baseUrls: string[];
  strategy: 'failover' | 'round-robin';
  /** Failover conditions; always on for 'failover', on for 'round-robin' only when given. */
  failover?: FailoverOptions;
  /**
   * The breaker guarding a base URL, read (never run) to skip targets it would reject.
   * Run the breaker inside `fn`; its CircuitOpenError also moves on to the next target.
   */
  breaker?: (baseUrl: string) => CircuitBreaker | undefined;
}

type Failure = { baseUrl: string; error?: unknown; status?: number };

/** Failover (Ballerina) and round-robin load balancing across base URLs. */
export class EndpointPool implements Policy<HttpResult> {
  readonly #baseUrls: readonly string[];
  readonly #strategy: 'failover' | 'round-robin';
  readonly #failoverOn: boolean;
  readonly #statusCodes: ReadonlySet<number>;
  readonly #interval: number;
  readonly #breaker: ((baseUrl: string) => CircuitBreaker | undefined) | undefined;
  readonly #clock: Clock;
  /** failover: the target that worked last; round-robin: the next call's first target. */
  #cursor = 0;

  constructor(options: EndpointPoolOptions, clock: Clock = systemClock) {
    if (!Array.isArray(options.baseUrls) || options.baseUrls.length === 0) {
      throw new InvalidOptionsError('baseUrls', 'expected at least one base URL');
    }
    if (options.strategy !== 'failover' && options.strategy !== 'round-robin') {
      throw new InvalidOptionsError('strategy', `expected 'failover' or 'round-robin', got ${String(options.strategy)}`);
    }
    const statusCodes = options.failover?.statusCodes ?? DEFAULT_FAILOVER_STATUS_CODES;
    checkStatusCodes('failover.statusCodes', statusCodes);
    this.#interval = options.failover?.interval ?? 0;
    checkNumber('failover.interval', this.#interval, 0);
    this.#baseUrls = [...options.baseUrls];
    this.#strategy = options.strategy;
    this.#failoverOn = options.strategy === 'failover' || options.failover !== undefined;
    this.#statusCodes = new Set(statusCodes);
    this.#breaker = options.breaker;
    this.#clock = clock;
  }

  /**
   * Runs `fn` with `call.baseUrl` set to each target in turn. failover: tries targets in order starting from the last one that worked; moves on on
   * NetworkError / TimeoutError / CircuitOpenError or a status in `failover.statusCodes`, waiting
   * `interval` between attempts. round-robin: each call starts at the next target in turn. Both
   * skip targets whose breaker would reject. All failed (or skipped) → {@link AllEndpointsFailedError}
   * carrying each target's failure; status results are disposed.
   */
  async execute<T extends HttpResult>(fn: PolicyFn<T>, signal?: AbortSignal, call: CallInfo = {}): Promise<T> {
    throwIfAborted(signal);
    const n = this.#baseUrls.length;
    const start = this.#cursor % n;
    if (this.#strategy === 'round-robin') this.#cursor = (start + 1) % n;
    const attemptSignal = signalOrNever(signal);
    const failures: Failure[] = [];
    let attempted = false;
    for (let i = 0; i < n; i++) {
      const index = (start + i) % n;
      const baseUrl = this.#baseUrls[index] as string;
      const breaker = this.#breaker?.(baseUrl);
      if (breaker !== undefined && !breaker.canExecute()) {
        failures.push({ baseUrl, error: new CircuitOpenError(breaker.retryAfter) });
        continue;
      }
      if (attempted && this.#interval > 0) await this.#sleep(signal);
      attempted = true;
      let result: T;
      try {
        result = await fn(attemptSignal, { ...call, baseUrl });
      } catch (error) {
        if (signal?.aborted) throw abortedError(signal);
        if (!this.#failoverOn || !movesOn(error)) throw error;
        failures.push({ baseUrl, error });
        continue;
      }
      if (this.#failoverOn && this.#statusCodes.has(result.status)) {
        failures.push({ baseUrl, status: result.status });
        await disposeQuietly(result);
        continue;
      }
      if (this.#strategy === 'failover') this.#cursor = index;
      return result;
    }
    throw new AllEndpointsFailedError(failures);
  }

  async #sleep(signal: AbortSignal | undefined): Promise<void> {
    try {
      await this.#clock.sleep(this.#interval, signal);
    } catch (error) {
      if (signal?.aborted || error instanceof AbortedError) throw abortedError(signal);
      throw error;
    }
  }
}

function movesOn(error: unknown): boolean {
  return error instanceof NetworkError || error instanceof TimeoutError || error instanceof CircuitOpenError;
}
