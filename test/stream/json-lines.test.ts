/**
 * JSON Lines and JSON text sequences end to end (issue 18.2/18.3): `items` from a handler's async
 * iterable, one line (or one RS-prefixed text) per item, read by the generated client as typed
 * `items`; negotiation between the two, early exit, abort, a malformed line from an outside server.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortedError } from '@contractgen/runtime/resilience';
import { StreamError } from '@contractgen/runtime/client/stream';
import { Client } from '../golden/stream-3.2/client.js';
import { serveStreamApi, stopStreamApi, type StreamServer } from './serve.js';
import { documented, rejection } from '../helpers/assert.js';
import { createStreamHandlers } from './stream-handlers.js';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

let server: StreamServer;
let handlers: ReturnType<typeof createStreamHandlers>;
let client: Client;
beforeAll(async () => {
  handlers = createStreamHandlers();
  server = await serveStreamApi(handlers, { validateResponses: true });
  client = new Client({ baseUrl: server.url });
});
afterAll(async () => {
  await stopStreamApi(server);
});

describe('JSON Lines / json-seq: generated server and client', () => {
  it('streams 1,000 typed items as JSON Lines (the first declared type)', async () => {
    const res = documented(await client.streamLogs({ query: { count: 1000 } }), 200);
    expect(res.contentType).toBe('application/jsonl');
    const items = await collect(res.items);
    expect(items).toHaveLength(1000);
    expect(items.map((i) => i.message)).toEqual(Array.from({ length: 1000 }, (_, i) => `line ${i}: "quoted" \u2028 and\nnewline`));
    expect(items[7]).toEqual({ level: 3, message: 'line 7: "quoted" \u2028 and\nnewline', timestamp: '2026-01-01T00:00:07.000Z' });
  });

  it('one JSON text per line on the wire; json-seq when Accept asks for it (RS before each text)', async () => {
    const lines = await (await fetch(`${server.url}/logs?count=2`)).text();
    expect(lines.split('\n')).toHaveLength(3);
    expect(lines.split('\n').slice(0, 2).map((l) => JSON.parse(l) as unknown)).toEqual([
      { level: 0, message: 'line 0: "quoted" \u2028 and\nnewline', timestamp: '2026-01-01T00:00:00.000Z' },
      { level: 1, message: 'line 1: "quoted" \u2028 and\nnewline', timestamp: '2026-01-01T00:00:01.000Z' },
    ]);
    const seq = await fetch(`${server.url}/logs?count=2`, { headers: { accept: 'application/json-seq' } });
    expect(seq.headers.get('content-type')).toBe('application/json-seq');
    const text = await seq.text();
    expect(text.startsWith('\x1e{')).toBe(true);
    expect(text.split('\x1e').slice(1).every((t) => t.endsWith('}\n'))).toBe(true);
    const viaClient = documented(await client.streamLogs({ query: { count: 300 } }, { headers: { accept: 'application/json-seq' } }), 200);
    expect(viaClient.contentType).toBe('application/json-seq');
    expect((await collect(viaClient.items)).map((i) => i.level)).toEqual(Array.from({ length: 300 }, (_, i) => i % 4));
  });

  it('an abort mid-stream rejects with AbortedError and the server stops its iterator', async () => {
    const closed = handlers.control.closed;
    handlers.control.gapMs = 5;
    const controller = new AbortController();
    const res = documented(await client.streamLogs({ query: { count: 100000 } }, { signal: controller.signal }), 200);
    let count = 0;
    await rejection(
      (async () => {
        for await (const _ of res.items) if (++count === 5) controller.abort();
      })(),
      AbortedError,
    );
    for (let i = 0; i < 200 && handlers.control.closed === closed; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(handlers.control.closed).toBeGreaterThan(closed);
    delete handlers.control.gapMs;
  });
});

describe('JSON Lines from an outside server', () => {
  let outside: Server;
  let url: string;
  let body = '';
  let type = 'application/jsonl';
  beforeAll(async () => {
    outside = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    });
    await new Promise<void>((resolve) => outside.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(outside.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    outside.closeAllConnections();
    await new Promise((resolve) => outside.close(resolve));
  });

  it('CRLF lines, blank lines and a last line without newline are read; a bad line is CG_STREAM_PARSE', async () => {
    const c = new Client({ baseUrl: url });
    body = '{"level":1,"message":"a"}\r\n\r\n{"level":2,"message":"b"}\n{"level":3,"message":"c"}';
    expect((await collect(documented(await c.streamLogs(), 200).items)).map((i) => i.message)).toEqual(['a', 'b', 'c']);
    body = '{"level":1,"message":"a"}\n{"level":2,\n';
    const res = documented(await c.streamLogs(), 200);
    const seen: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const i of res.items) seen.push(i.message);
      })(),
      StreamError,
    );
    expect(seen).toEqual(['a']);
    expect(error).toMatchObject({ code: 'CG_STREAM_PARSE', received: 1, text: '{"level":2,' });
  });

  it('json-seq: RS-separated texts; a truncated last text is CG_STREAM_PARSE', async () => {
    const c = new Client({ baseUrl: url });
    type = 'application/json-seq';
    body = '\x1e{"level":1,"message":"a"}\n\x1e{"level":2,\n  "message":"b"}\n';
    expect((await collect(documented(await c.streamLogs(), 200).items)).map((i) => i.message)).toEqual(['a', 'b']);
    body = '\x1e{"level":1,"message":"a"}\n\x1e{"level":2';
    await expect(collect(documented(await c.streamLogs(), 200).items)).rejects.toMatchObject({ code: 'CG_STREAM_PARSE' });
  });
});
