/**
 * Streamed responses on the client (issue 18): a documented `text/event-stream` response is
 * read as `events` — typed `{ event, data, id, retry }` objects, `data` parsed as JSON when the
 * spec says so — and JSON Lines / JSON text sequences as `items`, each an `AsyncIterable` read
 * as the bytes arrive (fetch streams in browsers, undici on Node).
 *
 * SSE is parsed by eventsource-parser (the WHATWG event-stream rules: multi-line data, comments,
 * BOM, CR/LF/CRLF). When the connection drops mid-stream (not a clean end), the request is sent
 * again — same auth, headers and timeouts — with `Last-Event-ID` set to the last id seen, after
 * the server's `retry:` delay (else `reconnect.delay`); a 204 answer ends the stream, as in
 * EventSource. The caller's AbortSignal, and leaving a `for await` early, cancel the body (the
 * server sees the disconnect). An item that does not parse is a {@link StreamError}
 * `CG_STREAM_PARSE`: the iteration rejects with it, it never crashes the process.
 *
 * This module is imported only by generated clients with a streamed operation, so an app that
 * streams nothing does not bundle it (nor eventsource-parser).
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { ContractgenError } from '../errors.js';
import { AbortedError, InvalidOptionsError } from '../resilience/errors.js';
import type { JsonSchema, MediaSpec, StreamSpec } from '../spec.js';

/** One server-sent event as the client yields it. `data` is parsed JSON when the spec says so. */
export interface ServerSentEvent<Data = unknown> {
  data: Data;
  event?: string;
  id?: string;
  retry?: number;
}

export type StreamErrorCode = 'CG_STREAM_PARSE' | 'CG_STREAM_INVALID' | 'CG_STREAM_DROPPED' | 'CG_STREAM_RECONNECT';

/** Where an item breaks its schema: a JSON pointer into the item, and what is wrong there. */
export interface StreamItemIssue {
  pointer: string;
  message: string;
}

/**
 * Compiles the schema of one streamed item (JSON Schema 2020-12, self-contained: components under
 * `$defs`) into a check returning the item's issues — none when it fits. Called once per schema.
 */
export type StreamItemValidator = (schema: JsonSchema) => (item: unknown) => readonly StreamItemIssue[];

/**
 * A stream failed: an item that does not parse (`CG_STREAM_PARSE`, with the item's text), an
 * item that does not fit its schema (`CG_STREAM_INVALID`, with the item and the issues; only with
 * `validateStreams`), a connection lost and not resumed (`CG_STREAM_DROPPED`: no reconnection, or
 * every attempt used), or a reconnection answered with something other than the stream
 * (`CG_STREAM_RECONNECT`).
 */
export class StreamError extends ContractgenError {
  /** How many items the stream had yielded. */
  readonly received: number;
  /** The item's text, for CG_STREAM_PARSE. */
  readonly text: string | undefined;
  /** The status a reconnection got, for CG_STREAM_RECONNECT. */
  readonly status: number | undefined;
  /** The parsed item, for CG_STREAM_INVALID. */
  readonly item: unknown;
  /** Where the item breaks its schema, for CG_STREAM_INVALID. */
  readonly issues: readonly StreamItemIssue[];
  constructor(
    code: StreamErrorCode,
    message: string,
    details: { received: number; text?: string; status?: number; item?: unknown; issues?: readonly StreamItemIssue[]; cause?: unknown },
  ) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
    this.received = details.received;
    this.text = details.text;
    this.status = details.status;
    this.item = details.item;
    this.issues = details.issues ?? [];
  }
}

export interface ReconnectOptions {
  /** Reconnections in a row without an event in between before the stream fails (default 3; 0: never reconnect). */
  maxAttempts?: number;
  /** Delay before reconnecting when the server sent no `retry:` (default 3000 ms, as browsers). */
  delay?: number;
}

