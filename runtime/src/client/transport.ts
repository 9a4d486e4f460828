/**
 * One HTTP exchange on the wire. Two implementations: global (or injected)
 * fetch — the browser path — and `undici.request` with a dispatcher, loaded
 * through a dynamic import so no Node module is reachable from the browser
 * path. Every failure becomes a typed error.
 */
import { ContractgenError } from '../errors.js';
import { AbortedError, NetworkError } from '../resilience/errors.js';
import { RedirectRefusedError } from './errors.js';
import { checkDeclaredLength, iterableSource, limitedStream, readAll, webSource, type ChunkSource } from './body-limit.js';
import { contentCodings, decodeBody } from './node-decompress.js';
import type { ReadBody } from './response-body.js';
import type { DispatcherLike } from './types.js';

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
 */
export type Transport = (request: WireRequest, signal: AbortSignal, redirect?: 'manual') => Promise<WireResponse>;

/** How a URL (or a text with URLs) may appear in an error message: credentials redacted. */
export type Redact = (url: string) => string;

const noRedaction: Redact = (url) => url;

/** The typed error for a failure of the exchange (connect, send, or reading the body). */
export function transportError(error: unknown, signal: AbortSignal, request: { method: string; url: string; redact?: Redact }): ContractgenError {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    return reason instanceof ContractgenError ? reason : new AbortedError({ cause: reason ?? error });
  }
  if (error instanceof ContractgenError) return error;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const detail = [cause?.code, cause?.message ?? (error as Error | null)?.message].filter((x) => typeof x === 'string');
  const redact = request.redact ?? noRedaction;
  return new NetworkError(`${request.method} ${request.url} failed: ${redact(detail.join(' ') || String(error))}`, { cause: error });
}

/**
 * The fetch path. `redirect` is 'follow' when the client leaves redirects to
 * fetch, 'manual' when it follows them itself.
 */
export function fetchTransport(fetchFn: typeof fetch, redirect: 'follow' | 'manual', redact: Redact = noRedaction): Transport {
  return async (wire, signal, mode) => {
    const request = wire;
    const named = { method: wire.method, url: redact(wire.url), redact };
    const init: RequestInit & { duplex?: 'half' } = {
      method: request.method,
      headers: request.headers,
      redirect: mode ?? redirect,
      signal,
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
        // fetch has already undone Content-Encoding: the limit counts decoded bytes
        return readLimited(response.headers, webSource(response.body), mode, limit, signal, named);
      },
      async dispose() {
        await response.body?.cancel().catch(() => undefined);
      },
    };
  };
}

type Undici = typeof import('undici');
let undiciModule: Promise<Undici> | undefined;

/** The Node path: `undici.request` through the given dispatcher (no fetch layer, no automatic redirects). */
export function undiciTransport(dispatcher: DispatcherLike, redact: Redact = noRedaction): Transport {
  return async (request, signal) => {
    const named = { method: request.method, url: redact(request.url), redact };
    // a computed specifier: browser bundlers must not try to resolve (or bundle) undici
    const specifier = 'undici';
    undiciModule ??= import(/* @vite-ignore */ specifier) as Promise<Undici>;
    const undici = await undiciModule;
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    let response: Awaited<ReturnType<Undici['request']>>;
    try {
      const body = await nodeBody(request.body, headers);
      response = await undici.request(request.url, {
        method: request.method as 'GET',
        headers,
        ...(body === undefined ? {} : { body: body as string }),
        dispatcher: dispatcher as unknown as import('undici').Dispatcher,
        signal,
      });
    } catch (error) {
      throw transportError(error, signal, named);
    }
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
      else if (value !== undefined) responseHeaders.append(name, value);
    }
    const { body } = response;
    return {
      status: response.statusCode,
      headers: responseHeaders,
      url: request.url,
      async read(mode, limit) {
        return readLimited(responseHeaders, await nodeSource(body, responseHeaders), mode, limit, signal, named);
      },
      async dispose() {
        await body.dump().catch(() => undefined);
      },
    };
  };
}

/** A Node body stream as a chunk source, decoded per Content-Encoding (undici.request and node:http do not decode). */
export async function nodeSource(body: import('node:stream').Readable, headers: Headers): Promise<ChunkSource> {
  const codings = contentCodings(headers.get('content-encoding'));
  const decoded = codings === undefined ? body : await decodeBody(body, codings);
  return iterableSource(decoded as AsyncIterable<Uint8Array>, () => {
    decoded.destroy();
    body.destroy();
  });
}

/** Reads a body under the size limit (bytes), or hands it over as a limited stream. */
export async function readLimited(
  headers: Headers,
  source: ChunkSource,
  mode: 'bytes' | 'stream',
  limit: number,
  signal: AbortSignal,
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

/** Converts a fetch BodyInit into what `undici.request` takes; FormData is encoded through a Response. */
async function nodeBody(body: BodyInit | undefined, headers: Record<string, string>): Promise<unknown> {
  if (body === undefined || typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof ReadableStream) return body;
  if (body instanceof URLSearchParams) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
    return body.toString();
  }
  if (body instanceof FormData || body instanceof Blob) {
    const encoded = new Response(body);
    const type = encoded.headers.get('content-type');
    if (type !== null && (body instanceof FormData || headers['content-type'] === undefined)) headers['content-type'] = type;
    return new Uint8Array(await encoded.arrayBuffer());
  }
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return body;
}
