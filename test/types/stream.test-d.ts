/**
 * Type tests on streamed responses (issue 18): the generated stream-3.2 client and handlers.
 * `events` items are the SSE item schema with `data` decoded (contentSchema), `items` the
 * itemSchema's type; a handler answers with an AsyncIterable of exactly those.
 */
import { expectTypeOf } from 'vitest';
import type { Handlers } from '../golden/stream-3.2/server.js';
import { Client, createClient, downloadFile } from '../golden/stream-3.2/client.js';
import type { CallInit } from '../../runtime/src/client/types.js';
import type * as T from '../golden/stream-3.2/types.js';

type Tick = T.Tick;
type TickEvent = { data: Tick; event?: 'tick' | 'note'; id?: string; retry?: number };

declare const client: Client;
const res = await client.streamTicks({ query: { count: 1 } });
if (res.status === 200) {
  expectTypeOf(res.events).toEqualTypeOf<AsyncIterable<TickEvent>>();
  for await (const e of res.events) {
    expectTypeOf(e.data).toEqualTypeOf<Tick>();
    expectTypeOf(e.data.seq).toEqualTypeOf<number>();
    expectTypeOf(e.event).toEqualTypeOf<'tick' | 'note' | undefined>();
    // @ts-expect-error an event has no `body`
    void e.body;
  }
  // @ts-expect-error a streamed member has no body
  void res.body;
}
if (res.status === 401) expectTypeOf(res.body).toEqualTypeOf<T.Problem>();

const messages = await client.streamMessages();
if (messages.status === 200) {
  for await (const m of messages.events) expectTypeOf(m.data).toEqualTypeOf<string>();
}

const logs = await client.streamLogs();
if (logs.status === 200) {
  expectTypeOf(logs.items).toEqualTypeOf<AsyncIterable<T.LogEntry>>();
  expectTypeOf(logs.contentType).toEqualTypeOf<'application/jsonl' | 'application/json-seq' | undefined>();
}

// Handlers answer with async iterables of the item type.
type TicksResult = Awaited<ReturnType<Handlers['streamTicks']>>;
async function* good(): AsyncGenerator<TickEvent> {
  yield { data: { seq: 1, price: 2 }, id: '1', event: 'tick' };
}
const ok: TicksResult = { status: 200, events: good() };
void ok;
async function* wrongData(): AsyncGenerator<{ data: string }> {
  yield { data: 'x' };
}
// @ts-expect-error data must be a Tick
const bad: TicksResult = { status: 200, events: wrongData() };
void bad;
// @ts-expect-error an SSE response is answered with `events`, not a body
const notBody: TicksResult = { status: 200, body: 'data: x\n\n' };
void notBody;
type LogsResult = Awaited<ReturnType<Handlers['streamLogs']>>;
async function* entries(): AsyncGenerator<T.LogEntry> {
  yield { level: 1, message: 'm' };
}
const logsOk: LogsResult = { status: 200, items: entries() };
const seqOk: LogsResult = { status: 200, contentType: 'application/json-seq', items: entries() };
void logsOk, seqOk;

// A streamed multipart body (x-stream): the handler reads parts in wire order, files as streams;
// the client still sends the schema's object (a File/Blob for the file part).
type PartsRequest = Parameters<Handlers['uploadParts']>[0];
declare const partsReq: PartsRequest;
if (partsReq.contentType === 'application/octet-stream') expectTypeOf(partsReq.body).toEqualTypeOf<AsyncIterable<Uint8Array>>();
else {
  for await (const part of partsReq.body) {
    if (part.type === 'file') {
      expectTypeOf(part.stream).toEqualTypeOf<AsyncIterable<Uint8Array>>();
      expectTypeOf(part.filename).toEqualTypeOf<string>();
      // @ts-expect-error a file part has no value
      void part.value;
    } else {
      expectTypeOf(part.value).toEqualTypeOf<string>();
      // @ts-expect-error a field part has no stream
      void part.stream;
    }
  }
  // @ts-expect-error streamed parts are not the schema's object
  void partsReq.body.title;
}
void client.uploadParts({ body: { title: 't', file: new Blob(['x']) } });
// @ts-expect-error the client sends the schema's object, not parts
void client.uploadParts({ body: (async function* () {})() });

// A binary response is read as `init.responseType` asks (issue 18.4): Uint8Array by default,
// ReadableStream for 'stream', Blob for 'blob', the union when responseType is not a literal.
const bytes = await client.downloadFile({ path: { name: 'node' } });
if (bytes.status === 200) {
  expectTypeOf(bytes.body).toEqualTypeOf<Uint8Array>();
  // @ts-expect-error a buffered body is no stream
  void bytes.body.getReader();
}
const explicitBytes = await client.downloadFile({ path: { name: 'node' } }, { responseType: 'bytes', timeout: 5_000 });
if (explicitBytes.status === 200) expectTypeOf(explicitBytes.body).toEqualTypeOf<Uint8Array>();
const streamed = await client.downloadFile({ path: { name: 'node' } }, { responseType: 'stream' });
if (streamed.status === 200) {
  expectTypeOf(streamed.body).toEqualTypeOf<ReadableStream<Uint8Array>>();
  // @ts-expect-error a stream has no byteLength
  void streamed.body.byteLength;
}
const blob = await downloadFile(createClient(), { path: { name: 'blob' } }, { responseType: 'blob' });
if (blob.status === 200) expectTypeOf(blob.body).toEqualTypeOf<Blob>();
declare const someInit: CallInit;
const either = await client.downloadFile({ path: { name: 'web' } }, someInit);
if (either.status === 200) expectTypeOf(either.body).toEqualTypeOf<Uint8Array | Blob | ReadableStream<Uint8Array>>();
// other operations keep their plain signature: responseType does not change a JSON body
const json = await client.getItem({ path: { id: 'a' } }, { responseType: 'stream' });
if (json.status === 200) expectTypeOf(json.body).toEqualTypeOf<T.Item>();
