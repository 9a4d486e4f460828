/**
 * Response bodies by the response's Content-Type: JSON (`application/json`,
 * `+json`), text (`text/*`, XML), form (→ object), multipart (→ FormData),
 * anything else binary (→ Uint8Array, Blob or stream per `responseType`).
 */
import type { BodyKind, JsonSchema } from '../spec.js';
import { ResponseParseError, ResponseTooLargeError } from './errors.js';
import type { CallInit } from './types.js';

/** The body as read inside the attempt: buffered, or left as a stream (binary + responseType 'stream'). */
export type ReadBody =
  | { kind: 'none' }
  | { kind: 'bytes'; bytes: Uint8Array<ArrayBuffer> }
  | { kind: 'stream'; stream: ReadableStream<Uint8Array> };

/** Multipart responses (`plugins/multipart.ts`): parsed into FormData, then decoded into the schema object. */
export interface MultipartDecoder {
  parse(bytes: Uint8Array<ArrayBuffer>, contentType: string | undefined, status: number): Promise<FormData>;
  decode(form: FormData, schema: JsonSchema | undefined): Promise<{ body: unknown; conforms: boolean }>;
}

export function mediaKind(contentType: string | undefined): BodyKind | undefined {
  if (contentType === undefined || contentType === '') return undefined;
  let kind = kinds.get(contentType);
  if (kind === undefined) {
    kind = kindOf(contentType);
    // the few Content-Type values an API answers with, remembered (bounded: a server may vary parameters)
    if (kinds.size >= 64) kinds.clear();
    kinds.set(contentType, kind);
  }
  return kind;
}

const kinds = new Map<string, BodyKind>();

function kindOf(contentType: string): BodyKind {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json') || type === 'text/json') return 'json';
  if (type.startsWith('text/') || type === 'application/xml' || type.endsWith('+xml')) return 'text';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type.startsWith('multipart/')) return 'multipart';
  return 'binary';
}

/** Whether the body should be left unread as a stream for the caller. */
export function wantsStream(contentType: string | undefined, fallback: BodyKind | undefined, init: CallInit | undefined): boolean {
  return init?.responseType === 'stream' && (mediaKind(contentType) ?? fallback ?? 'binary') === 'binary';
}

export { hasNoBody } from './status.js';

/**
 * Parses a read body. `fallback` is the documented media kind, used when the
 * server sends no Content-Type. Empty bodies are `undefined` for every kind but text.
 * Synchronous (throws ResponseParseError) but for multipart, whose decoder answers with a promise.
 */
export function parseBody(
  status: number,
  contentType: string | undefined,
  read: ReadBody,
  fallback: BodyKind | undefined,
  init: CallInit | undefined,
  multipart?: MultipartDecoder,
): unknown {
  if (read.kind === 'none') return undefined;
  if (read.kind === 'stream') return read.stream;
  const { bytes } = read;
  const kind = mediaKind(contentType) ?? fallback ?? (bytes.length === 0 ? undefined : 'binary');
  if (kind === undefined || (bytes.length === 0 && kind !== 'text')) return undefined;
  switch (kind) {
    case 'json': {
      const text = decode(bytes);
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw new ResponseParseError(status, contentType, text, { cause: error });
      }
    }
    case 'text':
      return decode(bytes);
    case 'form': {
      const out: Record<string, string | string[]> = {};
      for (const [key, value] of new URLSearchParams(decode(bytes))) {
        const prev = out[key];
        out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
      }
      return out;
    }
    case 'multipart':
      // an operation that documents no multipart response brings no decoder: its bytes, as binary
      if (multipart !== undefined) return multipart.parse(bytes, contentType, status);
    // falls through
    case 'binary':
      if (init?.responseType === 'blob') return new Blob([bytes], contentType === undefined ? {} : { type: contentType });
      if (init?.responseType === 'stream') return new Blob([bytes]).stream();
      return bytes;
  }
}

/** UTF-8 text; a body too large for a JavaScript string is ResponseTooLargeError, not a raw ERR_STRING_TOO_LONG. */
const utf8 = new TextDecoder();

export function decode(bytes: Uint8Array<ArrayBuffer>): string {
  try {
    return utf8.decode(bytes);
  } catch (error) {
    throw new ResponseTooLargeError(undefined, bytes.byteLength, { cause: error });
  }
}
