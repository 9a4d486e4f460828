/**
 * The Node transports, reached only through the `node` export condition
 * (platform-node.ts), so browser builds never see them:
 *
 * - `undici.request` — the default when the `undici` package is installed
 *   (an optional peer): no fetch layer, no WHATWG streams, no automatic redirects;
 *   through the given `dispatcher`, an Agent built from `tls`, or undici's global
 *   dispatcher (keep-alive);
 * - `node:http` / `node:https` with a keep-alive agent — the default without undici,
 *   and the path for TRACE/CONNECT when requests otherwise go through fetch.
 *
 * Neither decodes Content-Encoding itself: `nodeSource` does (node-decompress.ts).
 */
import type { Readable } from 'node:stream';
import { InvalidOptionsError } from '../resilience/errors.js';
import { checkDeclaredLength, concatChunks, iterableSource, type ChunkSource } from './body-limit.js';
import { ResponseTooLargeError } from './errors.js';
import type { ReadBody } from './response-body.js';
import { contentCodings, decodeBody } from './node-decompress.js';
import { readLimited, transportError, type Redact, type Transport, type WireRequest, type WireResponse } from './transport.js';
import type { AttemptSignal } from './transport-signal.js';
import { nodeDispatcher, type ProxyOption } from './node-dispatcher.js';
import type { FeatureContext, TransportFeature } from './transport-feature.js';
import type { DispatcherLike, TlsOptions } from './types.js';
import { HeaderMap, headerRecord } from './headers.js';

type Undici = typeof import('undici');
type Http = typeof import('node:http');
type Https = typeof import('node:https');

let undiciModule: Promise<Undici | undefined> | undefined;
/** The module once loaded (null: not installed), so calls after the first need no await for it. */
let undiciLoaded: Undici | null | undefined;

/** undici, when installed (a computed specifier: bundlers must not try to resolve an optional peer). */
export function loadUndici(): Promise<Undici | undefined> {
  const specifier = 'undici';
  undiciModule ??= (import(/* @vite-ignore */ specifier) as Promise<Undici>).then(
    (undici) => (undiciLoaded = undici),
    () => {
      undiciLoaded = null;
      return undefined;
    },
  );
  return undiciModule;
}

const noRedaction: Redact = (url) => url;

/**
 * `undici.request` through `dispatcher` (undefined: undici's global dispatcher). `dispatcher`
 * may be a function, called once with the loaded module (an Agent built from `tls`).
 */
export function undiciTransport(
  dispatcher: DispatcherLike | ((undici: Undici) => DispatcherLike) | undefined,
  redact: Redact = noRedaction,
  fallback?: () => Transport,
): Transport {
  let resolved: DispatcherLike | undefined;
  let missing: Transport | undefined;
  const send = async (undici: Undici | null, request: WireRequest, signal: AttemptSignal, redirect: 'manual' | undefined): Promise<WireResponse> => {
    if (undici === null) {
      if (fallback === undefined) throw new InvalidOptionsError('transport', 'the undici package is not installed (npm install undici)');
      missing ??= fallback();
      return missing(request, signal, redirect);
    }
    if (typeof dispatcher === 'function') resolved ??= dispatcher(undici);
    else resolved = dispatcher;
    const named = { method: request.method, url: request.url, redact };
    // aborted while undici loaded: nothing to send
    if (signal.aborted) throw transportError(signal.reason, signal, named);
    // a copy only when a body may add its content type
    const sent = headerRecord(request.headers);
    const headers = request.body === undefined ? (sent as Record<string, string>) : { ...sent };
    let response: Awaited<ReturnType<Undici['request']>>;
    try {
      const body = request.body === undefined ? undefined : await nodeBody(request.body, headers);
      // undici takes an EventEmitter or an EventTarget-like signal: the light one (transport-signal.ts)
      const options: UndiciRequestOptions = { method: request.method as 'GET', headers, signal: signal as AbortSignal };
      if (body !== undefined) options.body = body as string;
      const target = splitUrl(request.url);
      if (target === undefined) {
        if (resolved !== undefined) options.dispatcher = resolved as unknown as import('undici').Dispatcher;
        response = await undici.request(request.url, options);
      } else {
        // what undici.request does after its URL parse: its request API on the dispatcher
        options.origin = target.origin;
        options.path = target.path;
        response = await undici.Dispatcher.prototype.request.call(resolved ?? undici.getGlobalDispatcher(), options as never);
      }
    } catch (error) {
      throw transportError(error, signal, named);
    }
    const responseHeaders = HeaderMap.fromNode(response.headers);
    const { body } = response;
    return {
      status: response.statusCode,
      headers: responseHeaders,
      url: request.url,
      read: (mode, limit) => readNodeBody(body, responseHeaders, mode, limit, signal, named),
      async dispose() {
        await body.dump().catch(() => undefined);
      },
    };
  };
  return (request, signal, redirect) =>
    undiciLoaded === undefined ? loadUndici().then(() => send(undiciLoaded!, request, signal, redirect)) : send(undiciLoaded, request, signal, redirect);
}

