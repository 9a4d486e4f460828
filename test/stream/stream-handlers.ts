/** Handlers for the generated stream-3.2 server (OpenAPI 3.2: QUERY, additionalOperations, querystring, streams). */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Handlers } from '../golden/stream-3.2/server.js';
import type { Item, LogEntry, Tick } from '../golden/stream-3.2/types.js';

/** What the tests steer and observe on the server side of the streams. */
export interface StreamControl {
  /** Cut the connection (socket destroyed) just before sending the tick with this seq, once. */
  dropAt?: number;
  /** The `retry:` the first tick carries. */
  retry?: number;
  /** A tick that breaks the contract (price not a number) at this seq. */
  badAt?: number;
  /** Delay before each item (ms). */
  gapMs?: number;
  /** Last-Event-ID header of each request that reached streamTicks. */
  lastEventIds: Array<string | undefined>;
  /** How many streams the server has started, and how many had their iterator closed (return/finally). */
  started: number;
  closed: number;
  /** downloadFile: bytes its source has produced so far (it produces only when asked: backpressure). */
  produced: number;
  /** uploadParts: leave file parts unread (the runtime drains them). */
  skipFiles?: boolean;
  /** uploadParts: answer after this many parts (the runtime drains the rest). */
  stopAfter?: number;
  /** uploadParts: the error its iteration ended with, if any. */
  partsError?: unknown;
}

/** downloadFile's bytes: byte i is i % 251, in 64 kB chunks, made only when the consumer pulls. */
export function downloadChunk(at: number, size: number): Uint8Array<ArrayBuffer> {
  const offset = at % 251;
  return PATTERN.slice(offset, offset + Math.min(64 * 1024, size - at));
}
const PATTERN = Uint8Array.from({ length: 64 * 1024 + 251 }, (_, i) => i % 251);

