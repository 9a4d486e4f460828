/**
 * Server-Sent Events end to end (issue 18.2/18.3): the generated stream-3.2 server streams typed
 * events from a handler's async iterable, the generated client reads them as `events`, with
 * reconnection from Last-Event-ID honouring `retry:`, abort, early exit, a malformed event from an
 * outside server, heartbeats, and per-event validation under validateResponses.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortedError, systemClock, type Clock } from '@contractgen/runtime/resilience';
import { StreamError } from '@contractgen/runtime/client/stream';
import { Client } from '../golden/stream-3.2/client.js';
import { serveStreamApi, stopStreamApi, type StreamServer } from './serve.js';
import { documented, rejection } from '../helpers/assert.js';
import { createStreamHandlers } from './stream-handlers.js';

const KEY = { 'X-API-Key': 'k1' };

/**
 * A clock whose short sleeps (reconnection delays) are recorded and cut short, so no test waits on
 * time; long ones (the client's default 30 s timeout) are real.
 */
function recordingClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, now: () => Date.now(), sleep: async (ms, signal) => (ms < 1000 ? void sleeps.push(ms) : systemClock.sleep(ms, signal)) };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Waits (bounded) until `check` holds: the server notices a disconnect asynchronously. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check(), what).toBe(true);
}

let server: StreamServer;
let handlers: ReturnType<typeof createStreamHandlers>;
const clock = recordingClock();
let client: Client;

beforeAll(async () => {
  handlers = createStreamHandlers();
  server = await serveStreamApi(handlers, { validateResponses: true, streams: { heartbeat: 30 } });
  client = new Client({ baseUrl: server.url, auth: { apiKey: { apiKey: 'k1' } }, clock });
});
afterAll(async () => {
  await stopStreamApi(server);
});

