import { InvalidOptionsError } from '../resilience/errors.js';
import { systemClock } from '../resilience/clock.js';
import type { CallInit } from '../client/types.js';
import type { Clock } from '../resilience/types.js';

/** The sink's options, defaulted and checked once (mode-independent: single mode is batchSize 1). */
export interface ResolvedSinkOptions {
  batchSize: number;
  maxInFlight: number;
  maxBuffered: number;
  flushInterval: number;
  toRequest: (input: unknown) => unknown;
  onResult: (result: unknown, records: readonly unknown[]) => unknown;
  onError: ((error: unknown, records: readonly unknown[]) => unknown) | undefined;
  init: CallInit;
  signal: AbortSignal | undefined;
  clock: Clock;
}

/** What createSink receives, untyped (the typed shapes are in types.ts). */
export interface SinkOptionsInput {
  mode?: unknown;
  batchSize?: number;
  maxInFlight?: number;
  maxBuffered?: number;
  flushInterval?: number;
  toRequest?: (input: never) => unknown;
  onResult?: unknown;
  onError?: unknown;
  init?: Omit<CallInit, 'signal'>;
  signal?: AbortSignal;
  clock?: Clock;
}

export const DEFAULT_BATCH_SIZE = 500;
export const DEFAULT_MAX_IN_FLIGHT = 1;
export const DEFAULT_MAX_BUFFERED = 10_000;
export const DEFAULT_FLUSH_INTERVAL = 1000;

export function resolveSinkOptions(operation: unknown, options: SinkOptionsInput | undefined): ResolvedSinkOptions {
  if (typeof operation !== 'function') throw new InvalidOptionsError('operation', 'expected a generated operation (api, req, init) => Promise<result>');
  if (options === null || typeof options !== 'object') throw new InvalidOptionsError('options', 'expected an object');
  const { mode } = options;
  if (mode !== 'batch' && mode !== 'single') throw new InvalidOptionsError('mode', "expected 'batch' or 'single'");
  if (mode === 'single' && options.batchSize !== undefined) throw new InvalidOptionsError('batchSize', "only for mode 'batch'");
  const batchSize = mode === 'single' ? 1 : positiveInteger('batchSize', options.batchSize ?? DEFAULT_BATCH_SIZE);
  const maxInFlight = positiveInteger('maxInFlight', options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT);
  const maxBuffered = positiveInteger('maxBuffered', options.maxBuffered ?? Math.max(DEFAULT_MAX_BUFFERED, batchSize));
  if (maxBuffered < batchSize) throw new InvalidOptionsError('maxBuffered', `must be at least batchSize (${batchSize}): a batch could never fill`);
  const flushInterval = options.flushInterval ?? DEFAULT_FLUSH_INTERVAL;
  if (typeof flushInterval !== 'number' || !(flushInterval > 0)) throw new InvalidOptionsError('flushInterval', 'expected ms > 0, or Infinity');
  const { onResult, onError, toRequest } = options;
  if (typeof onResult !== 'function') throw new InvalidOptionsError('onResult', 'expected a function (result, records) => void');
  if (onError !== undefined && typeof onError !== 'function') throw new InvalidOptionsError('onError', 'expected a function (error, records) => void');
  if (toRequest !== undefined && typeof toRequest !== 'function') throw new InvalidOptionsError('toRequest', 'expected a function');
  const signal = options.signal;
  return {
    batchSize,
    maxInFlight,
    maxBuffered,
    flushInterval,
    toRequest: (toRequest as ((input: unknown) => unknown) | undefined) ?? ((body) => ({ body })),
    onResult: onResult as ResolvedSinkOptions['onResult'],
    onError: onError as ResolvedSinkOptions['onError'],
    init: { ...options.init, ...(signal === undefined ? {} : { signal }) },
    signal,
    clock: options.clock ?? systemClock,
  };
}

function positiveInteger(option: string, value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  throw new InvalidOptionsError(option, 'expected a positive integer');
}
