/**
 * The browser's micro core: what a page loads before its first call (issue 14). It sends the
 * plain call — options it implements (`baseUrl`, `headers`, `timeout`, `maxResponseSize`,
 * `fetch`), no auth, no request body, path and query values its operation declares, no API key
 * of the spec in its headers — over fetch, and hands back a documented JSON (or bodiless) answer. Everything else loads the full
 * client on demand (`micro-full.ts`, a dynamic import: its own chunk):
 *
 * - a call it does not implement is sent by the full path from the start (nothing was sent yet);
 * - an answer it does not classify itself (an undocumented status or media type, a body that
 *   does not parse or lacks its documented shape, a body that is not JSON) is classified there;
 * - every error is made there (timeout, abort, network, size limit), with the full path's
 *   messages and redaction.
 *
 * So every per-call guarantee holds on both paths; a call that needs none of the above never
 * loads the full client. Node resolves `core-node.ts`, which uses the full path directly.
 */
import type { OperationSpec, ParameterSpec } from '../spec.js';
import type { ApiClient, ApiInfo, InstallFeatures, Plugins } from './connection.js';
import type { Received } from './redirects.js';
import type { ReadBody } from './response-body.js';
import type { CallInit, ClientOptions, ClientRequest, ClientResponse } from './types.js';
import { acceptHeader } from './accept.js';
import { plainHeaders } from './response-headers.js';
import { matchesShape } from './shape-match.js';
import { findResponseSpec, hasNoBody, isDocumentedSuccess } from './status.js';

/** What a micro handle keeps; `base` undefined: the options need the full client for every call. */
interface Micro {
  readonly api: ApiInfo;
  readonly options: ClientOptions;
  readonly plugins: Plugins | undefined;
  readonly install: InstallFeatures | undefined;
  readonly base: string | undefined;
  readonly timeout: number;
  readonly limit: number;
  /** The full connection, made on the first call that needs it. */
  full: Promise<ApiClient> | undefined;
}

const MICRO: unique symbol = Symbol.for('contractgen.client.micro') as never;
type Handle = { [MICRO]?: Micro };

/** The options the micro core implements itself (any other option: the full client). */
const OPTIONS = new Set(['baseUrl', 'headers', 'timeout', 'maxResponseSize', 'fetch']);
/** The per-call settings it implements. */
const INIT = new Set(['signal', 'timeout', 'headers', 'maxResponseSize']);
const ABSOLUTE = /^[a-z][a-z0-9+.-]*:\/\//i;
/** A `.` or `..` segment (also as %2E), which URL parsing would collapse. */
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;
const FORBIDDEN = /^(?:TRACE|CONNECT|TRACK)$/i;
const JSON_TYPE = /^application\/json$|\+json$|^text\/json$/;
const NONE: ReadBody = { kind: 'none' };
const utf8 = new TextDecoder();

let full: Promise<typeof import('./micro-full.js')> | undefined;
const load = (): Promise<typeof import('./micro-full.js')> => (full ??= import('./micro-full.js'));

const timeoutOf = (v: unknown): number | undefined =>
  v === undefined ? 30_000 : v === 0 || v === Infinity ? Infinity : typeof v === 'number' && v > 0 && v < Infinity ? v : undefined;
const limitOf = (v: unknown, fallback: number): number | undefined => (v === undefined ? fallback : v === Infinity || (Number.isSafeInteger(v) && (v as number) > 0) ? (v as number) : undefined);

/**
 * What generated `createClient` calls in a browser. The options it does not implement are checked
 * by the full client when it loads (on the first call, which rejects when they are invalid).
 */
export function connect(api: ApiInfo, options: ClientOptions = {}, plugins?: Plugins, install?: InstallFeatures): ApiClient {
  const timeout = timeoutOf(options.timeout);
  const limit = limitOf(options.maxResponseSize, 64 * 1024 * 1024);
  const plain =
    install === undefined &&
    (plugins?.serverUrl === undefined || options.baseUrl !== undefined) &&
    timeout !== undefined &&
    limit !== undefined &&
    typeof (options.fetch ?? globalThis.fetch) === 'function' &&
    Object.keys(options).every((key) => OPTIONS.has(key) || options[key as keyof ClientOptions] === undefined);
  const micro: Micro = { api, options, plugins, install, base: plain ? baseOf(options.baseUrl ?? api.servers[0]?.url) : undefined, timeout: timeout ?? 0, limit: limit ?? 0, full: undefined };
  if (micro.base === undefined) fullClient(micro).catch(() => undefined); // start loading; its errors are the calls'
  return { [MICRO]: micro } as unknown as ApiClient;
}

