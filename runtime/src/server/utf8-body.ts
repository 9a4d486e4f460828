import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { errorCodes, type FastifyRequest } from 'fastify';

type Done = (err: Error | null, body?: unknown) => void;
type Payload = IncomingMessage & { receivedEncodedLength?: number };

const EMPTY = Buffer.alloc(0);

/**
 * The content-type parser of JSON request bodies (issue 15, the POST body path): the body as text
 * when its bytes are valid UTF-8 — the common case — else the bytes themselves (a Buffer the JSON
 * decoder refuses as "not valid UTF-8", and any other kind reads as the bytes they are).
 *
 * Fastify's `parseAs: 'buffer'` copies every body (`Buffer.concat`, even of one chunk) and the
 * decoder then scanned it (`isUtf8`) and decoded it (`toString`); `parseAs: 'string'` would decode
 * without a copy but replace invalid bytes with U+FFFD, which RFC 8259 §8.1 says a JSON text must not
 * be read through. Here a one-chunk body is decoded straight from its chunk, and the UTF-8 scan runs
 * only when the text holds a U+FFFD (which a valid body may spell too: then the scan decides). The
 * checks are Fastify's own, with its errors: a declared `Content-Length` or the bytes received over
 * `limit` → 413 (`FST_ERR_CTP_BODY_TOO_LARGE`), fewer or more bytes than declared → 400
 * (`FST_ERR_CTP_INVALID_CONTENT_LENGTH`), a stream error → its status or 400.
 */
export function utf8BodyParser(limit: number): (request: FastifyRequest, payload: IncomingMessage, done: Done) => void {
  return (request, raw, done) => {
    const payload = raw as Payload;
    const declared = Number(request.headers['content-length']);
    if (declared > limit) {
      done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE(), undefined);
      return;
    }
    let received = 0;
    let first: Buffer | undefined;
    let chunks: Buffer[] | undefined;
    const cleanup = (): void => {
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onEnd);
    };
    const onData = (data: Buffer | string): void => {
      const chunk = typeof data === 'string' ? Buffer.from(data) : data;
      received += chunk.length;
      if (received > limit || (payload.receivedEncodedLength ?? 0) > limit) {
        cleanup();
        done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE(), undefined);
        return;
      }
      if (first === undefined) first = chunk;
      else (chunks ??= [first]).push(chunk);
    };
    function onEnd(error?: Error & { statusCode?: number }): void {
      cleanup();
      if (error != null) {
        if (!(typeof error.statusCode === 'number' && error.statusCode >= 400)) error.statusCode = 400;
        done(error, undefined);
        return;
      }
      if (!Number.isNaN(declared) && (payload.receivedEncodedLength || received) !== declared) {
        done(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH(), undefined);
        return;
      }
      const bytes = chunks ? Buffer.concat(chunks, received) : (first ?? EMPTY);
      const text = bytes.toString('utf8');
      if (!text.includes('\uFFFD') || isUtf8(bytes)) done(null, text);
      // not UTF-8: the bytes, copied out of the socket's read buffer when they are a view of it
      else done(null, chunks ? bytes : Buffer.from(bytes));
    }
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onEnd);
    payload.resume();
  };
}
