/**
 * The batching sink (issue 17.1) end to end: the generated Ingest client (test/golden/sink) against
 * the generated server on 127.0.0.1, through `@contractgen/runtime/sink`. Time-based flushes use a
 * fake Clock; a slow server is a gate the test opens, so nothing here depends on timing.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AbortedError, CircuitOpenError, InvalidOptionsError, NetworkError, TimeoutError, type ClientOptions } from '@contractgen/runtime/client';
import {
  createSink,
  SinkAbortedError,
  SinkCallbackError,
  SinkClosedError,
  SinkFailedError,
  type BatchSinkOptions,
  type Sink,
  type SinkFailure,
} from '@contractgen/runtime/sink';
import { Client, ingestEvent, ingestEvents, type IngestEventResult, type IngestEventsResult } from '../../golden/sink/client.js';
import type { Event, IngestEventsRequest } from '../../golden/sink/types.js';
import { TestClock, flush } from '../resilience/test-clock.js';
import { API_KEY, startIngestServer, type IngestServer } from './server.js';

let server: IngestServer;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

beforeAll(async () => {
  server = await startIngestServer();
  process.on('unhandledRejection', onUnhandled);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await server.close();
});
beforeEach(() => server.reset());
afterEach(async () => {
  server.open();
  await flush();

  expect(unhandled, 'unhandled rejections').toEqual([]);
});

const event = (id: number): Event => ({ id, type: 'click' });
const events = (...ids: number[]): Event[] => ids.map(event);
const ids = (records: readonly Event[]): number[] => records.map((r) => r.id);
const client = (options: ClientOptions = {}): Client => new Client({ baseUrl: server.url, auth: { apiKey: API_KEY }, ...options });

/** A client whose base URL had a server a moment ago: every call is refused (NetworkError). */
async function unreachableClient(): Promise<Client> {
  const down = await startIngestServer();
  await down.close();
  return new Client({ baseUrl: down.url, auth: { apiKey: API_KEY } });
}

/** A batch sink recording every callback. */
function batchSink(options: Partial<BatchSinkOptions<Event, IngestEventsRequest, IngestEventsResult>> = {}, api = client()) {
  const results: Array<{ result: IngestEventsResult; records: number[] }> = [];
  const errors: Array<{ error: unknown; records: number[] }> = [];
  const sink = createSink(ingestEvents, api, {
    mode: 'batch',
    flushInterval: Number.POSITIVE_INFINITY,
    onResult: (result, records) => void results.push({ result, records: ids(records) }),
    onError: (error, records) => void errors.push({ error, records: ids(records) }),
    ...options,
  });
  return { sink, results, errors };
}

/**
 * Waits until `condition` holds, polling between timer turns (requests over real sockets take more
 * than a few microtask turns). Bounded by a count of polls, not by a duration assertion.
 */