/** What the client's call hands to a stream: how to wait, and how to ask again. */
export interface StreamContext {
  status: number;
  signal: AbortSignal | undefined;
  /** Largest item (an event, a line) in bytes. */
  maxItemSize: number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  reconnect: ReconnectOptions | undefined;
  /** The client's `validateStreams`: check each item against `stream.schema` with it. */
  validate?: StreamItemValidator | undefined;
  /**
   * Sends the request again with `Last-Event-ID` (SSE only): the status, and the body when it is
   * the same streamed media type again (else the body is disposed).
   */
  resend?(lastEventId: string | undefined): Promise<{ status: number; body: ReadableStream<Uint8Array> | undefined }>;
}

/** `events` or `items` for a documented streamed media type, from the response body. */
export function openStream(body: ReadableStream<Uint8Array>, media: MediaSpec & { stream: StreamSpec }, context: StreamContext): { field: 'events' | 'items'; iterable: AsyncIterable<unknown> } {
  const sse = media.stream.format === 'sse';
  let batches: AsyncGenerator<unknown[]> = sse ? sseEvents(body, media.stream, context) : jsonItems(body, media.stream.format as 'jsonl' | 'json-seq', context);
  const { validate } = context;
  if (validate !== undefined) {
    if (typeof validate !== 'function') {
      void body.cancel().catch(() => undefined);
      throw new InvalidOptionsError('validateStreams', 'must be a validator (schema) => (item) => issues, e.g. ajvStreamValidator() from @contractgen/runtime/client/stream-validate');
    }
    // a streamed media type without a schema (none in the spec) has nothing to check
    if (media.stream.schema !== undefined) batches = validated(batches, checkFor(validate, media.stream.schema), sse ? 'event' : 'item');
  }
  return { field: sse ? 'events' : 'items', iterable: flatten(batches, context.signal) };
}

type ItemCheck = (item: unknown) => readonly StreamItemIssue[];
/** Compiled checks per schema object (a descriptor's schema is compiled once per validator). */
const compiled = new WeakMap<object, { validator: StreamItemValidator; check: Promise<ItemCheck> }>();

function checkFor(validator: StreamItemValidator, schema: JsonSchema): Promise<ItemCheck> {
  const key = typeof schema === 'object' && schema !== null ? schema : undefined;
  const known = key === undefined ? undefined : compiled.get(key);
  if (known !== undefined && known.validator === validator) return known.check;
  const check = Promise.resolve().then(() => validator(schema));
  if (key !== undefined) compiled.set(key, { validator, check });
  return check;
}

/** The batches, each item checked: at the first that does not fit, the items before it, then CG_STREAM_INVALID. */
async function* validated(batches: AsyncGenerator<unknown[]>, compiling: Promise<ItemCheck>, what: 'event' | 'item'): AsyncGenerator<unknown[]> {
  let check: ItemCheck;
  try {
    check = await compiling;
  } catch (error) {
    await batches.return([]);
    throw Object.assign(new InvalidOptionsError('validateStreams', `the ${what} schema could not be compiled: ${error instanceof Error ? error.message : String(error)}`), { cause: error });
  }
  let received = 0;
  for await (const batch of batches) {
    for (let i = 0; i < batch.length; i++) {
      const issues = check(batch[i]);
      if (issues.length === 0) continue;
      if (i > 0) yield batch.slice(0, i);
      const first = issues[0]!;
      throw new StreamError('CG_STREAM_INVALID', `${what} ${received + i} does not match its schema: ${first.pointer === '' ? '(the ' + what + ')' : first.pointer} ${first.message}`, {
        received: received + i,
        item: batch[i],
        issues,
      });
    }
    received += batch.length;
    yield batch;
  }
}

/**
 * The items of the batches (one per chunk read) one by one. An async generator yielding each item
 * would cost a generator resume per item; this hands out the items of a batch from a plain
 * iterator (one promise each) and resumes the reader once per chunk. A body can be read once:
 * a second `for await` gets the same (consumed) iterator. After an abort no parsed item is handed out.
 */