type UndiciRequestOptions = Parameters<Undici['request']>[1] & { origin?: string; path?: string };

/** URLs that need no WHATWG parse to be sent as they are: path and query of unreserved, sub-delim, `:@/?%` characters, no dot segment. */
const PLAIN_PATH = /^\/[A-Za-z0-9\-._~!$&()*+,;=:@/?%]*$/;
const DOT_SEGMENT = /\/(?:\.|%2e)/i;
/** Origin per `scheme://authority` text seen (bounded: the few base URLs of a process). */
const origins = new Map<string, string | null>();

/**
 * The origin and path+query undici.request would take from `url` (its WHATWG parse), without a parse
 * per call: the origin remembered per `scheme://authority`, the path as it is when parsing would not
 * change it. Undefined when it would (or not http(s)): then undici.request parses it.
 */
export function splitUrl(url: string): { origin: string; path: string } | undefined {
  const start = url.indexOf('://');
  const slash = start < 0 ? -1 : url.indexOf('/', start + 3);
  if (slash < 0) return undefined;
  const path = url.slice(slash);
  const end = path.indexOf('?');
  if (!PLAIN_PATH.test(path) || DOT_SEGMENT.test(end < 0 ? path : path.slice(0, end))) return undefined;
  const prefix = url.slice(0, slash);
  let origin = origins.get(prefix);
  if (origin === undefined) {
    origin = null;
    try {
      const parsed = new URL(prefix);
      // userinfo or an odd authority: left to undici.request
      if ((parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.username === '' && parsed.password === '' && parsed.href === `${prefix}/`) origin = parsed.origin;
    } catch {
      // not a URL: undici.request reports it
    }
    if (origins.size >= 64) origins.clear();
    origins.set(prefix, origin);
  }
  return origin === null ? undefined : { origin, path };
}

/** node:http / node:https; `agent` picks the agent per protocol (undefined: Node's global keep-alive agents). */
export function nodeHttpTransport(redact: Redact = noRedaction, agent?: (https: boolean) => Promise<import('node:http').Agent>): Transport {
  return async (wire, signal) => {
    const request = { method: wire.method, url: wire.url, redact };
    const url = new URL(wire.url);
    const secure = url.protocol === 'https:';
    // a computed specifier: browser bundlers must not try to resolve Node built-ins
    const specifier = secure ? 'node:https' : 'node:http';
    const http = (await import(/* @vite-ignore */ specifier)) as Http;
    const headers = { ...headerRecord(wire.headers) };
    const payload = wire.body === undefined ? undefined : await nodeBody(wire.body, headers);
    if (typeof payload === 'string') headers['content-length'] = String(Buffer.byteLength(payload));
    else if (payload instanceof Uint8Array) headers['content-length'] = String(payload.byteLength);
    const chosen = agent === undefined ? undefined : await agent(secure);
    return new Promise<WireResponse>((resolve, reject) => {
      const req = http.request(url, { method: wire.method, headers, signal: signal as AbortSignal, ...(chosen === undefined ? {} : { agent: chosen }) }, (res) => {
        const responseHeaders = HeaderMap.fromNode(res.headers);
        resolve({
          status: res.statusCode ?? 0,
          headers: responseHeaders,
          url: wire.url,
          read: (mode, limit) => readNodeBody(res, responseHeaders, mode, limit, signal, request),
          async dispose() {
            res.resume();
          },
        });
      });
      req.on('error', (error) => reject(transportError(error, signal, request)));
      if (payload instanceof ReadableStream) void pump(payload, req);
      else req.end(payload);
    });
  };
}

export const FETCH_FORBIDDEN_METHODS = new Set(['TRACE', 'CONNECT', 'TRACK']);

/** Sends fetch-forbidden methods (TRACE, CONNECT) through `node:http`, everything else through `base`. */
export function withForbiddenMethods(base: Transport, redact: Redact): Transport {
  let node: Transport | undefined;
  return (request, signal, redirect) => {
    if (!FETCH_FORBIDDEN_METHODS.has(request.method.toUpperCase())) return base(request, signal, redirect);
    node ??= nodeHttpTransport(redact);
    return node(request, signal);
  };
}

let warnedInsecure = false;

/** Checks `tls` and warns once per process when it turns certificate checks off. */
export function checkTls(tls: TlsOptions): void {
  if (typeof tls !== 'object' || tls === null) throw new InvalidOptionsError('tls', 'expected an object');
  for (const key of ['ca', 'cert', 'key'] as const) {
    const value = tls[key];
    const ok = (v: unknown) => typeof v === 'string' || v instanceof Uint8Array;
    if (value !== undefined && !(ok(value) || (Array.isArray(value) && value.every(ok)))) {
      throw new InvalidOptionsError(`tls.${key}`, 'expected PEM text or bytes (or an array of them)');
    }
  }
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    throw new InvalidOptionsError(tls.cert === undefined ? 'tls.cert' : 'tls.key', 'a client certificate needs both cert and key');
  }
  if (tls.rejectUnauthorized === false && !warnedInsecure) {
    warnedInsecure = true;
    process.emitWarning('tls.rejectUnauthorized is false: server certificates are not checked (anyone on the path can read and change the traffic)', {
      code: 'CG_TLS_INSECURE',
    });
  }
}

