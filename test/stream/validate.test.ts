/**
 * Client-side validation of streamed items (issue 18.2, "validated where asked"): with
 * `validateStreams` (ajvStreamValidator(), or the user's own) the generated client checks each SSE event / JSON Lines item against the
 * schema the spec gives it (the descriptor carries it self-contained); an item that does not fit
 * ends the iteration with a typed StreamError CG_STREAM_INVALID after the good ones, never a crash.
 * Without the option the same items are handed out unchecked.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '@contractgen/runtime/resilience';
import { StreamError, type StreamItemValidator } from '@contractgen/runtime/client/stream';
import { ajvStreamValidator } from '@contractgen/runtime/client/stream-validate';
import { Client } from '../golden/stream-3.2/client.js';
import { serveStreamApi, stopStreamApi, type StreamServer } from './serve.js';
import { documented, rejection } from '../helpers/assert.js';
import { createStreamHandlers } from './stream-handlers.js';

const tick = (seq: number, data: string, event = 'tick'): string => `event: ${event}\nid: ${seq}\ndata: ${data}\n\n`;

/** What the outside server (not the generated one: it would not send these) answers per path. */
const bodies: Record<string, { type: string; body: string }> = {
  // the third tick has a negative seq (the schema says minimum 0)
  '/ticks': { type: 'text/event-stream', body: tick(0, '{"seq":0,"price":1}') + tick(1, '{"seq":1,"price":2}') + tick(2, '{"seq":-5,"price":3}') + tick(3, '{"seq":3,"price":4}') },
  // an event type the spec's enum does not list
  '/ticks-event': { type: 'text/event-stream', body: tick(0, '{"seq":0,"price":1}') + tick(1, '{"seq":1,"price":2}', 'trade') },
  // the second item has a level that is a string, the third a timestamp that is not a date-time
  '/logs': { type: 'application/jsonl', body: '{"level":1,"message":"a"}\n{"level":"high","message":"b"}\n{"level":2,"message":"c"}\n' },
  '/logs-date': { type: 'application/jsonl', body: '{"level":1,"message":"a","timestamp":"2026-01-01T00:00:00Z"}\n{"level":1,"message":"b","timestamp":"yesterday"}\n' },
};

let outside: Server;
let outsideUrl: string;

