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
        // the real clock: a deadline in the queue of its duration (one timer per duration, not per
        // attempt). An AbortController'd sleep cost ~40 µs per call, a timer per attempt a few µs.
        cancelTimer = deadline(Math.max(0, ms), onTimeout);
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

/** A pending deadline, linked into the queue of its duration (deadlines there only grow). */
interface Deadline {
  at: number;
  fire: (() => void) | undefined;
  prev: Deadline | undefined;
  next: Deadline | undefined;
}

/**
 * All deadlines of one duration, oldest first, under one timer armed for the oldest. A settled
 * attempt unlinks its deadline at once (nothing kept); the timer is left armed when the queue
 * empties (no clear/set per call one at a time) but unref'd, so it never keeps a process alive.
 */
class DeadlineQueue {
  head: Deadline | undefined = undefined;
  tail: Deadline | undefined = undefined;
  timer: ReturnType<typeof setTimeout> | undefined = undefined;
  /** When the armed timer fires. */
  armedAt = 0;
  refed = false;

  constructor(readonly ms: number) {}

  add(fire: () => void): Deadline {
    const at = performance.now() + this.ms;
    const entry: Deadline = { at, fire, prev: this.tail, next: undefined };
    if (this.tail === undefined) this.head = entry;
    else this.tail.next = entry;
    this.tail = entry;
    if (this.timer === undefined || this.armedAt > at) this.arm(at);
    else this.ref(true);
    return entry;
  }

  remove(entry: Deadline): void {
    if (entry.fire === undefined) return;
    entry.fire = undefined;
    if (entry.prev === undefined) this.head = entry.next;
    else entry.prev.next = entry.next;
    if (entry.next === undefined) this.tail = entry.prev;
    else entry.next.prev = entry.prev;
    entry.prev = entry.next = undefined;
    if (this.head === undefined) this.ref(false);
  }

  arm(at: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.armedAt = at;
    this.timer = setTimeout(() => this.expire(), Math.max(0, Math.ceil(at - performance.now())));
    this.refed = true;
  }

  ref(on: boolean): void {
    if (this.refed === on) return;
    this.refed = on;
    const timer = this.timer as { ref?: () => void; unref?: () => void } | undefined;
    if (on) timer?.ref?.();
    else timer?.unref?.();
  }

  expire(): void {
    this.timer = undefined;
    // the timer's own clock says the deadline it was armed for has come (so fake timers in a user's
    // tests still fire timeouts); deadlines within the timers' 1 ms resolution of it fire with it
    const now = Math.max(performance.now(), this.armedAt) + 1;
    let failure: { error: unknown } | undefined;
    while (this.head !== undefined && this.head.at <= now) {
      const entry = this.head;
      const fire = entry.fire!;
      this.remove(entry);
      try {
        fire();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (this.head !== undefined) this.arm(this.head.at);
    else queues.delete(this.ms);
    if (failure !== undefined) throw failure.error;
  }
}

const queues = new Map<number, DeadlineQueue>();

/** Runs `fire` after `ms` unless the returned cancel runs first (shares one timer with every deadline of the same `ms`). */
function deadline(ms: number, fire: () => void): () => void {
  let queue = queues.get(ms);
  if (queue === undefined) queues.set(ms, (queue = new DeadlineQueue(ms)));
  const entry = queue.add(fire);
  const owner = queue;
  return () => owner.remove(entry);
}
