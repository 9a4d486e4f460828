/**
 * Streamed multipart bodies (issue 18.4): an operation whose request body says `x-stream: true`
 * (or is named by the `streamBodies` option) gets its multipart body as an `AsyncIterable` of parts
 * in wire order — fields as their text, files as streams — instead of an object of buffered
 * `File`s, so a large file part goes through the handler in chunks.
 *
 * The limits are those of buffered multipart bodies: a Content-Length over `bodyLimit` is a 413
 * before the handler runs; the body as received (boundaries included) counts against `bodyLimit`
 * as it arrives; each file against `fileSize`, each field against `fieldSize`, the parts against
 * `files` / `fields`. A limit passed (or a malformed body) ends the iteration with a
 * {@link MultipartBodyError}: the file stream being read errors with it, the next `next()` rejects
 * with it; a handler that fails because of it is answered with its status (413, 400), the
 * connection closed. A file part the handler does not read is drained when it asks for the next
 * part, and whatever the handler leaves unread is drained before its answer is sent (within the
 * same limits: a body breaking them there is answered 413 instead).
 */
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Multipart } from '@fastify/multipart';
import type { MultipartPart } from '../types.js';
import { limitsOf } from './multipart.js';

/** A streamed multipart body broke a limit (413) or is malformed (400, or the status @fastify/multipart gave it). */
export class MultipartBodyError extends Error {
  readonly statusCode: number;
  constructor(statusCode: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MultipartBodyError';
    this.statusCode = statusCode;
  }
}

/** The request's streamed parts, for the route's onSend hook. */
const PARTS = Symbol('contractgen.multipartParts');

class PartStream implements AsyncIterableIterator<MultipartPart> {
  private readonly iterator: AsyncIterator<Multipart>;
  private pending: Promise<IteratorResult<Multipart>>;
  private received = 0;
  /** The file stream of the last file part handed out. */
  private current: Readable | undefined;
  private failure: MultipartBodyError | undefined;
  /** Whether the handler has seen the failure (a rejected next(), an errored file stream). */
  private surfaced = false;
  private finished = false;
  /** The consumer left (return()) or saw the end: the rest is the drain's. */
  private closed = false;
  private draining: Promise<MultipartBodyError | undefined> | undefined;
  /** Steps one at a time (a handler may ask again before its last next() settled). */
  private last: Promise<unknown> = Promise.resolve();
  private readonly count: (chunk: Buffer) => void;
  private readonly fileSize: number;
  private readonly fieldSize: number;