/** An absolute http(s) base URL without credentials, query or fragment, trailing slashes removed; else undefined. */
function baseOf(url: string | undefined): string | undefined {
  if (url === undefined || !ABSOLUTE.test(url)) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '' && parsed.search === '' && parsed.hash === '') return url.replace(/\/+$/, '');
  } catch {
    // the full client says why
  }
  return undefined;
}

function fullClient(micro: Micro): Promise<ApiClient> {
  return (micro.full ??= load().then((m) => m.connectFull(micro.api, micro.options, micro.plugins, micro.install)));
}

/**
 * Sends one operation (what generated per-operation functions call): resolves for every HTTP status,
 * rejects only with typed errors. A `Client` or a full connection goes through the full path.
 */
export async function call(client: ApiClient, op: OperationSpec, req: ClientRequest | undefined, init?: CallInit, plugins?: Plugins): Promise<ClientResponse> {
  const micro = (client as Handle | null | undefined)?.[MICRO];
  const wire = micro?.base === undefined ? undefined : request(micro, op, req, init, plugins);
  if (micro === undefined || wire === undefined) {
    const m = await load();
    return m.call(micro === undefined ? client : await fullClient(micro), op, req, init, plugins);
  }
  const ms = init?.timeout === undefined ? micro.timeout : timeoutOf(init.timeout)!;
  const limit = limitOf(init?.maxResponseSize, micro.limit)!;
  const signal = init?.signal;
  const attempt = new AbortController();
  /** Why the attempt was stopped: 1 its timeout, 2 the caller's signal. */
  let stop = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  let received: Received;
  try {
    received = await Promise.race([
      exchange(micro, wire, attempt.signal, limit),
      new Promise<never>((_, reject) => {
        const stopped = (why: number) => () => {
          stop = why;
          attempt.abort();
          reject(undefined);
        };
        if (ms !== Infinity) timer = setTimeout(stopped(1), ms);
        signal?.addEventListener('abort', (onAbort = stopped(2)), { once: true });
      }),
    ]);
  } catch (error) {
    const m = await load();
    throw m.failure(await fullClient(micro), error, stop, ms, limit, init, wire);
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
  }
  const response = classify(op, received, plugins);
  if (response !== undefined) return response;
  const m = await load();
  return m.respond(await fullClient(micro), op, received, init, plugins);
}

interface Wire {
  url: string;
  method: string;
  headers: Headers;
}

/** The request of a call the micro core sends itself; undefined when the full path must build it (or say what is wrong). */
function request(micro: Micro, op: OperationSpec, req: ClientRequest | undefined, init: CallInit | undefined, plugins: Plugins | undefined): Wire | undefined {
  if (op.security.length > 0 || plugins?.stream !== undefined || FORBIDDEN.test(op.method) || init?.signal?.aborted) return undefined;
  for (const key in init) if (init[key as keyof CallInit] !== undefined && !INIT.has(key)) return undefined;
  if (timeoutOf(init?.timeout) === undefined || limitOf(init?.maxResponseSize, 1) === undefined) return undefined;
  for (const key in req) if (req[key as keyof ClientRequest] !== undefined && key !== 'path' && key !== 'query') return undefined;
  try {
    const query = queryOf(op, req?.query, plugins);
    const path = pathOf(op, req?.path, plugins);
    if (query === undefined || path === undefined) return undefined;
    const headers = new Headers();
    const accept = acceptHeader(op);
    if (accept !== undefined) headers.set('accept', accept);
    for (const name in micro.options.headers) headers.set(name, micro.options.headers[name]!);
    for (const name in init?.headers) headers.set(name, init.headers[name]!);
    if (micro.plugins?.follow !== undefined && carriesApiKey(micro.api, op, headers)) return undefined;
    return { url: `${micro.base}${path}${query}`, method: op.method, headers };
  } catch {
    return undefined; // an invalid header value, a value its serializer refuses: the full path says what
  }
}

/**
 * Whether the request carries one of the spec's API keys (set through `headers`), which fetch would
 * pass on to another origin: the full path follows such redirects itself (`createClient` passes `follow`).
 */
function carriesApiKey(api: ApiInfo, op: OperationSpec, headers: Headers): boolean {
  return Object.values(api.securitySchemes).some(
    (s) => s.type === 'apiKey' && (s.in === 'header' ? headers.has(s.name) : s.in === 'query' && op.parameters.some((p) => p.in === 'query' && p.name === s.name)),
  );
}

