/**
 * Reading a response body under `maxResponseSize` (issue 13.13): bytes are counted
 * as they stream in — after decompression — and the read stops (the source is
 * cancelled) as soon as the limit is passed, so a gzip bomb or an endless body
 * costs at most the limit in memory. Browser-safe: web streams or async iterables.
 */
import { ResponseTooLargeError } from './errors.js';

/** 64 MiB: far above what a JSON API answers, far below what exhausts a process. */
export const DEFAULT_MAX_RESPONSE_SIZE = 64 * 1024 * 1024;

/** A pull source of body chunks. */
export interface ChunkSource {
  next(): Promise<Uint8Array | undefined>;
  cancel(reason: unknown): Promise<void>;
}

export function webSource(stream: ReadableStream<Uint8Array>): ChunkSource {
  const reader = stream.getReader();
  return {
    async next() {
      const { done, value } = await reader.read();
      return done ? undefined : value;
    },
    async cancel(reason) {
      await reader.cancel(reason).catch(() => undefined);
    },
  };
}

export function iterableSource(iterable: AsyncIterable<Uint8Array>, destroy: (reason: unknown) => void): ChunkSource {
  const iterator = iterable[Symbol.asyncIterator]();
  return {
    async next() {
      const { done, value } = await iterator.next();
      return done === true ? undefined : value;
    },
    async cancel(reason) {
      destroy(reason);
      await iterator.return?.().catch(() => undefined);
    },
  };
}

/** The whole body, or ResponseTooLargeError once more than `limit` bytes arrived. */
export async function readAll(source: ChunkSource, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (let chunk = await source.next(); chunk !== undefined; chunk = await source.next()) {
    total += chunk.byteLength;
    if (total > limit) {
      const error = new ResponseTooLargeError(limit, total);
      await source.cancel(error);
      throw error;
    }
    chunks.push(chunk);
  }
  return concatChunks(chunks, total);
}

/** The chunks as one array of `total` bytes (the sum of their lengths). */
export function concatChunks(chunks: readonly Uint8Array[], total: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** The body as a stream for the caller that errors with ResponseTooLargeError past `limit`. */
export function limitedStream(source: ChunkSource, limit: number): ReadableStream<Uint8Array> {
  let total = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: Uint8Array | undefined;
      try {
        chunk = await source.next();
      } catch (error) {
        controller.error(error);
        return;
      }
      if (chunk === undefined) {
        controller.close();
        return;
      }
      total += chunk.byteLength;
      if (total > limit) {
        const error = new ResponseTooLargeError(limit, total);
        await source.cancel(error);
        controller.error(error);
        return;
      }
      controller.enqueue(chunk);
    },
    async cancel(reason) {
      await source.cancel(reason);
    },
  });
}

/** Fails before reading when an unencoded body declares more than `limit` bytes. */
export function checkDeclaredLength(headers: Headers, limit: number): void {
  if (headers.get('content-encoding') !== null) return;
  const declared = Number(headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > limit) throw new ResponseTooLargeError(limit, declared);
}
