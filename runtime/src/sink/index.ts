export { createSink } from './create-sink.js';
export { SinkAbortedError, SinkCallbackError, SinkClosedError, SinkFailedError } from './errors.js';
export type { SinkFailure } from './errors.js';
export { DEFAULT_BATCH_SIZE, DEFAULT_FLUSH_INTERVAL, DEFAULT_MAX_BUFFERED, DEFAULT_MAX_IN_FLIGHT } from './options.js';
export type { BatchRecord, BatchSinkOptions, RequestBody, SingleRecord, SingleSinkOptions, Sink, SinkCommonOptions, SinkMode, SinkOperation, SinkOptions, SinkRecord } from './types.js';
