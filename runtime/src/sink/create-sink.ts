/**
 * A batching sink over a generated operation (Apache Flink's HTTP sink): records are written one by
 * one, grouped into requests by size and time, sent with at most `maxInFlight` requests at once,
 * and each request's result is handed to `onResult`. Memory is bounded by `maxBuffered` records.
 */
import { SinkAbortedError, SinkCallbackError, SinkClosedError, SinkFailedError, type SinkFailure } from './errors.js';
import { resolveSinkOptions, type ResolvedSinkOptions, type SinkOptionsInput } from './options.js';
import type { Sink, SinkMode, SinkOperation, SinkOptions, SinkRecord } from './types.js';

/**
 * Creates a sink over `operation` (a generated operation function) called with `api`. In batch
 * mode a record is one item of the operation's array body; in single mode it is the body.
 */
export function createSink<Api, Req, Res, Mode extends SinkMode>(
  operation: SinkOperation<Api, Req, Res>,
  api: NoInfer<Api>,
  options: SinkOptions<Mode, NoInfer<Req>, NoInfer<Res>>,
): Sink<SinkRecord<Mode, Req>>;
export function createSink(operation: SinkOperation<unknown, unknown, unknown>, api: unknown, options: SinkOptionsInput): Sink<unknown> {
  const resolved = resolveSinkOptions(operation, options);
  return new BatchingSink(operation, api, resolved, options.mode === 'single');
}

interface Batch {
  records: unknown[];
  done: Promise<void>;
  settle: () => void;
}

interface Waiter {
  record: unknown;
  resolve: () => void;
  reject: (error: unknown) => void;
}

class BatchingSink implements Sink<unknown> {
  readonly #operation: SinkOperation<unknown, unknown, unknown>;
  readonly #api: unknown;
  readonly #o: ResolvedSinkOptions;
  readonly #single: boolean;
  /** Records not yet in a batch, in write order. */
  #buffer: unknown[] = [];
  /** Batches cut, waiting for a request slot, in write order. */
  #queue: Batch[] = [];
  readonly #inFlight = new Set<Batch>();
  /** Writes waiting for room, in call order. */
  #waiters: Waiter[] = [];
  /** buffer + queue + in flight: never more than maxBuffered. */
  #held = 0;
  #failures: SinkFailure[] = [];
  #state: 'open' | 'closing' | 'aborted' = 'open';
  #timer: AbortController | undefined;
  #closing: Promise<void> | undefined;
  /** Callback reports outside any request (the records an abort left unsent): flush() and close() wait for them. */
  readonly #reports = new Set<Promise<void>>();
  readonly #onAbort = (): void => this.#abort();

