import { AbortedError } from './errors.js';

/** The error every policy rejects with when the caller's signal aborts. */
export function abortedError(signal: AbortSignal | undefined): AbortedError {
  return signal?.reason instanceof AbortedError ? signal.reason : new AbortedError({ cause: signal?.reason });
}

/** Throws {@link AbortedError} when `signal` has already aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError(signal);
}

/** The caller's signal, or one that never aborts (an attempt always receives a signal). */
export function signalOrNever(signal: AbortSignal | undefined): AbortSignal {
  return signal ?? new AbortController().signal;
}