beforeAll(async () => {
  outside = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    // the test picks the body by a header: the generated client sends to the spec's paths
    const key = String(req.headers['x-body'] ?? url.pathname);
    const answer = bodies[key];
    if (answer === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': answer.type });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => outside.listen(0, '127.0.0.1', resolve));
  outsideUrl = `http://127.0.0.1:${(outside.address() as AddressInfo).port}`;
});
afterAll(async () => {
  outside.closeAllConnections();
  await new Promise((resolve) => outside.close(resolve));
});

async function drain<T>(iterable: AsyncIterable<T>, seen: T[]): Promise<void> {
  for await (const item of iterable) seen.push(item);
}

describe('validateStreams: ajvStreamValidator()', () => {
  const validateStreams = ajvStreamValidator();
  const client = (): Client => new Client({ baseUrl: outsideUrl, auth: { apiKey: { apiKey: 'k' } }, validateStreams });

  it('an SSE event whose data breaks the schema is CG_STREAM_INVALID after the good ones', async () => {
    const res = documented(await client().streamTicks({ query: { count: 4 } }), 200);
    const seen: Array<{ data: { seq: number } }> = [];
    const error = await rejection(drain(res.events, seen), StreamError);
    expect(seen.map((e) => e.data.seq)).toEqual([0, 1]);
    expect(error.code).toBe('CG_STREAM_INVALID');
    expect(error.received).toBe(2);
    expect(error.item).toEqual({ data: { seq: -5, price: 3 }, event: 'tick', id: '2' });
    expect(error.issues[0]).toMatchObject({ pointer: '/data/seq' });
    expect(error.message).toMatch(/event 2 does not match its schema: \/data\/seq must be >= 0/);
  });

  it('the event type is checked too (the spec enumerates tick | note)', async () => {
    const res = documented(await client().streamTicks({ query: { count: 2 } }, { headers: { 'x-body': '/ticks-event' } }), 200);
    const seen: unknown[] = [];
    const error = await rejection(drain(res.events, seen), StreamError);
    expect(seen).toHaveLength(1);
    expect(error.code).toBe('CG_STREAM_INVALID');
    expect(error.issues[0]).toMatchObject({ pointer: '/event' });
  });

  it('a JSON Lines item of the wrong type, and a timestamp that is not a date-time (ajv-formats)', async () => {
    const res = documented(await client().streamLogs({ query: { count: 3 } }), 200);
    const seen: Array<{ message: string }> = [];
    const error = await rejection(drain(res.items, seen), StreamError);
    expect(seen.map((i) => i.message)).toEqual(['a']);
    expect(error).toMatchObject({ code: 'CG_STREAM_INVALID', received: 1, item: { level: 'high', message: 'b' } });
    expect(error.issues[0]).toMatchObject({ pointer: '/level', message: 'must be integer' });

    const dated = documented(await client().streamLogs({}, { headers: { 'x-body': '/logs-date' } }), 200);
    const kept: unknown[] = [];
    const bad = await rejection(drain(dated.items, kept), StreamError);
    expect(kept).toHaveLength(1);
    expect(bad.issues[0]).toMatchObject({ pointer: '/timestamp' });
    expect(bad.issues[0]!.message).toMatch(/date-time/);
  });

  it('without validateStreams the same items are handed out unchecked', async () => {
    const plain = new Client({ baseUrl: outsideUrl, auth: { apiKey: { apiKey: 'k' } } });
    const res = documented(await plain.streamTicks({ query: { count: 4 } }), 200);
    const seen: Array<{ data: { seq: number } }> = [];
    await drain(res.events, seen);
    expect(seen.map((e) => e.data.seq)).toEqual([0, 1, -5, 3]);
  });
});

describe('validateStreams: your own validator', () => {
  it('gets the item schema self-contained ($defs), once per schema, and its issues become the error', async () => {
    const schemas: unknown[] = [];
    let checks = 0;
    const validator: StreamItemValidator = (schema) => {
      schemas.push(schema);
      return (item) => {
        checks++;
        const level = (item as { level?: unknown }).level;
        return typeof level === 'number' ? [] : [{ pointer: '/level', message: `level ${JSON.stringify(level)} is not a number` }];
      };
    };
    const client = new Client({ baseUrl: outsideUrl, validateStreams: validator });
    for (let round = 0; round < 2; round++) {
      const res = documented(await client.streamLogs({ query: { count: 3 } }), 200);
      const error = await rejection(drain(res.items, []), StreamError);
      expect(error.message).toMatch(/item 1 does not match its schema: \/level level "high" is not a number/);
    }
    expect(schemas).toHaveLength(1);
    expect(schemas[0]).toMatchObject({ $ref: '#/$defs/LogEntry', $defs: { LogEntry: { required: ['level', 'message'] } } });
    expect(checks).toBe(4);
  });

  it('an option that is not a function is CG_INVALID_OPTIONS', async () => {
    // @ts-expect-error: not a validator (true was never the API: ajv comes only with its own import)
    const client = new Client({ baseUrl: outsideUrl, validateStreams: true });
    const error = await rejection(client.streamLogs({ query: { count: 3 } }), InvalidOptionsError);
    expect(error.code).toBe('CG_INVALID_OPTIONS');
    expect(error.option).toBe('validateStreams');
  });
});

describe('validateStreams over the generated server', () => {
  let server: StreamServer;
  beforeAll(async () => {
    server = await serveStreamApi(createStreamHandlers());
  });
  afterAll(async () => {
    await stopStreamApi(server);
  });

  it('1,000 events and 1,000 JSON Lines items that fit their schemas pass', async () => {
    const client = new Client({ baseUrl: server.url, auth: { apiKey: { apiKey: 'k1' } }, validateStreams: ajvStreamValidator() });
    const res = documented(await client.streamTicks({ query: { count: 1000 } }), 200);
    let events = 0;
    for await (const e of res.events) {
      expect(e.data.seq).toBe(events);
      events++;
    }
    expect(events).toBe(1000);
    const logs = documented(await client.streamLogs({ query: { count: 1000 } }), 200);
    let items = 0;
    for await (const item of logs.items) items += item.message.startsWith('line ') ? 1 : 0;
    expect(items).toBe(1000);
  });
});