  constructor(operation: SinkOperation<unknown, unknown, unknown>, api: unknown, options: ResolvedSinkOptions, single: boolean) {
    this.#operation = operation;
    this.#api = api;
    this.#o = options;
    this.#single = single;
    if (options.signal?.aborted) this.#state = 'aborted';
    else options.signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  get buffered(): number {
    return this.#held;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  write(record: unknown): Promise<void> {
    if (this.#state === 'aborted') return Promise.reject(new SinkAbortedError({ cause: this.#o.signal?.reason }));
    if (this.#state === 'closing') return Promise.reject(new SinkClosedError());
    if (this.#waiters.length > 0 || this.#held >= this.#o.maxBuffered) {
      return new Promise<void>((resolve, reject) => this.#waiters.push({ record, resolve, reject }));
    }
    this.#accept(record);
    return Promise.resolve();
  }

  async flush(): Promise<void> {
    this.#cutAll();
    await this.#settled();
    this.#throwFailures();
  }

  close(): Promise<void> {
    this.#closing ??= this.#drain();
    return this.#closing;
  }

  async #drain(): Promise<void> {
    if (this.#state === 'open') this.#state = 'closing';
    // Writes waiting for room exist only while the sink is full (held > 0); they are admitted as
    // requests complete, so looping until nothing is held sends them too.
    while (this.#held > 0) {
      this.#cutAll();
      await this.#settled();
    }
    await this.#settled();
    this.#cancelTimer();
    this.#o.signal?.removeEventListener('abort', this.#onAbort);
    this.#throwFailures();
  }

  /** Resolves when the requests in flight or queued now, and pending reports, are done. */
  #settled(): Promise<unknown> {
    return Promise.all([...[...this.#inFlight, ...this.#queue].map((b) => b.done), ...this.#reports]);
  }

  #accept(record: unknown): void {
    this.#buffer.push(record);
    this.#held += 1;
    if (this.#buffer.length >= this.#o.batchSize) this.#cutAll();
    else if (this.#buffer.length === 1 && this.#state === 'open') this.#startTimer();
  }

  /** Moves every buffered record into batches of at most batchSize and starts what fits. */
  #cutAll(): void {
    this.#cancelTimer();
    while (this.#buffer.length > 0) {
      const records = this.#buffer.splice(0, this.#o.batchSize);
      let settle!: () => void;
      const done = new Promise<void>((resolve) => (settle = resolve));
      this.#queue.push({ records, done, settle });
    }
    this.#pump();
  }

  #pump(): void {
    while (this.#inFlight.size < this.#o.maxInFlight && this.#queue.length > 0) {
      const batch = this.#queue.shift()!;
      this.#inFlight.add(batch);
      void this.#send(batch).finally(() => {
        this.#inFlight.delete(batch);
        this.#held -= batch.records.length;
        batch.settle();
        this.#admitWaiters();
        this.#pump();
      });
    }
  }

  /** One request: never rejects (every outcome goes to a callback or to #failures). */
  async #send(batch: Batch): Promise<void> {
    const records = batch.records;
    let result: unknown;
    try {
      const req = this.#o.toRequest(this.#single ? records[0] : records);
      result = await this.#operation(this.#api, req, this.#o.init);
    } catch (error) {
      await this.#fail(error, records);
      return;
    }
    try {
      await this.#o.onResult(result, records);
    } catch (error) {
      await this.#fail(new SinkCallbackError('onResult', error), records);
    }
  }

  async #fail(error: unknown, records: readonly unknown[]): Promise<void> {
    const onError = this.#o.onError;
    if (onError === undefined) {
      this.#failures.push({ error, records });
      return;
    }
    try {
      await onError(error, records);
    } catch (thrown) {
      this.#failures.push({ error: new SinkCallbackError('onError', thrown), records });
    }
  }

  #admitWaiters(): void {
    while (this.#state !== 'aborted' && this.#waiters.length > 0 && this.#held < this.#o.maxBuffered) {
      const waiter = this.#waiters.shift()!;
      this.#accept(waiter.record);
      waiter.resolve();
    }
  }

  #startTimer(): void {
    if (this.#single || this.#o.flushInterval === Number.POSITIVE_INFINITY) return;
    const timer = new AbortController();
    this.#timer = timer;
    this.#o.clock.sleep(this.#o.flushInterval, timer.signal).then(
      () => {
        if (this.#timer === timer) this.#cutAll();
      },
      () => undefined, // cancelled
    );
  }

  #cancelTimer(): void {
    this.#timer?.abort();
    this.#timer = undefined;
  }

  /** In-flight requests abort through the signal the operation got; nothing else is sent. */
  #abort(): void {
    if (this.#state === 'aborted') return;
    this.#state = 'aborted';
    this.#cancelTimer();
    const reason = this.#o.signal?.reason;
    const queued = this.#queue;
    const unsent = [...queued.flatMap((b) => b.records), ...this.#buffer];
    this.#queue = [];
    this.#buffer = [];
    this.#held -= unsent.length;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(new SinkAbortedError({ cause: reason }));
    if (unsent.length === 0) return;
    // A flush() waiting for the queued batches resolves only once onError has seen their records.
    const report = this.#fail(new SinkAbortedError({ cause: reason }), unsent).finally(() => {
      this.#reports.delete(report);
      for (const batch of queued) batch.settle();
    });
    this.#reports.add(report);
  }

  #throwFailures(): void {
    if (this.#failures.length === 0) return;
    const failures = this.#failures;
    this.#failures = [];
    throw new SinkFailedError(failures);
  }
}