async function until(condition: () => boolean, polls = 2000): Promise<void> {
  for (let i = 0; i < polls; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition not met');
}

async function writeAll(sink: Sink<Event>, ...idList: number[]): Promise<void> {
  for (const id of idList) await sink.write(event(id));
}

describe('batch mode: size, order, flush, close', () => {
  it('cuts a request every batchSize records, in write order within and across batches (maxInFlight 1)', async () => {
    const { sink, results, errors } = batchSink({ batchSize: 3 });
    await writeAll(sink, 1, 2, 3, 4, 5, 6, 7);
    await until(() => results.length === 2);
    expect(server.received).toEqual([events(1, 2, 3), events(4, 5, 6)]);
    expect(sink.buffered).toBe(1); // 7 waits for a full batch, flush() or close()
    await sink.close();
    expect(server.received).toEqual([events(1, 2, 3), events(4, 5, 6), events(7)]);
    expect(results.map((r) => r.records)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(results.map((r) => [r.result.status, r.result.body])).toEqual([
      [202, { accepted: 3 }],
      [202, { accepted: 3 }],
      [202, { accepted: 1 }],
    ]);
    expect(server.maxActive).toBe(1); // one request at a time: the server sees the batches in order
    expect(errors).toEqual([]);
  });

  it('maxInFlight > 1: batches start in write order but complete (and reach onResult) in any order', async () => {
    const { sink, results } = batchSink({ batchSize: 2, maxInFlight: 3 });
    server.hold();
    await writeAll(sink, 1, 2, 3, 4, 5, 6, 7, 8);
    expect(sink.inFlight).toBe(3); // [7,8] waits for a slot
    await until(() => server.waiting === 3);
    server.hold(false);
    server.release((body) => body[0]?.id !== 1); // the first batch is the slow one
    await until(() => results.length === 3);
    expect(results.map((r) => r.records).sort()).toEqual([[3, 4], [5, 6], [7, 8]]);
    server.open();
    await sink.close();
    expect(results.map((r) => r.records)[3]).toEqual([1, 2]);
    // every batch keeps its records' write order
    expect([...server.received].sort((a, b) => a[0]!.id - b[0]!.id)).toEqual([events(1, 2), events(3, 4), events(5, 6), events(7, 8)]);
    expect(server.maxActive).toBe(3);
  });

  it('flush() sends a partial batch and resolves once its request and onResult are done', async () => {
    const { sink, results } = batchSink({ batchSize: 500 });
    await writeAll(sink, 1, 2, 3);
    expect(sink.inFlight).toBe(0);
    await sink.flush();
    expect(results.map((r) => r.records)).toEqual([[1, 2, 3]]);
    expect(sink.buffered).toBe(0);
    await sink.flush(); // nothing buffered: resolves at once
    expect(server.received).toEqual([events(1, 2, 3)]);
    await sink.close();
  });

  it('close() loses nothing (partial batch, writes waiting for room) and rejects later writes with SinkClosedError', async () => {
    const { sink, results } = batchSink({ batchSize: 2, maxBuffered: 2 });
    server.hold();
    await writeAll(sink, 1, 2); // sent, held by the server
    let third = false;
    const w3 = sink.write(event(3)).then(() => (third = true)); // no room: waits
    await until(() => server.waiting === 1);
    const closed = sink.close();
    expect(sink.close()).toBe(closed); // idempotent
    const late = sink.write(event(4));
    await expect(late).rejects.toBeInstanceOf(SinkClosedError);
    await expect(late).rejects.toMatchObject({ code: 'CG_SINK_CLOSED' });
    expect(third).toBe(false);
    server.open();
    await closed;
    await w3;
    expect(server.received).toEqual([events(1, 2), events(3)]);
    expect(results.map((r) => r.records)).toEqual([[1, 2], [3]]);
    expect(sink.buffered).toBe(0);
  });

  it('toRequest builds the request: other request parts travel with the batch', async () => {
    const seen: string[] = [];
    const api = client({ interceptors: { request: [(req) => void seen.push(req.headers.get('x-source') ?? '')] } });
    const { sink, results } = batchSink({ batchSize: 2, toRequest: (records) => ({ body: records, headers: { 'X-Source': `batch-of-${records.length}` } }) }, api);
    await writeAll(sink, 1, 2, 3);
    await sink.close();
    expect(seen).toEqual(['batch-of-2', 'batch-of-1']);
    expect(results).toHaveLength(2);
  });
});

describe('batch mode: time-based flush (fake clock)', () => {
  it('a partial batch is sent flushInterval ms after its first record entered the empty buffer', async () => {
    const clock = new TestClock();
    const { sink, results } = batchSink({ batchSize: 500, flushInterval: 1000, clock });
    await writeAll(sink, 1, 2);
    expect(clock.pending).toBe(1);
    await clock.advance(600);
    await sink.write(event(3)); // does not restart the timer
    await clock.advance(399);
    expect(sink.inFlight).toBe(0);
    expect(server.received).toEqual([]);
    await clock.advance(1);
    expect(clock.pending).toBe(0);
    await until(() => results.length === 1);
    expect(server.received).toEqual([events(1, 2, 3)]);
    // the next record starts a new timer
    await sink.write(event(4));
    expect(clock.pending).toBe(1);
    await clock.advance(1000);
    await until(() => results.length === 2);
    expect(results.map((r) => r.records)).toEqual([[1, 2, 3], [4]]);
    await sink.close();
    expect(clock.pending).toBe(0);
  });

  it('a size-based flush cancels the timer', async () => {
    const clock = new TestClock();
    const { sink, results } = batchSink({ batchSize: 2, flushInterval: 1000, clock });
    await writeAll(sink, 1);
    expect(clock.pending).toBe(1);
    await writeAll(sink, 2);
    expect(clock.pending).toBe(0);
    await until(() => results.length === 1);
    await sink.close();
    expect(server.received).toEqual([events(1, 2)]);
  });
});

describe('backpressure', () => {
  it('a slow server: the sink holds at most maxBuffered records and write() waits, in order', async () => {
    const { sink, results } = batchSink({ batchSize: 2, maxBuffered: 4 });
    server.hold();
    const sizes: number[] = [];
    await writeAll(sink, 1, 2, 3, 4); // [1,2] in flight, [3,4] queued: 4 held
    sizes.push(sink.buffered);
    const resolved: number[] = [];
    const w5 = sink.write(event(5)).then(() => resolved.push(5));
    const w6 = sink.write(event(6)).then(() => resolved.push(6));
    await until(() => server.waiting === 1);
    await flush();
    expect(resolved).toEqual([]);
    sizes.push(sink.buffered);
    expect(sink.inFlight).toBe(1);
    server.open();
    await Promise.all([w5, w6]);
    sizes.push(sink.buffered);
    expect(resolved).toEqual([5, 6]);
    await sink.close();
    expect(Math.max(...sizes)).toBeLessThanOrEqual(4);
    expect(server.received.flat().map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(results.map((r) => r.records)).toEqual([[1, 2], [3, 4], [5, 6]]);
  });
});

describe("failures go through the client's policies", () => {
  it('a failing batch is retried per the retry policy, then the final result reaches onResult', async () => {
    const { sink, results } = batchSink({ batchSize: 2 }, client({ retry: { count: 2, interval: 0, methods: ['POST'] } }));
    server.script = [503, 503];
    await writeAll(sink, 1, 2);
    await sink.flush();
    expect(server.received).toEqual([events(1, 2), events(1, 2), events(1, 2)]);
    expect(results).toEqual([{ result: expect.objectContaining({ status: 202, body: { accepted: 2 } }), records: [1, 2] }]);

    server.reset();
    server.script = [503, 503, 503];
    await writeAll(sink, 3, 4);
    await sink.close();
    expect(server.received).toHaveLength(3); // count 2: three attempts
    const last = results[1]!;
    expect(last.records).toEqual([3, 4]);
    expect(last.result.status).toBe(503);
    if (last.result.status === 503) expect(last.result.body.title).toBe('busy');
  });

  it('POST is not retried unless the retry policy names it (the client decides, not the sink)', async () => {
    const { sink, results } = batchSink({ batchSize: 1 }, client({ retry: { count: 2, interval: 0 } }));
    server.script = [503];
    await writeAll(sink, 1);
    await sink.close();
    expect(server.received).toEqual([events(1)]);
    expect(results[0]?.result.status).toBe(503);
  });

  it('an open circuit breaker rejects the next batch without sending it: onError gets CircuitOpenError', async () => {
    const api = client({ circuitBreaker: { failureThreshold: 0, resetTime: 60_000, rollingWindow: { requestVolumeThreshold: 1 }, statusCodes: [503] } });
    const { sink, results, errors } = batchSink({ batchSize: 1 }, api);
    server.script = [503];
    await writeAll(sink, 1, 2);
    await sink.close();
    expect(results.map((r) => [r.result.status, r.records])).toEqual([[503, [1]]]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.error).toBeInstanceOf(CircuitOpenError);
    expect(errors[0]!.records).toEqual([2]);
    expect(server.received).toEqual([events(1)]);
  });

  it("the client's timeout: a request that hangs reaches onError as TimeoutError", async () => {
    const clock = new TestClock();
    const { sink, errors } = batchSink({ batchSize: 2 }, client({ timeout: 5000, clock }));
    server.hold();
    await writeAll(sink, 1, 2);
    await until(() => server.waiting === 1 && clock.pending > 0);
    await clock.advance(5000);
    await sink.flush();
    expect(errors.map((e) => [(e.error as { code?: string }).code, e.records])).toEqual([['CG_TIMEOUT', [1, 2]]]);
    expect(errors[0]!.error).toBeInstanceOf(TimeoutError);
    await sink.close();
  });

  it("auth comes from the client: a wrong API key is the operation's 401 in onResult", async () => {
    const { sink, results } = batchSink({ batchSize: 1 }, client({ auth: { apiKey: 'wrong' } }));
    await writeAll(sink, 1);
    await sink.close();
    expect(results[0]?.result).toMatchObject({ status: 401, ok: false, documented: false });
    expect(server.received).toEqual([]);
  });

  it('a transport error reaches onError with the records of the failed request', async () => {
    const { sink, errors, results } = batchSink({ batchSize: 2 }, await unreachableClient());
    await writeAll(sink, 1, 2, 3);
    await sink.close();
    expect(results).toEqual([]);
    expect(errors.map((e) => e.records)).toEqual([[1, 2], [3]]);
    for (const e of errors) expect(e.error).toBeInstanceOf(NetworkError);
  });

  it('without onError, failures make flush()/close() reject with SinkFailedError listing each, once', async () => {
    const sink = createSink(ingestEvents, await unreachableClient(), {
      mode: 'batch',
      batchSize: 2,
      flushInterval: Number.POSITIVE_INFINITY,
      onResult: () => undefined,
    });
    await writeAll(sink, 1, 2, 3);
    const failed = await sink.flush().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failed).toBeInstanceOf(SinkFailedError);
    const failures = (failed as SinkFailedError<Event>).failures;
    expect((failed as SinkFailedError).code).toBe('CG_SINK_FAILED');
    expect(failures.map((f: SinkFailure<Event>) => ids(f.records))).toEqual([[1, 2], [3]]);
    expect(failures[0]!.error).toBeInstanceOf(NetworkError);
    await sink.flush(); // reported once
    await sink.write(event(4));
    await expect(sink.close()).rejects.toMatchObject({ code: 'CG_SINK_FAILED', failures: [expect.objectContaining({ records: [event(4)] })] });
  });
});

describe('callbacks', () => {
  it('onResult throwing goes to onError as SinkCallbackError; toRequest throwing goes to onError as is', async () => {
    const boom = new Error('boom');
    const { sink, errors } = batchSink({
      batchSize: 1,
      onResult: () => {
        throw boom;
      },
      toRequest: (records) => {
        if (records[0]?.id === 2) throw new RangeError('bad record');
        return { body: records };
      },
    });
    await writeAll(sink, 1, 2);
    await sink.close();
    expect(errors[0]!.error).toBeInstanceOf(SinkCallbackError);
    expect(errors[0]).toMatchObject({ error: { code: 'CG_SINK_CALLBACK', callback: 'onResult', cause: boom }, records: [1] });
    expect(errors[1]!.error).toBeInstanceOf(RangeError);
    expect(errors[1]!.records).toEqual([2]);
    expect(server.received).toEqual([events(1)]);
  });

  it('onError throwing makes close() reject with SinkFailedError; nothing is an unhandled rejection', async () => {
    const sink = createSink(ingestEvents, await unreachableClient(), {
      mode: 'batch',
      batchSize: 1,
      onResult: () => undefined,
      onError: async () => {
        throw new Error('dead-letter store down');
      },
    });
    await writeAll(sink, 1);
    const error = await sink.close().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkFailedError);
    const failure = (error as SinkFailedError<Event>).failures[0]!;
    expect(failure.error).toMatchObject({ code: 'CG_SINK_CALLBACK', callback: 'onError' });
    expect(failure.records).toEqual([event(1)]);
  });

  it('an async onResult is awaited before the next request starts (maxInFlight 1)', async () => {
    const order: string[] = [];
    let release!: () => void;
    const { sink } = batchSink({
      batchSize: 1,
      onResult: async (_result, records) => {
        order.push(`result ${records[0]!.id}`);
        if (records[0]!.id === 1) await new Promise<void>((resolve) => (release = resolve));
      },
    });
    await writeAll(sink, 1, 2);
    await until(() => order.length === 1);
    await flush();
    expect(server.received).toEqual([events(1)]);
    release();
    await sink.close();
    expect(order).toEqual(['result 1', 'result 2']);
    expect(server.received).toEqual([events(1), events(2)]);
  });
});

describe('single mode', () => {
  it('one request per record, at most maxInFlight at once, each result with its record', async () => {
    const results: Array<{ result: IngestEventResult; records: number[] }> = [];
    const sink = createSink(ingestEvent, client(), {
      mode: 'single',
      maxInFlight: 2,
      onResult: (result, records) => void results.push({ result, records: ids(records) }),
    });
    server.hold();
    await writeAll(sink, 1, 2, 3, 4, 5);
    await until(() => server.waiting === 2);
    expect(sink.inFlight).toBe(2);
    expect(sink.buffered).toBe(5);
    server.open();
    await sink.close();
    expect(server.maxActive).toBe(2);
    expect(server.received.map(ids).sort()).toEqual([[1], [2], [3], [4], [5]]);
    expect(results.map((r) => r.records).sort()).toEqual([[1], [2], [3], [4], [5]]);
    for (const r of results) expect(r.result).toMatchObject({ status: 201, body: { accepted: 1 } });
  });
});

describe('abort', () => {
  it('aborts in-flight requests (AbortedError), never sends buffered records (SinkAbortedError), rejects writes', async () => {
    const controller = new AbortController();
    const reason = new Error('shutting down');
    const { sink, errors, results } = batchSink({ batchSize: 2, maxBuffered: 6, signal: controller.signal });
    server.hold();
    await writeAll(sink, 1, 2, 3, 4, 5, 6); // [1,2] in flight, [3,4] queued, [5,6] queued
    const w7 = sink.write(event(7)); // no room
    await until(() => server.waiting === 1);
    const flushed = sink.flush().then(() => errors.length); // waits for the reports of both groups
    controller.abort(reason);
    expect(await flushed).toBe(2);
    await expect(w7).rejects.toBeInstanceOf(SinkAbortedError);
    await expect(w7).rejects.toMatchObject({ code: 'CG_SINK_ABORTED', cause: reason });
    await expect(sink.write(event(8))).rejects.toBeInstanceOf(SinkAbortedError);
    await sink.close();
    expect(sink.buffered).toBe(0);
    expect(results).toEqual([]);
    const byCode = Object.fromEntries(errors.map((e) => [(e.error as { code: string }).code, e.records]));
    expect(byCode).toEqual({ CG_ABORTED: [1, 2], CG_SINK_ABORTED: [3, 4, 5, 6] });
    expect(errors.find((e) => e.error instanceof AbortedError)).toBeDefined();
    server.open();
    expect(server.received).toEqual([events(1, 2)]); // the in-flight batch may have reached the server
  });

  it('a sink whose signal has already aborted takes no records', async () => {
    const { sink } = batchSink({ signal: AbortSignal.abort() });
    await expect(sink.write(event(1))).rejects.toMatchObject({ code: 'CG_SINK_ABORTED' });
    await sink.close();
    expect(server.received).toEqual([]);
  });

  it('abort during close(): close() still resolves, the unsent rest goes to onError', async () => {
    const controller = new AbortController();
    const { sink, errors } = batchSink({ batchSize: 2, signal: controller.signal });
    server.hold();
    await writeAll(sink, 1, 2, 3);
    const closed = sink.close();
    await until(() => server.waiting === 1);
    controller.abort();
    await closed;
    expect(errors.map((e) => e.records).sort()).toEqual([[1, 2], [3]]);
  });
});

describe('options', () => {
  const api = new Client({ baseUrl: 'http://127.0.0.1:1' });
  const base = { onResult: () => undefined };
  it.each([
    ['batchSize', { mode: 'batch', batchSize: 0 }],
    ['batchSize', { mode: 'batch', batchSize: 1.5 }],
    ['maxInFlight', { mode: 'batch', maxInFlight: 0 }],
    ['maxBuffered', { mode: 'batch', batchSize: 10, maxBuffered: 5 }],
    ['flushInterval', { mode: 'batch', flushInterval: 0 }],
    ['flushInterval', { mode: 'batch', flushInterval: Number.NaN }],
    ['mode', { mode: 'stream' }],
    ['batchSize', { mode: 'single', batchSize: 5 }],
    ['onResult', { mode: 'batch', onResult: undefined }],
  ])('%s: %j is a CG_INVALID_OPTIONS error', (option, options) => {
    const make = (): unknown => createSink(ingestEvents, api, { ...base, ...options } as never);
    expect(make).toThrow(InvalidOptionsError);
    expect(make).toThrow(expect.objectContaining({ code: 'CG_INVALID_OPTIONS', option }));
  });
});