const declared = (op: OperationSpec, at: ParameterSpec['in']): ParameterSpec[] => op.parameters.filter((p) => p.in === at);

function pathOf(op: OperationSpec, values: Record<string, unknown> | undefined, plugins: Plugins | undefined): string | undefined {
  if (!op.path.includes('{')) return op.path;
  const template = op.path.split(/\{([^}]+)\}/);
  const params = declared(op, 'path');
  let path = template[0]!;
  for (let i = 1; i < template.length; i += 2) {
    const p = params.find((x) => x.name === template[i]);
    const value = values?.[template[i]!];
    if (p === undefined || value === undefined || value === null || plugins?.path === undefined) return undefined;
    path += plugins.path(p, value) + template[i + 1]!;
  }
  return DOT_SEGMENT.test(path) ? undefined : path;
}

function queryOf(op: OperationSpec, values: Record<string, unknown> | undefined, plugins: Plugins | undefined): string | undefined {
  // header, cookie and querystring parameters (even unset) and undeclared names: the full path
  if (op.parameters.some((p) => p.in !== 'path' && p.in !== 'query')) return undefined;
  const params = declared(op, 'query');
  const serialize = plugins?.query;
  if (values === undefined && (params.length === 0 || serialize !== undefined)) return '';
  if (values === undefined || serialize === undefined || Object.keys(values).some((name) => !params.some((p) => p.name === name))) return undefined;
  let query = '';
  for (const p of params) {
    const text = serialize(p, values[p.name]);
    if (text !== undefined && text !== '') query += `${query === '' ? '?' : '&'}${text}`;
  }
  return query;
}

/** One exchange over fetch (which follows redirects itself: no credential of the spec is in play here), the body read under the limit. */
async function exchange(micro: Micro, wire: Wire, signal: AbortSignal, limit: number): Promise<Received> {
  const send = micro.options.fetch ?? globalThis.fetch;
  const response = await send(wire.url, { method: wire.method, headers: wire.headers, redirect: 'follow', signal });
  const { status, headers, body } = response;
  let read = NONE;
  if (hasNoBody(wire.method, status)) await body?.cancel().catch(() => undefined);
  else if (body !== null) {
    const declaredLength = headers.get('content-encoding') === null ? Number(headers.get('content-length') ?? '') : NaN;
    if (Number.isFinite(declaredLength) && declaredLength > limit) {
      await body.cancel().catch(() => undefined);
      throw { tooLarge: declaredLength };
    }
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      total += chunk.value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        throw { tooLarge: total };
      }
      chunks.push(chunk.value);
    }
    read = { kind: 'bytes', bytes: new Uint8Array(await new Blob(chunks as BlobPart[]).arrayBuffer()) };
  }
  return { status, headers, url: response.url || wire.url, body: read, dispose: async () => undefined };
}

/** The answer when it is documented and bodiless or JSON of its documented shape; undefined: the full path classifies it. */
function classify(op: OperationSpec, received: Received, plugins: Plugins | undefined): ClientResponse | undefined {
  const { status, headers, body: read } = received;
  const spec = findResponseSpec(op.responses, status);
  const header = headers.get('content-type') ?? undefined;
  if (spec === undefined) return undefined;
  let body: unknown;
  let contentType: string | undefined;
  if (read.kind === 'bytes') {
    const essence = header?.split(';')[0]!.trim().toLowerCase();
    const media = spec.content.find((m) => m.mediaType.toLowerCase() === essence);
    if (media === undefined || media.kind !== 'json' || !JSON_TYPE.test(essence!) || read.bytes.length === 0) return undefined;
    try {
      body = JSON.parse(utf8.decode(read.bytes));
    } catch {
      return undefined;
    }
    if (!matchesShape(body, media.schema)) return undefined;
    contentType = media.mediaType;
  } else if (read.kind !== 'none' || header !== undefined) return undefined;
  const ok = isDocumentedSuccess(op.responses, spec, status);
  const raw = { url: received.url, headers };
  const out = spec.headers.length > 0 && plugins?.responseHeaders !== undefined ? plugins.responseHeaders(headers, spec.headers) : plainHeaders(headers);
  return contentType ? { status, body, contentType, raw, ok, headers: out, documented: true } : { status, body, raw, ok, headers: out, documented: true };
}
