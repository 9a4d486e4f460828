import type { CallInit } from '../client/types.js';
import type { Clock } from '../resilience/types.js';

/**
 * A generated operation as issue 14's per-operation functions declare it:
 * `(api, req, init) => Promise<result>`. The sink calls it once per request, so the
 * client's policies (auth, retry, breaker, timeout, interceptors) apply to every request.
 */
export type SinkOperation<Api, Req, Res> = (api: Api, req: Req, init?: CallInit) => Promise<Res>;

/** The body of a request type (every member of a union), without `undefined`. */
export type RequestBody<Req> = Req extends unknown ? ('body' extends keyof Req ? Exclude<Req['body' & keyof Req], undefined> : never) : never;

/** Batch mode: a record is an item of the request body's array. */
export type BatchRecord<Req> = RequestBody<Req> extends infer B ? (B extends readonly (infer T)[] ? T : never) : never;

/** Single mode: a record is the whole request body. */
export type SingleRecord<Req> = RequestBody<Req>;

/** `toRequest` may be left out when `{ body }` alone is a valid request. */
type ToRequest<In, Req> = { body: In } extends Req ? { toRequest?: (input: In) => Req } : { toRequest: (input: In) => Req };

export interface SinkCommonOptions<R, Res> {
  /** Requests in flight at once (default 1: requests, and their callbacks, one after another in write order). */
  maxInFlight?: number;
  /**
   * Records the sink holds at most, waiting or in flight (default 10 000; at least `batchSize`).
   * When it holds that many, `write()` waits until a request completes: memory stays bounded.
   */
  maxBuffered?: number;
  /**
   * Batch mode: ms a record waits in a partly filled batch before the batch is sent anyway
   * (default 1000; `Infinity`: only full batches, `flush()` and `close()` send). The timer starts when
   * a record enters an empty buffer.
   */
  flushInterval?: number;
  /**
   * Called once per request with the operation's result (every status: the typed union) and the
   * records it carried — Flink's request callback. Awaited before the request's slot is freed.
   */
  onResult: (result: Res, records: readonly R[]) => unknown;
  /**
   * Called once per request the operation rejected (NetworkError, TimeoutError, CircuitOpenError,
   * AbortedError, AuthError, InvalidRequestError…, after the client's retries), with its records;
   * also with SinkCallbackError when `onResult` threw, and with SinkAbortedError for the records an
   * abort left unsent. Without it, such failures make the next `flush()`/`close()` reject with SinkFailedError.
   */
  onError?: (error: unknown, records: readonly R[]) => unknown;
  /** Per-request options passed to the operation (headers, timeout…); the signal is `signal`. */
  init?: Omit<CallInit, 'signal'>;
  /**
   * Aborts the sink: in-flight requests are aborted (their records go to `onError` with the client's
   * AbortedError: the server may have received them), buffered records are not sent (`onError` with
   * SinkAbortedError), waiting and later writes reject with SinkAbortedError.
   */
  signal?: AbortSignal;
  /** Time source for `flushInterval` (tests). */
  clock?: Clock;
}

export type BatchSinkOptions<R, Req, Res> = SinkCommonOptions<R, Res> & {
  mode: 'batch';
  /** Records per request (default 500, Flink's `batch.size`). */
  batchSize?: number;
} & ToRequest<R[], Req>;

export type SingleSinkOptions<R, Req, Res> = SinkCommonOptions<R, Res> & { mode: 'single' } & ToRequest<R, Req>;

export type SinkMode = 'batch' | 'single';

/** The record type of a sink over an operation taking `Req`, in `Mode`. */
export type SinkRecord<Mode extends SinkMode, Req> = Mode extends 'batch' ? BatchRecord<Req> : SingleRecord<Req>;

/** createSink's options for `Mode` (`mode` is the discriminant). */
export type SinkOptions<Mode extends SinkMode, Req, Res> = { mode: Mode } & (Mode extends 'batch'
  ? [BatchRecord<Req>] extends [never]
    ? SinkCommonOptions<never, Res> & { 'batch mode needs an operation whose request body is an array': never }
    : BatchSinkOptions<BatchRecord<Req>, Req, Res>
  : SingleSinkOptions<SingleRecord<Req>, Req, Res>);

export interface Sink<R> {
  /** Buffers one record; resolves once it is buffered (waits while the sink holds `maxBuffered`). */
  write(record: R): Promise<void>;
  /**
   * Sends every record buffered so far (partial batch included) and resolves when those requests and
   * their callbacks have completed. Rejects with SinkFailedError for failures nobody was told of.
   */
  flush(): Promise<void>;
  /**
   * Stops taking records (later writes reject with SinkClosedError), sends everything buffered
   * (writes still waiting for room included) and resolves when every request and callback is done.
   * Rejects with SinkFailedError like `flush()`. Idempotent.
   */
  close(): Promise<void>;
  /** Records held: buffered, waiting for a request slot, or in flight. */
  readonly buffered: number;
  /** Requests in flight. */
  readonly inFlight: number;
}
