import type { Clock } from './types.js';
import { TimeoutError } from './errors.js';
import { abortedError } from './abort.js';
import { systemClock } from './clock.js';
import { disposeQuietly } from './dispose.js';
import { checkNumber } from './validate.js';

/** The reason a finished attempt's timer is cancelled with (a constant: no exception object per call). */
const TIMER_CANCELLED = Object.freeze({ reason: 'attempt settled' });

/**
 * Per-attempt timeout: runs `fn` with a signal that aborts after `ms` (reason: a
 * {@link TimeoutError}) and when `signal` aborts. Rejects TimeoutError on timeout and
 * {@link AbortedError} when the caller aborted, at once, without waiting for `fn` to settle;
 * a result `fn` delivers too late is disposed. `ms` undefined (or Infinity): no timeout.
 *
 * The timeout covers `fn` only: once it resolves (e.g. with response headers) the signal is
 * left alone, so a body still streaming is not cut off.
 */
export function withTimeout<T>(
  ms: number | undefined,
  fn: (signal: AbortSignal) => Promise<T>,
  signal?: AbortSignal,
  clock: Clock = systemClock,
): Promise<T> {
  return withTimeoutOf(ms, fn, signal, clock, newAbortController);
}

/** Makes the attempt's signal and aborts it: an AbortController, or something lighter of the same shape. */
export type Aborter<S> = () => { readonly signal: S; abort(reason: unknown): void };

const newAbortController: Aborter<AbortSignal> = () => new AbortController();

/**
 * {@link withTimeout} with the attempt's signal made by `aborter` (the client's Node transports take a
 * lighter signal than AbortSignal, which costs ~10 µs to create on Node 20).
 */
export function withTimeoutOf<T, S>(ms: number | undefined, fn: (signal: S) => Promise<T>, signal: AbortSignal | undefined, clock: Clock, aborter: Aborter<S>): Promise<T> {
  if (ms !== undefined && ms !== Infinity) checkNumber('timeout', ms, 0);
  if (signal?.aborted) return Promise.reject(abortedError(signal));
  const attempt = aborter();
  const timed = ms !== undefined && ms !== Infinity;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let cancelTimer: (() => void) | undefined;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      cancelTimer?.();
      return true;
    };
    const onAbort = (): void => {
      const error = abortedError(signal);
      if (settle()) reject(error);
      attempt.abort(error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timed) {
      const onTimeout = (): void => {
        const error = new TimeoutError(ms);
        if (settle()) reject(error);
        attempt.abort(error);
      };
      if (clock === systemClock) {
        // the real clock: a bare timer. An AbortController for the sleep and its abort() (which
        // builds a DOMException) cost ~40 µs per call — with the default 30 s timeout, every call.
        const handle = setTimeout(onTimeout, Math.max(0, ms));
        cancelTimer = () => clearTimeout(handle);
      } else {
        const timer = new AbortController();
        clock.sleep(ms, timer.signal).then(onTimeout, () => undefined); // rejected: cancelled (fn settled first, or the caller aborted)
        cancelTimer = () => timer.abort(TIMER_CANCELLED);
      }
    }
    let pending: Promise<T>;
    try {
      pending = fn(attempt.signal);
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending.then(
      (value) => {
        if (settle()) resolve(value);
        else void disposeQuietly(value);
      },
      (error: unknown) => {
        if (settle()) reject(error);
      },
    );
  });
}
