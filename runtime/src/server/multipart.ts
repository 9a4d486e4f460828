import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Multipart } from '@fastify/multipart';
import { ServerSetupError } from './errors.js';
import type { MultipartLimits } from './types.js';

export const DEFAULT_MULTIPART_LIMITS: Required<MultipartLimits> = { fileSize: 10 * 1024 * 1024, files: 10, fields: 100, fieldSize: 1024 * 1024 };

/** The scope's limits, as a decoration of the encapsulated instance (`request.server`). */
const LIMITS = Symbol('contractgen.multipartLimits');

/** Registers @fastify/multipart (loaded on first use: an optional peer dependency) on `scope`. */
export async function enableMultipart(scope: FastifyInstance, limits: Required<MultipartLimits>): Promise<void> {
  let plugin: unknown;
  try {
    plugin = (await import('@fastify/multipart')).default;
  } catch (cause) {
    throw new ServerSetupError('CG_PLUGIN_MISSING', 'multipart/form-data bodies need @fastify/multipart: npm install @fastify/multipart', { cause });
  }
  await scope.register(plugin as Parameters<FastifyInstance['register']>[0], {
    limits: { fileSize: limits.fileSize, files: limits.files, fields: limits.fields, fieldSize: limits.fieldSize, parts: limits.files + limits.fields },
    throwFileSizeLimit: true,
  });
  scope.decorate(LIMITS, limits);
}

/** The limits of the scope `request` was routed in. */
export function limitsOf(request: FastifyRequest): Required<MultipartLimits> {
  return (request.server as unknown as Record<symbol, Required<MultipartLimits> | undefined>)[LIMITS] ?? DEFAULT_MULTIPART_LIMITS;
}

/** A multipart limit was passed: answered 413 (and the connection closed, the rest unread). */
export class MultipartLimitError extends Error {
  readonly statusCode = 413;
}

export interface MultipartBody {
  /** Parts in order: fields as strings, files as web `File`s. */
  entries: Array<[string, string | File]>;
  /** Bytes of the whole body as received (boundaries and part headers included). */
  bytes: number;
}

/**
 * Reads every part of a multipart body within the limits:
 * - the whole body, as received, counts against the route's `bodyLimit` (a `Content-Length` over
 *   it is refused before anything is read; a chunked body is counted as it arrives and stops at
 *   the first chunk past it) — @fastify/multipart itself never applies `bodyLimit`;
 * - each file against `fileSize`, each field value against `fieldSize` (both also capped by
 *   `bodyLimit`); the part counts against `files` / `fields` (@fastify/multipart's 413s).
 * A field that would be truncated is refused, never handed over cut. A file is kept once: each
 * chunk becomes a small Blob as it arrives and the `File` is composed from them (Blob parts are
 * referenced, not copied), so no full-size Buffer copy is ever made.
 */
export async function readMultipart(request: FastifyRequest): Promise<MultipartBody> {
  const limits = limitsOf(request);
  const bodyLimit = request.routeOptions.bodyLimit;
  const declared = Number(request.headers['content-length']);
  if (declared > bodyLimit) throw new MultipartLimitError(`the multipart body (${declared} bytes) is over the ${bodyLimit}-byte limit`);
  const fileSize = Math.min(limits.fileSize, bodyLimit);
  const fieldSize = Math.min(limits.fieldSize, bodyLimit);
  const iterator = request.parts({ limits: { fileSize, fieldSize } })[Symbol.asyncIterator]();
  // The first next() starts parsing: @fastify/multipart pipes the raw request into busboy
  // synchronously, so a byte counter attached in the same tick sees every chunk.
  let pending = iterator.next();
  let received = 0;
  const count = (chunk: Buffer): void => void (received += chunk.length);
  request.raw.on('data', count);
  const overLimit = (): MultipartLimitError => new MultipartLimitError(`the multipart body is over the ${bodyLimit}-byte limit`);
  const entries: MultipartBody['entries'] = [];
  try {
    for (let step = await pending; !step.done; step = await pending) {
      const part = step.value as Multipart;
      if (received > bodyLimit) throw overLimit();
      if (part.type === 'file') {
        const chunks: Blob[] = [];
        for await (const chunk of part.file as AsyncIterable<Buffer>) {
          if (received > bodyLimit) throw overLimit();
          chunks.push(new Blob([chunk as Uint8Array<ArrayBuffer>]));
        }
        if (part.file.truncated) throw new MultipartLimitError(`file part ${part.fieldname} is over the ${fileSize}-byte fileSize limit`);
        entries.push([part.fieldname, new File(chunks, part.filename, { type: part.mimetype })]);
      } else {
        if (part.valueTruncated || part.fieldnameTruncated) throw new MultipartLimitError(`field ${part.fieldname} is over the ${fieldSize}-byte fieldSize limit`);
        // @fastify/multipart already parsed a part sent as application/json (securely): hand the
        // text on, the body decoder parses it per the schema and encoding.
        entries.push([part.fieldname, typeof part.value === 'string' ? part.value : JSON.stringify(part.value)]);
      }
      pending = iterator.next();
    }
  } catch (error) {
    // Stop reading: busboy would otherwise go on buffering fields until the connection closes.
    request.raw.unpipe();
    request.raw.pause();
    throw error;
  } finally {
    request.raw.off('data', count);
  }
  if (received > bodyLimit) throw overLimit();
  return { entries, bytes: received };
}
