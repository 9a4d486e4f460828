/**
 * One HTTP exchange on the wire, and the fetch implementation (browsers, edge
 * runtimes, Node when asked). The Node transports (`undici.request`,
 * `node:http`) are in node-transport.ts, reached only through the `node`
 * export condition. Every failure becomes a typed error.
 */
import { ContractgenError } from '../errors.js';
import { AbortedError, NetworkError } from '../resilience/errors.js';
import { RedirectRefusedError } from './errors.js';
import { checkDeclaredLength, limitedStream, readAll, webSource, type ChunkSource } from './body-limit.js';
import type { ReadBody } from './response-body.js';
import type { AttemptSignal } from './transport-signal.js';

export interface WireRequest {
  url: string;
  method: string;
  headers: Headers;
  body: BodyInit | undefined;
}

export interface WireResponse {
  status: number;
  headers: Headers;
  /** The URL that answered (after fetch's own redirects, when it follows them). */
  url: string;
  /**
   * Reads the whole body, or hands it over as a stream, decoded (Content-Encoding) and
   * limited to `limit` bytes after decoding (ResponseTooLargeError past it).
   */
  read(mode: 'bytes' | 'stream', limit: number): Promise<ReadBody>;
  /** Discards the body without reading it. */
  dispose(): Promise<void>;
}

/**
 * One exchange. `redirect: 'manual'` asks a transport that would follow redirects itself
 * (fetch in 'follow' mode) to hand the 3xx back, for the client to follow with its policy.
 * `signal` is an AbortSignal for fetch; the Node transports get the lighter one (transport-signal.ts).
 */
export type Transport = (request: WireRequest, signal: AttemptSignal, redirect?: 'manual') => Promise<WireResponse>;

/** How a URL (or a text with URLs) may appear in an error message: credentials redacted. */
export type Redact = (url: string) => string;

const noRedaction: Redact = (url) => url;

/** How a Headers implementation offers its plain record (headers.ts, Node build only: no import here). */
export const HEADER_RECORD: unique symbol = Symbol.for('contractgen.headers.record') as never;
export interface RecordSource {
  [HEADER_RECORD](): Readonly<Record<string, string>>;
}

/** The typed error for a failure of the exchange (connect, send, or reading the body); `request.url` is redacted here. */
export function transportError(error: unknown, signal: AttemptSignal, request: { method: string; url: string; redact?: Redact }): ContractgenError {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    return reason instanceof ContractgenError ? reason : new AbortedError({ cause: reason ?? error });
  }
  if (error instanceof ContractgenError) return error;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const detail = [cause?.code, cause?.message ?? (error as Error | null)?.message].filter((x) => typeof x === 'string');
  const redact = request.redact ?? noRedaction;
  return new NetworkError(`${request.method} ${redact(request.url)} failed: ${redact(detail.join(' ') || String(error))}`, { cause: error });
}

/**
 * The fetch path. `redirect` is 'follow' when the client leaves redirects to
 * fetch, 'manual' when it follows them itself.
 */
export function fetchTransport(fetchFn: typeof fetch, redirect: 'follow' | 'manual', redact: Redact = noRedaction): Transport {
  return async (wire, signal, mode) => {
    const request = wire;
    const named = { method: wire.method, url: wire.url, redact };
    const init: RequestInit & { duplex?: 'half' } = {
      method: request.method,
      // a plain record is what fetch reads fastest: the Node build's HeaderMap hands over its own
      headers: (request.headers as Partial<RecordSource>)[HEADER_RECORD]?.() ?? request.headers,
      redirect: mode ?? redirect,
      // the fetch platform makes its attempts' signals with AbortController (connection.ts `aborter`)
      signal: signal as AbortSignal,
    };
    if (request.body !== undefined) {
      init.body = request.body;
      if (request.body instanceof ReadableStream) init.duplex = 'half';
    }
    let response: Response;
    try {
      response = await fetchFn(request.url, init);
    } catch (error) {
      throw transportError(error, signal, named);
    }
    // A browser hides a redirect's target from 'manual' mode (an opaque redirect, status 0).
    if (response.type === 'opaqueredirect') {
      await response.body?.cancel().catch(() => undefined);
      throw new RedirectRefusedError('opaque', response.status, '(hidden by the browser)');
    }
    return {
      status: response.status,
      headers: response.headers,
      url: response.url || request.url,
      async read(mode, limit) {
        if (response.body === null) return { kind: 'none' };
        if (mode === 'bytes' && withinDeclared(response, limit)) {
          // fetch's own reader (no stream reader, no promise per chunk): what the limit allows anyway
          try {
            return { kind: 'bytes', bytes: new Uint8Array(await response.arrayBuffer()) };
          } catch (error) {
            throw transportError(error, signal, named);
          }
        }
        // fetch has already undone Content-Encoding: the limit counts decoded bytes
        return readLimited(response.headers, webSource(response.body), mode, limit, signal, named);
      },
      async dispose() {
        await response.body?.cancel().catch(() => undefined);
      },
    };
  };
}

/**
 * Whether the body cannot pass `limit`: not encoded, and a declared length within it (HTTP framing
 * delivers no more than Content-Length bytes). Only when every header is visible: a cross-origin
 * response in a browser ('cors') hides Content-Encoding, so a compressed body would look unencoded
 * and could decode past the limit — it is counted as it streams instead.
 */
function withinDeclared(response: Response, limit: number): boolean {
  if (response.type === 'cors' || response.type === 'opaque') return false;
  const declared = response.headers.get('content-length');
  return declared !== null && response.headers.get('content-encoding') === null && Number(declared) <= limit;
}

/** Reads a body under the size limit (bytes), or hands it over as a limited stream. */
export async function readLimited(
  headers: Headers,
  source: ChunkSource,
  mode: 'bytes' | 'stream',
  limit: number,
  signal: AttemptSignal,
  request: { method: string; url: string; redact?: Redact },
): Promise<ReadBody> {
  try {
    checkDeclaredLength(headers, limit);
  } catch (error) {
    await source.cancel(error);
    throw error;
  }
  if (mode === 'stream') return { kind: 'stream', stream: limitedStream(source, limit) };
  try {
    return { kind: 'bytes', bytes: await readAll(source, limit) };
  } catch (error) {
    throw transportError(error, signal, request);
  }
}