function flatten<T>(batches: AsyncGenerator<T[]>, signal: AbortSignal | undefined): AsyncIterable<T> {
  let batch: T[] = [];
  let at = 0;
  const refill = async (): Promise<IteratorResult<T>> => {
    while (at >= batch.length) {
      const r = await batches.next();
      if (r.done === true) return { done: true, value: undefined };
      batch = r.value;
      at = 0;
    }
    return handOut();
  };
  const handOut = async (): Promise<IteratorResult<T>> => {
    if (signal?.aborted) {
      await batches.return([]);
      throw new AbortedError({ cause: signal.reason });
    }
    return { done: false, value: batch[at++]! };
  };
  const iterator: AsyncIterableIterator<T> = {
    // the common case — an item of the current batch, no abort — without an async function's frame
    next: () => (at < batch.length && signal?.aborted !== true ? Promise.resolve({ done: false, value: batch[at++]! }) : refill()),
    async return(): Promise<IteratorResult<T>> {
      batch = [];
      await batches.return([]);
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** Reads chunks until the end; rejects AbortedError when `signal` aborts (the body is cancelled). */
async function* chunks(body: ReadableStream<Uint8Array>, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  const onAbort = (): void => {
    reader.cancel(signal?.reason).catch(() => undefined);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      if (signal?.aborted) throw new AbortedError({ cause: signal.reason });
      const { done, value } = await reader.read();
      if (signal?.aborted) throw new AbortedError({ cause: signal.reason });
      if (done) return;
      yield value;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // leaving early (break, an error): cancel, so the connection is released and the server sees the end
    await reader.cancel().catch(() => undefined);
  }
}

async function* sseEvents(first: ReadableStream<Uint8Array>, stream: StreamSpec, context: StreamContext): AsyncGenerator<ServerSentEvent[]> {
  const json = stream.data === 'json';
  const maxAttempts = context.reconnect?.maxAttempts ?? 3;
  let delay = context.reconnect?.delay ?? 3000;
  let lastEventId: string | undefined;
  let received = 0;
  let attempts = 0;
  let body = first;
  for (;;) {
    // the parser's messages of one chunk; turned into the batch's events in place
    let queue: Array<EventSourceMessage & { retry?: number }> = [];
    let retry: number | undefined;
    const parser = createParser({
      onEvent: (message: EventSourceMessage & { retry?: number }) => {
        if (retry !== undefined) {
          message.retry = retry;
          retry = undefined;
        }
        queue.push(message);
      },
      onRetry: (ms) => {
        retry = ms;
        delay = ms;
      },
    });
    const decoder = new TextDecoder();
    let pendingBytes = 0;
    let dropped: unknown;
    try {
      for await (const chunk of chunks(body, context.signal)) {
        pendingBytes += chunk.byteLength;
        parser.feed(decoder.decode(chunk, { stream: true }));
        if (queue.length === 0) {
          if (pendingBytes > context.maxItemSize) throw new StreamError('CG_STREAM_PARSE', `an event is larger than maxResponseSize (${context.maxItemSize} bytes)`, { received });
          continue;
        }
        pendingBytes = 0;
        const batch = queue as unknown as ServerSentEvent[];
        queue = [];
        let malformed: unknown;
        let n = 0;
        for (; n < batch.length; n++) {
          const message = batch[n] as unknown as EventSourceMessage & { retry?: number };
          let data: unknown = message.data;
          if (json) {
            try {
              data = parseJson(message.data, received, message.event);
            } catch (error) {
              malformed = error; // the events before it are handed out first
              break;
            }
          }
          const { event: type, id } = message;
          // one object literal per combination: the events of a stream share a shape
          const event: ServerSentEvent = id === undefined ? (type === undefined ? { data } : { data, event: type }) : type === undefined ? { data, id } : { data, event: type, id };
          if (id !== undefined) lastEventId = id;
          if (message.retry !== undefined) event.retry = message.retry;
          received++;
          batch[n] = event;
        }
        batch.length = n;
        if (n > 0) {
          attempts = 0;
          yield batch;
        }
        if (malformed !== undefined) throw malformed;
      }
      return; // a clean end (the server closed the stream): done, as after a complete response
    } catch (error) {
      if (error instanceof ContractgenError && !(error instanceof AbortedError && !context.signal?.aborted)) throw error;
      dropped = error;
    }
    if (context.resend === undefined || attempts >= maxAttempts) {
      throw new StreamError('CG_STREAM_DROPPED', `the event stream was cut off after ${received} events${attempts > 0 ? ` and ${attempts} reconnections` : ''}`, { received, cause: dropped });
    }
    attempts++;
    await context.sleep(delay, context.signal).catch((error: unknown) => {
      throw context.signal?.aborted ? new AbortedError({ cause: context.signal.reason }) : error;
    });
    const next = await context.resend(lastEventId);
    if (next.status === 204) return; // the server says: no more (EventSource semantics)
    if (next.body === undefined || next.status !== context.status) {
      throw new StreamError('CG_STREAM_RECONNECT', `reconnecting the event stream got ${next.status}${next.body === undefined ? ' without an event stream' : ''}`, { received, status: next.status, cause: dropped });
    }
    body = next.body;
  }
}

function parseJson(text: string, received: number, event: string | undefined): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new StreamError('CG_STREAM_PARSE', `event ${received}${event === undefined ? '' : ` (${event})`}: data is not valid JSON`, { received, text, cause: error });
  }
}

const NOT_JSON = Symbol('not JSON');

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

/** JSON Lines (one value per line, blank lines skipped) or RFC 7464 sequences (RS before each value). */
async function* jsonItems(body: ReadableStream<Uint8Array>, format: 'jsonl' | 'json-seq', context: StreamContext): AsyncGenerator<unknown[]> {
  const separator = format === 'jsonl' ? '\n' : '\x1e';
  const decoder = new TextDecoder();
  let buffer = '';
  let received = 0;
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new StreamError('CG_STREAM_PARSE', `item ${received} is not valid JSON`, { received, text, cause: error });
    }
  };
  try {
    for await (const chunk of chunks(body, context.signal)) {
      buffer += decoder.decode(chunk, { stream: true });
      const batch: unknown[] = [];
      let malformed: unknown;
      let start = 0;
      let at = buffer.indexOf(separator);
      while (at >= 0) {
        const text = buffer.slice(start, at).trim();
        start = at + 1;
        if (text !== '') {
          try {
            batch.push(parse(text));
          } catch (error) {
            malformed = error; // the items before it are handed out first
            break;
          }
          received++;
        }
        at = buffer.indexOf(separator, start);
      }
      buffer = buffer.slice(start);
      if (batch.length > 0) yield batch;
      if (malformed !== undefined) throw malformed;
      // json-seq: a text ends with LF (RFC 7464 §2.2), but LF may also stand inside a JSON text, so a
      // text is complete when the next RS comes — or, not to hold it back until then, when it ends with
      // LF and parses
      if (format === 'json-seq' && buffer.endsWith('\n') && buffer.trim() !== '') {
        const complete = tryParse(buffer);
        if (complete !== NOT_JSON) {
          buffer = '';
          received++;
          yield [complete];
        }
      }
      if (buffer.length > context.maxItemSize) throw new StreamError('CG_STREAM_PARSE', `an item is larger than maxResponseSize (${context.maxItemSize} bytes)`, { received });
    }
  } catch (error) {
    if (error instanceof ContractgenError) throw error;
    throw new StreamError('CG_STREAM_DROPPED', `the ${format === 'jsonl' ? 'JSON Lines' : 'JSON text sequence'} stream was cut off after ${received} items`, { received, cause: error });
  }
  buffer += decoder.decode();
  const rest = buffer.trim();
  // JSON Lines may end without a final newline; a JSON text sequence item always ends with one
  if (rest !== '') {
    if (format === 'json-seq' && !buffer.endsWith('\n')) throw new StreamError('CG_STREAM_PARSE', `item ${received} is truncated (no line feed after it)`, { received, text: rest });
    yield [parse(rest)];
  }
}