describe('SSE: generated server and client', () => {
  it('streams 1,000 typed events with ids, in order, each frame as written', async () => {
    const res = documented(await client.streamTicks({ query: { count: 1000 } }), 200);
    expect(res.contentType).toBe('text/event-stream');
    expect(res.raw.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = await collect(res.events);
    expect(events).toHaveLength(1000);
    expect(events.map((e) => e.id)).toEqual(Array.from({ length: 1000 }, (_, i) => String(i)));
    expect(events.map((e) => e.data.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(events[0]).toEqual({ event: 'note', id: '0', data: { seq: 0, price: 100, note: 'tick 0\nsecond line' } });
    expect(events[1]).toEqual({ event: 'tick', id: '1', data: { seq: 1, price: 100.01 } });
  });

  it('the wire format is text/event-stream as the WHATWG spec parses it', async () => {
    const raw = await fetch(`${server.url}/ticks?count=2`, { headers: KEY });
    expect(raw.headers.get('cache-control')).toBe('no-cache');
    expect(await raw.text()).toBe('event: note\nid: 0\ndata: {"seq":0,"price":100,"note":"tick 0\\nsecond line"}\n\nevent: tick\nid: 1\ndata: {"seq":1,"price":100.01}\n\n');
    // text data: one data line per line, joined back by the client
    const text = await fetch(`${server.url}/messages`);
    expect(await text.text()).toBe('event: greeting\ndata: plain text\n\nid: m2\ndata: two\ndata: lines\n\ndata: {"not":"parsed"}\n\n');
    const messages = await collect(documented(await client.streamMessages(), 200).events);
    expect(messages).toEqual([{ event: 'greeting', data: 'plain text' }, { id: 'm2', data: 'two\nlines' }, { data: '{"not":"parsed"}' }]);
  });

  it('same auth as any call: no key is a typed 401, not a stream', async () => {
    const anonymous = new Client({ baseUrl: server.url });
    const res = await anonymous.streamTicks({ query: { count: 3 } });
    expect(res.status).toBe(401);
  });

  it('a dropped connection reconnects after the server\'s retry:, resuming from Last-Event-ID', async () => {
    handlers.control.lastEventIds.length = 0;
    handlers.control.dropAt = 500;
    handlers.control.retry = 25;
    clock.sleeps.length = 0;
    const res = documented(await client.streamTicks({ query: { count: 1000 } }), 200);
    const events = await collect(res.events);
    expect(events.map((e) => e.data.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    // the first connection sent 0..499, was cut; the second asked for what follows 499 (with the API key again)
    expect(handlers.control.lastEventIds).toEqual([undefined, '499']);
    expect(events[0]!.retry).toBe(25);
    expect(clock.sleeps).toEqual([25]);
    delete handlers.control.retry;
  });

  it('without reconnection a cut stream is a typed CG_STREAM_DROPPED after the events it had', async () => {
    handlers.control.dropAt = 3;
    const res = documented(await client.streamTicks({ query: { count: 10 } }, { reconnect: { maxAttempts: 0 } }), 200);
    const seen: number[] = [];
    const error = await rejection(
      (async () => {
        for await (const e of res.events) seen.push(e.data.seq);
      })(),
      StreamError,
    );
    expect(error.code).toBe('CG_STREAM_DROPPED');
    expect(seen).toEqual([0, 1, 2]);
  });

  it('an abort mid-stream rejects with AbortedError and the server\'s iterator is closed', async () => {
    const closed = handlers.control.closed;
    handlers.control.gapMs = 5;
    const controller = new AbortController();
    const res = documented(await client.streamTicks({ query: { count: 100000 } }, { signal: controller.signal }), 200);
    let count = 0;
    const error = await rejection(
      (async () => {
        for await (const _ of res.events) if (++count === 10) controller.abort();
      })(),
      AbortedError,
    );
    expect(error.code).toBe('CG_ABORTED');
    expect(count).toBe(10);
    await eventually(() => handlers.control.closed > closed, 'the handler iterator was closed (return() on disconnect)');
    delete handlers.control.gapMs;
  });

  it('leaving a for-await early cancels the body; the server sees the disconnect', async () => {
    const closed = handlers.control.closed;
    handlers.control.gapMs = 5;
    const res = documented(await client.streamTicks({ query: { count: 100000 } }), 200);
    for await (const e of res.events) if (e.data.seq === 4) break;
    await eventually(() => handlers.control.closed > closed, 'the handler iterator was closed');
    delete handlers.control.gapMs;
  });

  it('heartbeats keep an idle stream alive as comments; the client skips them', async () => {
    handlers.control.gapMs = 80;
    const raw = await fetch(`${server.url}/ticks?count=2`, { headers: KEY });
    const text = await raw.text();
    expect(text).toContain(':\n\n');
    expect(text.replace(/:\n\n/g, '')).toBe('event: note\nid: 0\ndata: {"seq":0,"price":100,"note":"tick 0\\nsecond line"}\n\nevent: tick\nid: 1\ndata: {"seq":1,"price":100.01}\n\n');
    const events = await collect(documented(await client.streamTicks({ query: { count: 2 } }), 200).events);
    expect(events.map((e) => e.id)).toEqual(['0', '1']);
    delete handlers.control.gapMs;
  });

  it('validateResponses checks each event: before the first byte a 500 problem, later the stream is cut', async () => {
    handlers.control.badAt = 0;
    const first = await client.streamTicks({ query: { count: 3 } });
    expect(first.status).toBe(500);
    handlers.control.badAt = 2;
    const res = documented(await client.streamTicks({ query: { count: 5 } }, { reconnect: { maxAttempts: 0 } }), 200);
    const seen: number[] = [];
    const error = await rejection(
      (async () => {
        for await (const e of res.events) seen.push(e.data.seq);
      })(),
      StreamError,
    );
    expect(seen).toEqual([0, 1]);
    expect(error.code).toBe('CG_STREAM_DROPPED');
    delete handlers.control.badAt;
  });
});

describe('SSE from an outside server', () => {
  let outside: Server;
  let url: string;
  const bodies: Record<string, string> = {
    '/ticks': 'event: tick\nid: 1\ndata: {"seq":1,"price":1}\n\n: a comment\nevent: tick\nid: 2\ndata: {not json\n\nid: 3\ndata: {"seq":3,"price":3}\n\n',
    '/messages': '\uFEFFdata: a\r\ndata: b\r\n\r\nevent: x\rdata: c\r\rretry: 1500\ndata: d\n\n',
  };
  beforeAll(async () => {
    outside = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(bodies[new URL(req.url ?? '/', 'http://x').pathname] ?? '');
    });
    await new Promise<void>((resolve) => outside.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(outside.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    outside.closeAllConnections();
    await new Promise((resolve) => outside.close(resolve));
  });

  it('a malformed event is a typed CG_STREAM_PARSE error after the good ones, not a crash', async () => {
    const c = new Client({ baseUrl: url, auth: { apiKey: { apiKey: 'k' } } });
    const res = documented(await c.streamTicks({ query: { count: 3 } }), 200);
    const seen: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const e of res.events) seen.push(e.id ?? '');
      })(),
      StreamError,
    );
    expect(seen).toEqual(['1']);
    expect(error).toMatchObject({ code: 'CG_STREAM_PARSE', received: 1, text: '{not json' });
  });

  it('CR, LF and CRLF line ends, a BOM and retry-only fields parse as the spec says', async () => {
    const c = new Client({ baseUrl: url });
    const events = await collect(documented(await c.streamMessages(), 200).events);
    expect(events).toEqual([{ data: 'a\nb' }, { event: 'x', data: 'c' }, { data: 'd', retry: 1500 }]);
  });
});
