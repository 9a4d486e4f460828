import { ContractgenError } from '../errors.js';

/** `write()` after `close()` was called: the sink takes no more records. */
export class SinkClosedError extends ContractgenError {
  constructor() {
    super('CG_SINK_CLOSED', 'the sink is closed: write() after close()');
  }
}

/**
 * The sink's signal aborted: `write()` rejects with it (the record was not taken), and `onError`
 * receives it once with every record that was buffered but never sent. `cause` is the signal's reason.
 */
export class SinkAbortedError extends ContractgenError {
  constructor(options?: { cause?: unknown }) {
    super('CG_SINK_ABORTED', 'the sink was aborted: the records were not sent', options);
  }
}

/** `onResult` or `onError` threw; `cause` is what it threw. */
export class SinkCallbackError extends ContractgenError {
  readonly callback: 'onResult' | 'onError';
  constructor(callback: 'onResult' | 'onError', cause: unknown) {
    super('CG_SINK_CALLBACK', `the sink's ${callback} callback threw`, { cause });
    this.callback = callback;
  }
}

/** One request the sink could not hand to a callback: its error and its records. */
export interface SinkFailure<R = unknown> {
  error: unknown;
  records: readonly R[];
}

/**
 * What `flush()` and `close()` reject with when requests failed and nobody was told: a request
 * rejected (transport error, timeout, open circuit, abort…) and there is no `onError`, or `onError`
 * itself threw. `failures` lists each since the last `flush()`/`close()`, in the order they happened.
 */
export class SinkFailedError<R = unknown> extends ContractgenError {
  readonly failures: ReadonlyArray<SinkFailure<R>>;
  constructor(failures: ReadonlyArray<SinkFailure<R>>) {
    const records = failures.reduce((n, f) => n + f.records.length, 0);
    super('CG_SINK_FAILED', `${failures.length} sink request(s) failed unreported (${records} record(s))`, {
      cause: failures[0]?.error,
    });
    this.failures = failures;
  }
}
