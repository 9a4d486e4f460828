import type { Clock, HttpResult, RetryOptions } from './types.js';
import type { CallInfo, Policy, PolicyFn } from './policy.js';
import { InvalidOptionsError, NetworkError, TimeoutError } from './errors.js';
import { abortedError, signalOrNever, throwIfAborted } from './abort.js';
import { Backoff, jitterMode } from './backoff.js';
import type { BackoffSettings } from './backoff.js';
import { systemClock } from './clock.js';
import { disposeQuietly } from './dispose.js';
import { Listeners } from './listeners.js';
import { parseRetryAfter } from './retry-after.js';
import { checkNumber } from './validate.js';
import { checkStatusCodes } from './status-codes.js';

export const DEFAULT_RETRY_STATUS_CODES: readonly number[] = [408, 429, 500, 502, 503, 504];
export const DEFAULT_RETRY_METHODS: readonly string[] = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE'];

/** Emitted before each wait: `attempt` is the number of attempts made so far (1 before the first retry). */
export interface RetryEvent {
  attempt: number;
  delay: number;
  status?: number;
  error?: unknown;
}

/**
 * Retries an HTTP attempt per Ballerina's retry config, plus jitter, Retry-After and an
 * idempotent-methods-only default. Written by hand rather than on cockatiel's `retry()`:
 * cockatiel waits with a bare `setTimeout` (no injectable clock, and the wait ignores the
 * AbortSignal), and it cannot dispose a discarded response or read its Retry-After.
 */
export class RetryPolicy implements Policy<HttpResult> {
  readonly #count: number;
  readonly #statusCodes: ReadonlySet<number>;
  readonly #methods: ReadonlySet<string>;
  readonly #backoff: BackoffSettings;
  readonly #clock: Clock;
  readonly #onRetry = new Listeners<RetryEvent>();

  constructor(options: RetryOptions, clock: Clock = systemClock) {
    checkNumber('count', options.count, 0, true);
    checkNumber('interval', options.interval, 0);
    const backoffFactor = options.backoffFactor ?? 2;
    checkNumber('backoffFactor', backoffFactor, 1);
    const maxInterval = options.maxInterval ?? 30_000;
    checkNumber('maxInterval', maxInterval, 0);
    const statusCodes = options.statusCodes ?? DEFAULT_RETRY_STATUS_CODES;
    checkStatusCodes('statusCodes', statusCodes);
    if (![undefined, true, false, 'none', 'full', 'decorrelated'].includes(options.jitter)) {
      throw new InvalidOptionsError('jitter', "expected a boolean, 'none', 'full' or 'decorrelated'");
    }
    this.#count = options.count;
    this.#statusCodes = new Set(statusCodes);
    this.#methods = new Set((options.methods ?? DEFAULT_RETRY_METHODS).map((m) => m.toUpperCase()));
    this.#backoff = {
      interval: options.interval,
      backoffFactor,
      maxInterval,
      jitter: jitterMode(options.jitter),
      random: options.random ?? Math.random,
    };
    this.#clock = clock;
  }

  /**
   * Runs `fn`; retries when `call.method` is retryable (or not given) and the body can be sent again (`call.replayable` not false), and the result's status is in `statusCodes`, or
   * `fn` rejects with a {@link NetworkError} or {@link TimeoutError} (never AbortedError, never
   * CircuitOpenError). Honours Retry-After (seconds or HTTP date, capped by `maxInterval`). Calls
   * `result.dispose()` on a result it throws away. Rejects {@link AbortedError} at once when
   * `signal` aborts. Returns the last result when retries are exhausted on a status.
   */
  async execute<T extends HttpResult>(fn: PolicyFn<T>, signal?: AbortSignal, call: CallInfo = {}): Promise<T> {
    const retryable = (call.method === undefined || this.#methods.has(call.method.toUpperCase())) && call.replayable !== false;
    const attemptSignal = signalOrNever(signal);
    const backoff = new Backoff(this.#backoff);
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(signal);
      let result: T;
      try {
        result = await fn(attemptSignal, call);
      } catch (error) {
        if (signal?.aborted) throw abortedError(signal);
        if (!retryable || attempt > this.#count || !isRetryableError(error)) throw error;
        await this.#wait({ attempt, delay: backoff.next(), error }, signal);
        continue;
      }
      if (!retryable || attempt > this.#count || !this.#statusCodes.has(result.status)) return result;
      const computed = backoff.next();
      const retryAfter = parseRetryAfter(result.headers.get('retry-after'), this.#clock.now());
      const delay = retryAfter === undefined ? computed : Math.min(retryAfter, this.#backoff.maxInterval);
      await disposeQuietly(result);
      await this.#wait({ attempt, delay, status: result.status }, signal);
    }
  }

  /** Listens to retries; returns a function that removes the listener. */
  onRetry(listener: (e: RetryEvent) => void): () => void {
    return this.#onRetry.add(listener);
  }

  async #wait(event: RetryEvent, signal: AbortSignal | undefined): Promise<void> {
    throwIfAborted(signal);
    this.#onRetry.emit(event);
    try {
      await this.#clock.sleep(event.delay, signal);
    } catch (error) {
      if (signal?.aborted) throw abortedError(signal);
      throw error;
    }
  }
}

function isRetryableError(error: unknown): boolean {
  return error instanceof NetworkError || error instanceof TimeoutError;
}
