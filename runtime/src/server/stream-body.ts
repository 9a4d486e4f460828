/**
 * Streamed request bodies (issue 18.4): an operation whose request body says `x-stream: true`
 * gets its binary media types (`application/octet-stream`, `image/*`, …) as a Node `Readable`
 * instead of a buffered Buffer — a 200 MB upload goes through the handler in 64 kB chunks.
 * `bodyLimit` still applies: a Content-Length over it is a 413 before the handler runs; a
 * chunked body that grows past it is cut, the stream errors with {@link BodyLimitError}, and
 * the runtime answers 413 when the handler fails because of it. Other media types of the same
 * operation (JSON, forms) are buffered as usual.
 */
import { Transform, type Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { OperationSpec } from '../spec.js';
import { MultipartBodyError } from './multipart-stream.js';

/** The request body stream grew past `bodyLimit`. */
export class BodyLimitError extends Error {
  readonly statusCode = 413;
  readonly limit: number;
  constructor(limit: number) {
    super(`the request body is larger than bodyLimit (${limit} bytes)`);
    this.name = 'BodyLimitError';
    this.limit = limit;
  }
}

export function isBodyLimitError(error: unknown): error is BodyLimitError {
  return error instanceof BodyLimitError || (error as { cause?: unknown } | null)?.cause instanceof BodyLimitError;
}

/**
 * What a handler failing because of its streamed request body is answered: 413 for a body cut at
 * `bodyLimit`, a streamed multipart body's own status (413 past a limit, 400 malformed); undefined
 * for any other failure (a 500).
 */
export function streamedBodyRefusal(error: unknown): { status: number; detail: string } | undefined {
  if (isBodyLimitError(error)) return { status: 413, detail: 'request body is too large' };
  const found = error instanceof MultipartBodyError ? error : (error as { cause?: unknown } | null)?.cause;
  return found instanceof MultipartBodyError ? { status: found.statusCode, detail: found.message } : undefined;
}

/** Whether the operation asks for its binary request bodies as streams. */
export function streamsBody(op: OperationSpec): boolean {
  return op.requestBody?.stream === true;
}

/** Content-type parsers of the scope holding the streamed-body routes: binary types pass the request stream on. */
export function enableStreamedBodies(scope: FastifyInstance, operations: OperationSpec[], bodyLimit: number): void {
  scope.removeAllContentTypeParsers();
  const buffered = new Set<string>();
  // (multipart/form-data: @fastify/multipart's parser, when the scope has it)
  for (const op of operations) for (const m of op.requestBody?.content ?? []) if (m.kind !== 'binary' && m.mediaType.toLowerCase() !== 'multipart/form-data') buffered.add(m.mediaType.toLowerCase());
  for (const type of buffered) {
    if (type.includes('*')) continue;
    scope.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));
  }
  scope.addContentTypeParser('*', { bodyLimit }, (request, payload, done) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > bodyLimit) {
      done(Object.assign(new BodyLimitError(bodyLimit), { code: 'FST_ERR_CTP_BODY_TOO_LARGE' }), undefined);
      return;
    }
    done(null, limited(payload as Readable, bodyLimit));
  });
}

/** The body as it streams in, cut with BodyLimitError past `limit` bytes. */
function limited(source: Readable, limit: number): Readable {
  let seen = 0;
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) callback(new BodyLimitError(limit));
      else callback(null, chunk);
    },
  });
  source.on('error', (error) => guard.destroy(error));
  guard.on('error', () => source.resume());
  return source.pipe(guard);
}