/** The TLS settings as node:tls connect options (undici's `connect`, https.Agent). */
export function tlsConnectOptions(tls: TlsOptions): import('node:tls').ConnectionOptions {
  return {
    ...(tls.ca === undefined ? {} : { ca: tls.ca as string }),
    ...(tls.cert === undefined ? {} : { cert: tls.cert as string }),
    ...(tls.key === undefined ? {} : { key: tls.key as string }),
    ...(tls.passphrase === undefined ? {} : { passphrase: tls.passphrase }),
    ...(tls.servername === undefined ? {} : { servername: tls.servername }),
    ...(tls.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: tls.rejectUnauthorized }),
  };
}

/**
 * The default Node transport: `undici.request` when undici is installed (`prefer: 'node:http'`
 * skips it), else node:http/https with keep-alive agents; `tls` applies to either.
 */
export function defaultNodeTransport(
  tls: TlsOptions | undefined,
  redact: Redact,
  prefer?: 'undici' | 'node:http',
  dispatch?: { allowH2: boolean | undefined; proxy: ProxyOption | undefined; features: readonly TransportFeature[]; context: FeatureContext },
): Transport {
  if (tls !== undefined) checkTls(tls);
  const agents = new Map<boolean, Promise<import('node:http').Agent>>();
  const agent = (secure: boolean): Promise<import('node:http').Agent> => {
    let made = agents.get(secure);
    if (made === undefined) {
      const specifier = secure ? 'node:https' : 'node:http';
      made = (import(/* @vite-ignore */ specifier) as Promise<Https>).then((http) =>
        secure ? new http.Agent({ keepAlive: true, ...(tls === undefined ? {} : tlsConnectOptions(tls)) }) : new (http as unknown as Http).Agent({ keepAlive: true }),
      );
      agents.set(secure, made);
    }
    return made;
  };
  const http = (): Transport => nodeHttpTransport(redact, agent);
  if (prefer === 'node:http') return http();
  const connect = tls === undefined ? undefined : (tlsConnectOptions(tls) as Record<string, unknown>);
  // allowH2 / proxy / features (node-dispatcher.ts), else an Agent for tls, else undici's global dispatcher
  const dispatcher =
    dispatch !== undefined
      ? (undici: Undici) => nodeDispatcher(undici, { allowH2: dispatch.allowH2, proxy: dispatch.proxy, connect }, undefined, dispatch.features, dispatch.context)!
      : connect === undefined
        ? undefined
        : (undici: Undici) => new undici.Agent({ connect: connect as never });
  return undiciTransport(dispatcher, redact, prefer === 'undici' ? undefined : http);
}

/**
 * Reads a whole Node body (decoded per Content-Encoding) under `limit` bytes with 'data' events —
 * several times cheaper per call than async iteration — or hands it over as a limited stream.
 * Not an async function: the plain case is one promise, settled by the body's 'end'.
 */