  constructor(
    private readonly request: FastifyRequest,
    bodyLimit: number,
  ) {
    const limits = limitsOf(request);
    this.fileSize = Math.min(limits.fileSize, bodyLimit);
    this.fieldSize = Math.min(limits.fieldSize, bodyLimit);
    this.iterator = request.parts({ limits: { fileSize: this.fileSize, fieldSize: this.fieldSize } })[Symbol.asyncIterator]();
    // The first next() starts parsing now (busboy holds a part until it is read: backpressure), and
    // @fastify/multipart pipes the raw request synchronously, so the counter sees every chunk.
    this.pending = this.iterator.next();
    this.pending.catch(() => undefined);
    this.count = (chunk) => {
      this.received += chunk.length;
      if (this.received > bodyLimit) this.fail(new MultipartBodyError(413, `the multipart body is over the ${bodyLimit}-byte limit`));
    };
    request.raw.on('data', this.count);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<MultipartPart>> {
    if (this.closed) return this.rejectOrEnd();
    const part = await this.step();
    if (part === undefined) {
      this.closed = true;
      return this.rejectOrEnd();
    }
    return { done: false, value: part };
  }

  async return(): Promise<IteratorResult<MultipartPart>> {
    this.closed = true;
    return { done: true, value: undefined };
  }

  private rejectOrEnd(): IteratorResult<MultipartPart> {
    if (this.failure !== undefined) {
      this.surfaced = true;
      throw this.failure;
    }
    return { done: true, value: undefined };
  }

  /** The next part (the previous file drained when unread), or undefined at the end or on failure. */
  private step(): Promise<MultipartPart | undefined> {
    const next = this.last.then(() => this.stepNow());
    this.last = next.catch(() => undefined);
    return next;
  }

  private async stepNow(): Promise<MultipartPart | undefined> {
    if (this.finished || this.failure !== undefined) return undefined;
    // busboy hands over the next part only once this file is read to its end
    this.current?.resume();
    let result: IteratorResult<Multipart>;
    try {
      result = await this.pending;
    } catch (error) {
      this.fail(translate(error));
      return undefined;
    }
    if (this.failure !== undefined) return undefined;
    if (result.done) {
      this.finish();
      return undefined;
    }
    this.pending = this.iterator.next();
    this.pending.catch(() => undefined);
    const part = result.value;
    if (part.type === 'file') {
      const file = part.file as Readable;
      this.current = file;
      // busboy truncates at fileSize and says so with 'limit': the reader gets the error, not a short file
      file.once('limit', () => this.fail(new MultipartBodyError(413, `file part ${part.fieldname} is over the ${this.fileSize}-byte fileSize limit`)));
      return { type: 'file', name: part.fieldname, filename: part.filename ?? '', contentType: part.mimetype || 'text/plain', stream: file };
    }
    this.current = undefined;
    if (part.valueTruncated || part.fieldnameTruncated) {
      this.fail(new MultipartBodyError(413, `field ${part.fieldname} is over the ${this.fieldSize}-byte fieldSize limit`));
      return undefined;
    }
    // @fastify/multipart parsed a part sent as application/json (securely): its text again
    return { type: 'field', name: part.fieldname, value: typeof part.value === 'string' ? part.value : JSON.stringify(part.value) };
  }

  private finish(): void {
    this.finished = true;
    this.request.raw.off('data', this.count);
  }

  private fail(error: MultipartBodyError): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.finish();
    // stop reading: the answer closes the connection, the rest unread
    this.request.raw.unpipe();
    this.request.raw.pause();
    const file = this.current;
    if (file !== undefined && !file.destroyed) {
      file.destroy(error);
      // a destroyed stream the handler was reading: it has seen the failure
      if (file.listenerCount('data') > 0 || file.listenerCount('readable') > 0) this.surfaced = true;
    }
  }

  /**
   * Reads what the handler left (resuming unread files) within the limits: the failure found
   * doing so, unless the handler already saw it. Once; later calls get the same answer.
   */
  drain(): Promise<MultipartBodyError | undefined> {
    this.closed = true;
    this.draining ??= (async () => {
      while ((await this.step()) !== undefined) {
        // each part's file is resumed by the next step
      }
      return this.failure !== undefined && !this.surfaced ? this.failure : undefined;
    })();
    return this.draining;
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }
}

function translate(error: unknown): MultipartBodyError {
  if (error instanceof MultipartBodyError) return error;
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (status === 413) return new MultipartBodyError(413, 'a multipart part or the number of parts exceeds the limit', { cause: error });
  const code = typeof status === 'number' && status >= 400 && status < 500 && status !== 406 ? status : 400;
  return new MultipartBodyError(code, 'malformed multipart body', { cause: error });
}

/**
 * The parts of a multipart request as the handler reads them, or the 413 of a Content-Length
 * over `bodyLimit` (nothing read).
 */
export function streamMultipart(request: FastifyRequest): AsyncIterableIterator<MultipartPart> | MultipartBodyError {
  const bodyLimit = request.routeOptions.bodyLimit;
  const declared = Number(request.headers['content-length']);
  if (declared > bodyLimit) return new MultipartBodyError(413, `the multipart body (${declared} bytes) is over the ${bodyLimit}-byte limit`);
  const parts = new PartStream(request, bodyLimit);
  (request as unknown as Record<symbol, PartStream>)[PARTS] = parts;
  return parts;
}

/**
 * onSend of routes with streamed multipart bodies: drains what the handler left unread before its
 * answer goes out; a limit broken there is a 413 instead (through the error handler), and after any
 * failure the connection is closed (the rest of the body is never read).
 */
export async function drainParts(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  const parts = (request as unknown as Record<symbol, PartStream | undefined>)[PARTS];
  if (parts === undefined) return payload;
  const failure = await parts.drain();
  if (parts.failed) reply.header('connection', 'close');
  if (failure !== undefined) {
    // answered once: the error handler's own answer passes here again
    (request as unknown as Record<symbol, PartStream | undefined>)[PARTS] = undefined;
    throw failure;
  }
  return payload;
}
