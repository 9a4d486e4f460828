/**
 * Binary response bodies streamed from what a handler has (issue 18.4): a Node `Readable` is sent
 * as it is; a web `ReadableStream`, a `Blob` (its `stream()`) or any `AsyncIterable<Uint8Array>`
 * becomes a Node `Readable` that Fastify pipes, so the source is read only as fast as the client
 * takes it (backpressure), and a client that goes away destroys it (the web stream is cancelled,
 * the iterator's `return()` is called).
 */
import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebReadableStream } from 'node:stream/web';

/** A Node stream (anything with `pipe`): Fastify sends it as it is. */
export function isNodeStream(value: unknown): value is NodeJS.ReadableStream {
  return typeof value === 'object' && value !== null && typeof (value as { pipe?: unknown }).pipe === 'function';
}

/** A body the runtime streams: a Node or web stream, a Blob, or an async iterable of bytes. */
export function isStreamBody(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return false;
  return isNodeStream(value) || typeof (value as { getReader?: unknown }).getReader === 'function' || value instanceof Blob || typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}

/** The body as Fastify sends it: bytes and Node streams as they are, the other stream kinds as a Node Readable. */
export function streamPayload<T>(body: T): T | NodeJS.ReadableStream {
  if (typeof body !== 'object' || body === null || body instanceof Uint8Array || isNodeStream(body)) return body;
  if (body instanceof Blob) return Readable.fromWeb(body.stream() as unknown as NodeWebReadableStream<Uint8Array>);
  if (typeof (body as { getReader?: unknown }).getReader === 'function') return Readable.fromWeb(body as unknown as NodeWebReadableStream<Uint8Array>);
  if (typeof (body as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function') return Readable.from(body as unknown as AsyncIterable<Uint8Array>, { objectMode: false });
  return body;
}