function readNodeBody(
  body: Readable,
  headers: Headers,
  mode: 'bytes' | 'stream',
  limit: number,
  signal: AttemptSignal,
  request: { method: string; url: string; redact?: Redact },
): Promise<ReadBody> {
  if (mode === 'stream') return nodeSource(body, headers).then((source) => readLimited(headers, source, mode, limit, signal, request));
  try {
    checkDeclaredLength(headers, limit);
  } catch (error) {
    body.destroy();
    return Promise.reject(error);
  }
  const codings = contentCodings(headers.get('content-encoding'));
  if (codings === undefined) return collect(body, body, limit, signal, request);
  return decodeBody(body, codings).then((decoded) => collect(body, decoded as unknown as Readable, limit, signal, request));
}

/** The chunks of `decoded` (the body, or its decoder) as one array, failing past `limit` bytes. */
function collect(body: Readable, decoded: Readable, limit: number, signal: AttemptSignal, request: { method: string; url: string; redact?: Redact }): Promise<ReadBody> {
  return new Promise<ReadBody>((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      decoded.destroy();
      body.destroy();
      reject(error instanceof ResponseTooLargeError ? error : transportError(error, signal, request));
    };
    decoded.on('data', (chunk: Uint8Array) => {
      total += chunk.byteLength;
      if (total > limit) fail(new ResponseTooLargeError(limit, total));
      else chunks.push(chunk);
    });
    decoded.once('error', fail);
    if (decoded !== body) body.once('error', fail);
    decoded.once('close', () => {
      // after 'end' too: an Error (its stack) only when the body really ended early
      if (!settled) fail(new Error('the response body ended early (connection closed)'));
    });
    decoded.once('end', () => {
      if (settled) return;
      settled = true;
      const bytes = chunks.length === 1 && chunks[0]!.byteLength === chunks[0]!.buffer.byteLength ? new Uint8Array(chunks[0]!.buffer as ArrayBuffer) : concatChunks(chunks, total);
      resolve({ kind: 'bytes', bytes });
    });
  });
}

/** A Node body stream as a chunk source, decoded per Content-Encoding (undici.request and node:http do not decode). */
export async function nodeSource(body: Readable, headers: Headers): Promise<ChunkSource> {
  const codings = contentCodings(headers.get('content-encoding'));
  const decoded = codings === undefined ? body : await decodeBody(body, codings);
  return iterableSource(decoded as AsyncIterable<Uint8Array>, () => {
    decoded.destroy();
    body.destroy();
  });
}

/**
 * Converts a fetch BodyInit into what both Node transports send: a string or bytes (sent with a length), or a
 * web ReadableStream (sent chunked). FormData and Blob bodies are streamed, not buffered: `new Response(form)`
 * encodes the parts lazily (a Blob part — e.g. `fs.openAsBlob` — is read as it is sent), and since this runs
 * per attempt from the request's FormData, a retry sends the whole body again. Sets the content type a fetch
 * would (the multipart boundary; a Blob's type when none was given).
 */
async function nodeBody(body: BodyInit, headers: Record<string, string>): Promise<string | Uint8Array | ReadableStream<Uint8Array>> {
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof ReadableStream) return body as ReadableStream<Uint8Array>;
  if (body instanceof URLSearchParams) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
    return body.toString();
  }
  if (body instanceof FormData || body instanceof Blob) {
    const encoded = new Response(body);
    const type = encoded.headers.get('content-type');
    if (type !== null && (body instanceof FormData || headers['content-type'] === undefined)) headers['content-type'] = type;
    if (body instanceof Blob) headers['content-length'] = String(body.size);
    return encoded.body ?? new Uint8Array(0);
  }
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/** Writes a web stream into a node:http request with backpressure; a failing source destroys the request. */
async function pump(source: ReadableStream<Uint8Array>, req: import('node:http').ClientRequest): Promise<void> {
  const reader = source.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (req.destroyed) return void (await reader.cancel());
      if (!req.write(value)) await new Promise<void>((resolve) => {
        const go = (): void => {
          req.off('drain', go);
          req.off('close', go);
          resolve();
        };
        req.on('drain', go);
        req.on('close', go);
      });
    }
    req.end();
  } catch (error) {
    req.destroy(error instanceof Error ? error : new Error(String(error)));
  } finally {
    reader.releaseLock();
  }
}
