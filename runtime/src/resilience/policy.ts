/**
 * The one policy shape (cockatiel's): `execute(fn, signal)` runs `fn` under the
 * policy and resolves with its result; `wrap(outer, …, inner)` composes them.
 * The client adds one optional argument, `call`: what the policy may need to
 * know about the HTTP call it guards (the method, for retry's idempotency rule;
 * the base URL, for a breaker per endpoint; whether the body can be sent
 * again). A policy passes `call` on to `fn` (changing `baseUrl` when it picks
 * the endpoint, as failover does); `fn` gets the signal to honour and `call`.
 */
import { NEVER_ABORTS } from './abort.js';

/** What a policy may know about the call it guards. All optional: a policy also guards plain functions. */
export interface CallInfo {
  /** Upper-case HTTP method. */
  method?: string;
  /** The base URL the request goes to (set by an endpoint pool for what runs inside it). */
  baseUrl?: string;
  /** False when the request body is a stream that cannot be sent twice (no retries). */
  replayable?: boolean;
  /** Per-call timeout in ms (overrides a timeout policy's own). */
  timeout?: number;
}

/** The guarded work: honours `signal` (aborted by the caller, a timeout or the policy), may read `call`. */
export type PolicyFn<T> = (signal: AbortSignal, call: CallInfo) => Promise<T>;

/**
 * A resilience policy. `R` bounds what `fn` may resolve to: retry and the circuit breaker look at
 * an HTTP result's status (`HttpResult`); a timeout or a user's logging policy takes anything.
 */
export interface Policy<R = unknown> {
  execute<T extends R>(fn: PolicyFn<T>, signal?: AbortSignal, call?: CallInfo): Promise<T>;
}

const NO_CALL: CallInfo = Object.freeze({});

/** Runs `fn` as it is (the identity of `wrap`). */
export const noPolicy: Policy = {
  execute: (fn, signal, call) => fn(signal ?? NEVER_ABORTS, call ?? NO_CALL),
};

/**
 * Composes policies outer to inner: `wrap(retry, breaker, timeout).execute(fn)` is
 * `retry.execute((s, c) => breaker.execute((s2, c2) => timeout.execute(fn, s2, c2), s, c))`.
 */
export function wrap<R = unknown>(...policies: ReadonlyArray<Policy<R> | Policy | undefined>): Policy<R> {
  const list = policies.filter((p): p is Policy<R> => p !== undefined);
  if (list.length === 0) return noPolicy as Policy<R>;
  if (list.length === 1) return list[0]!;
  return {
    execute<T extends R>(fn: PolicyFn<T>, signal?: AbortSignal, call?: CallInfo): Promise<T> {
      const run = (index: number, s: AbortSignal | undefined, c: CallInfo | undefined): Promise<T> =>
        index === list.length ? fn(s ?? NEVER_ABORTS, c ?? NO_CALL) : list[index]!.execute((s2, c2) => run(index + 1, s2, c2 ?? c), s, c);
      return run(0, signal, call);
    },
  };
}