export function createStreamHandlers(): Handlers & { seen: unknown[]; control: StreamControl } {
  const seen: unknown[] = [];
  const control: StreamControl = { lastEventIds: [], started: 0, closed: 0, produced: 0 };
  const items: Item[] = [
    { id: 'a', name: 'apple pie', tags: ['sweet', 'baked'] },
    { id: 'b', name: 'bread', tags: ['baked'] },
    { id: 'c', name: 'cheese + wine', tags: ['salty'] },
  ];
  async function* ticks(from: number, count: number, socket: { destroy(): void }): AsyncGenerator<{ data: Tick; event?: 'tick' | 'note'; id?: string; retry?: number }> {
    control.started++;
    try {
      for (let seq = from; seq < count; seq++) {
        if (control.dropAt === seq) {
          delete control.dropAt;
          // let what was written reach the client, then cut the connection mid-stream
          await new Promise((resolve) => setTimeout(resolve, 20));
          socket.destroy();
          return;
        }
        if (control.gapMs !== undefined) await new Promise((resolve) => setTimeout(resolve, control.gapMs));
        const data = control.badAt === seq ? ({ seq, price: 'free' } as unknown as Tick) : { seq, price: 100 + seq / 100, ...(seq % 100 === 0 ? { note: `tick ${seq}\nsecond line` } : {}) };
        yield { event: seq % 10 === 0 ? 'note' : 'tick', data, id: String(seq), ...(seq === from && control.retry !== undefined ? { retry: control.retry } : {}) };
      }
    } finally {
      control.closed++;
    }
  }
  async function* logs(count: number): AsyncGenerator<LogEntry> {
    control.started++;
    try {
      for (let i = 0; i < count; i++) {
        if (control.gapMs !== undefined) await new Promise((resolve) => setTimeout(resolve, control.gapMs));
        yield { level: i % 4, message: `line ${i}: "quoted" \u2028 and\nnewline`, timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 60)).toISOString() };
      }
    } finally {
      control.closed++;
    }
  }
  return {
    seen,
    control,
    async streamTicks(req, ctx) {
      const last = ctx.request.headers['last-event-id'];
      control.lastEventIds.push(typeof last === 'string' ? last : undefined);
      const from = typeof last === 'string' ? Number(last) + 1 : 0;
      return { status: 200, events: ticks(from, req.query?.count ?? 1000, ctx.request.raw.socket) };
    },
    async streamMessages() {
      async function* messages(): AsyncGenerator<{ data: string; event?: string; id?: string }> {
        yield { data: 'plain text', event: 'greeting' };
        yield { data: 'two\nlines', id: 'm2' };
        yield { data: '{"not":"parsed"}' };
      }
      return { status: 200, events: messages() };
    },
    async streamLogs(req) {
      return { status: 200, items: logs(req.query?.count ?? 1000) };
    },
    async listItems(req) {
      seen.push({ querystring: req.querystring });
      const { q, tag, limit } = req.querystring ?? {};
      const found = items.filter((i) => (q === undefined || i.name.includes(q)) && (tag === undefined || tag.every((t) => i.tags?.includes(t))));
      return { status: 200, body: found.slice(0, limit ?? found.length) };
    },
    async searchItems(req) {
      seen.push({ body: req.body });
      const found = items.filter((i) => i.name.includes(req.body.text));
      return { status: 200, body: found.slice(0, req.body.limit ?? found.length) };
    },
    async getItem(req) {
      const item = items.find((i) => i.id === req.path.id);
      return item ? { status: 200, body: item } : { status: 404 };
    },
    async copyItem(req) {
      const item = items.find((i) => i.id === req.path.id);
      if (!item) return { status: 404 };
      const copy = { ...item, id: req.headers.Destination };
      items.push(copy);
      return { status: 201, body: copy };
    },
    async uploadFile(req) {
      const hash = createHash('sha256');
      let bytes = 0;
      let chunks = 0;
      if (req.contentType === 'application/json') {
        const text = Buffer.from(req.body.text);
        return { status: 200, body: { bytes: text.length, sha256: hash.update(text).digest('hex'), chunks: 1 } };
      }
      for await (const chunk of req.body) {
        hash.update(chunk);
        bytes += chunk.length;
        chunks++;
      }
      return { status: 200, body: { bytes, sha256: hash.digest('hex'), chunks } };
    },
    async uploadParts(req) {
      const digest = async (stream: AsyncIterable<Uint8Array>): Promise<{ bytes: number; sha256: string; chunks: number }> => {
        const hash = createHash('sha256');
        let bytes = 0;
        let chunks = 0;
        for await (const chunk of stream) {
          hash.update(chunk);
          bytes += chunk.byteLength;
          chunks++;
        }
        return { bytes, sha256: hash.digest('hex'), chunks };
      };
      if (req.contentType === 'application/octet-stream') return { status: 200, body: [{ type: 'binary', name: '', ...(await digest(req.body)) }] };
      const read: Array<{ type: 'field' | 'file'; name: string; filename?: string; contentType?: string; value?: string; bytes: number; sha256?: string; chunks?: number }> = [];
      try {
        for await (const part of req.body) {
          if (part.type === 'field') read.push({ type: 'field', name: part.name, value: part.value, bytes: Buffer.byteLength(part.value) });
          else read.push({ type: 'file', name: part.name, filename: part.filename, contentType: part.contentType, ...(control.skipFiles ? { bytes: 0 } : await digest(part.stream)) });
          if (control.stopAfter !== undefined && read.length >= control.stopAfter) break;
        }
      } catch (error) {
        control.partsError = error;
        throw error;
      }
      return { status: 200, body: read };
    },
    async downloadFile(req) {
      const size = req.query?.size ?? 1024 * 1024;
      control.started++;
      let at = 0;
      const next = (): Uint8Array<ArrayBuffer> | undefined => {
        if (at >= size) return undefined;
        const chunk = downloadChunk(at, size);
        at += chunk.length;
        control.produced += chunk.length;
        return chunk;
      };
      switch (req.path.name) {
        case 'node':
          return { status: 200, body: Readable.from((function* () { try { for (let c = next(); c; c = next()) yield Buffer.from(c); } finally { control.closed++; } })(), { objectMode: false, highWaterMark: 64 * 1024 }) };
        case 'web':
          return {
            status: 200,
            body: new ReadableStream<Uint8Array>({
              pull(controller) {
                const c = next();
                if (c) controller.enqueue(c);
                else {
                  controller.close();
                  control.closed++;
                }
              },
              cancel() {
                control.closed++;
              },
            }),
          };
        case 'iterable':
          return { status: 200, body: (async function* () { try { for (let c = next(); c; c = next()) yield c; } finally { control.closed++; } })() };
        case 'blob': {
          const parts: Array<Uint8Array<ArrayBuffer>> = [];
          for (let c = next(); c; c = next()) parts.push(c);
          control.closed++;
          return { status: 200, body: new Blob(parts) };
        }
        case 'bytes': {
          const all = new Uint8Array(size);
          for (let c = next(), o = 0; c; o += c.length, c = next()) all.set(c, o);
          control.closed++;
          return { status: 200, body: all };
        }
      }
    },
    async lookup(req) {
      seen.push({ querystring: req.querystring });
      const ids = req.querystring?.ids ?? [];
      return { status: 200, body: items.filter((i) => ids.includes(i.id)) };
    },
  };
}
