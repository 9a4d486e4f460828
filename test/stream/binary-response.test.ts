/**
 * Binary responses streamed from what a handler has (issue 18.4): a Node Readable, a web
 * ReadableStream, an async iterable of bytes, a Blob or plain bytes, through the generated server
 * and client. The source is read only as fast as the client takes it (backpressure: a client that
 * does not read leaves most of a 256 MB source unproduced), a client that goes away closes it, and
 * the client reads the body buffered (default) or as a ReadableStream (`responseType: 'stream'`).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectTypeOf } from 'vitest';
import type { BinaryBody } from '@contractgen/runtime';
import { Client } from '../golden/stream-3.2/client.js';
import type { Handlers } from '../golden/stream-3.2/server.js';
import { serveStreamApi, stopStreamApi, type StreamServer } from './serve.js';
import { documented } from '../helpers/assert.js';
import { createStreamHandlers, downloadChunk } from './stream-handlers.js';

const SOURCES = ['node', 'web', 'iterable', 'blob', 'bytes'] as const;

function expectedHash(size: number): string {
  const hash = createHash('sha256');
  for (let at = 0; at < size; at += 64 * 1024) hash.update(downloadChunk(at, size));
  return hash.digest('hex');
}

async function hashStream(stream: ReadableStream<Uint8Array>): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    bytes += chunk.byteLength;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Polls (bounded) until `value()` stops changing: the server has produced what backpressure lets it. */
async function settled(value: () => number): Promise<number> {
  let last = -1;
  let same = 0;
  for (let i = 0; i < 400 && same < 8; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const now = value();
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}

let server: StreamServer;
let handlers: ReturnType<typeof createStreamHandlers>;
let client: Client;

beforeAll(async () => {
  handlers = createStreamHandlers();
  server = await serveStreamApi(handlers, { validateResponses: true });
  client = new Client({ baseUrl: server.url, auth: { apiKey: { apiKey: 'k1' } } });
});
afterAll(async () => {
  await stopStreamApi(server);
});

describe('binary responses from a stream', () => {
  const size = 3 * 1024 * 1024 + 17;
  const sha256 = expectedHash(size);

  for (const source of SOURCES) {
    it(`${source}: the client gets every byte, buffered and as a stream`, async () => {
      const res = documented(await client.downloadFile({ path: { name: source }, query: { size } }), 200);
      expect(res.body).toBeInstanceOf(Uint8Array);
      const bytes = res.body as Uint8Array;
      expect(bytes.byteLength).toBe(size);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
      expect(res.headers['content-type']).toBe('application/octet-stream');

      const streamed = documented(await client.downloadFile({ path: { name: source }, query: { size } }, { responseType: 'stream' }), 200);
      expect(streamed.body).toBeInstanceOf(ReadableStream);
      expect(await hashStream(streamed.body as ReadableStream<Uint8Array>)).toEqual({ sha256, bytes: size });
    });
  }

  for (const source of ['node', 'web', 'iterable'] as const) {
    it(`${source}: backpressure — a client that does not read leaves the source unproduced; leaving closes it`, async () => {
      const total = 256 * 1024 * 1024;
      const before = { produced: handlers.control.produced, closed: handlers.control.closed };
      // a fresh connection: the kernel grows a loopback socket's receive buffer (up to tcp_rmem's max,
      // 32 MB here) on a connection that carried bulk data before, and would hold that much
      const fresh = new Client({ baseUrl: server.url, auth: { apiKey: { apiKey: 'k1' } } });
      const res = documented(await fresh.downloadFile({ path: { name: source }, query: { size: total } }, { responseType: 'stream' }), 200);
      const produced = (await settled(() => handlers.control.produced)) - before.produced;
      // what the path holds: stream high-water marks, and loopback socket buffers the kernel may grow
      // to ~36 MB (tcp_rmem max 32 MB + tcp_wmem max 4 MB here); without backpressure: all 256 MB
      expect(produced).toBeGreaterThan(0);
      expect(produced).toBeLessThan(64 * 1024 * 1024);
      // read a little, then go away: the server's source is closed (web cancel / iterator return / destroy)
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const first = await reader.read();
      expect(first.value?.[1]).toBe(1);
      await reader.cancel();
      for (let i = 0; i < 200 && handlers.control.closed === before.closed; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(handlers.control.closed).toBe(before.closed + 1);
      expect(handlers.control.produced - before.produced).toBeLessThan(total);
    });
  }

  it('types: a handler may return any stream kind for a binary body; the client sees BinaryBody', () => {
    type Body = Awaited<ReturnType<Handlers['downloadFile']>>['body'];
    expectTypeOf<Body>().toEqualTypeOf<BinaryBody>();
    expectTypeOf<ReadableStream<Uint8Array>>().toMatchTypeOf<Body>();
    expectTypeOf<AsyncIterable<Uint8Array>>().toMatchTypeOf<Body>();
    expectTypeOf<Blob>().toMatchTypeOf<Body>();
    expectTypeOf<Uint8Array>().toMatchTypeOf<Body>();
    // @ts-expect-error: not bytes, not a stream
    const bad: Body = 'text';
    void bad;
  });
});
