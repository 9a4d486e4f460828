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
import type { JsonSchema, OperationSpec, ResponseSpec } from '../spec.js';
import type { ApiClient, ApiInfo, InstallFeatures, Plugins } from './connection.js';
import type { Received } from './redirects.js';
import type { ReadBody } from './response-body.js';
import type { CallInit, ClientOptions, ClientRequest, ClientResponse } from './types.js';

/** What a micro handle keeps; `base` undefined: the options need the full client for every call. */
export interface Micro {
  readonly api: ApiInfo;
  readonly options: ClientOptions;
  readonly plugins: Plugins | undefined;
  readonly install: InstallFeatures | undefined;
  readonly base: string | undefined;
  readonly timeout: number;
  readonly limit: number;
  /** The full connection, made (by micro-full.ts) on the first call that needs it. */
  full?: Promise<ApiClient>;
}

const MICRO: unique symbol = Symbol.for('contractgen.client.micro') as never;

/** The options the micro core implements itself (any other option: the full client). */
const OPTIONS = /^(?:baseUrl|headers|timeout|maxResponseSize|fetch)$/;
/** The per-call settings it implements. */
const INIT = /^(?:signal|timeout|headers|maxResponseSize)$/;
const ABSOLUTE = /^[a-z][a-z0-9+.-]*:\/\//i;
/** A `.` or `..` segment (also as %2E), which URL parsing would collapse. */
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;
const FORBIDDEN = /^(?:TRACE|CONNECT|TRACK)$/i;
const JSON_TYPE = /^application\/json$|\+json$|^text\/json$/;
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
    Object.keys(options).every((key) => OPTIONS.test(key) || options[key as keyof ClientOptions] === undefined);
  const base = plain ? baseOf(options.baseUrl ?? api.servers[0]?.url) : undefined;
  if (base === undefined) load().catch(() => undefined); // start loading the full client; its errors are the calls'
  const micro: Micro = { api, options, plugins, install, base, timeout: timeout!, limit: limit! };
  return { [MICRO]: micro } as unknown as ApiClient;
}

/** An absolute base URL without credentials, query or fragment, trailing slashes removed; else undefined. */
function baseOf(url: string | undefined): string | undefined {
  try {
    const parsed = new URL(url!);
    if (ABSOLUTE.test(url!) && parsed.username === '' && parsed.password === '' && parsed.search === '' && parsed.hash === '') return url!.replace(/\/+$/, '');
  } catch {
    // the full client says why
  }
  return undefined;
}

/**
 * Sends one operation (what generated per-operation functions call): resolves for every HTTP status,
 * rejects only with typed errors. A `Client` or a full connection goes through the full path.
 */
export async function call(client: ApiClient, op: OperationSpec, req: ClientRequest | undefined, init?: CallInit, plugins?: Plugins): Promise<ClientResponse> {
  const micro = (client as { [MICRO]?: Micro } | null | undefined)?.[MICRO];
  const wire = micro?.base === undefined ? undefined : request(micro, op, req, init, plugins);
  if (wire === undefined) return (await load()).call(client, micro, op, req, init, plugins);
  const ms = timeoutOf(init?.timeout ?? micro!.timeout)!;
  const limit = limitOf(init?.maxResponseSize, micro!.limit)!;
  const signal = init?.signal;
  const attempt = new AbortController();
  /** Why the attempt was stopped: 1 its timeout, 2 the caller's signal. */
  let stop = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  let received: Received;
  try {
    received = await Promise.race([
      exchange(micro!, wire, attempt.signal, limit),
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
    throw await (await load()).failure(micro!, error, stop, ms, limit, init, wire);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort!);
  }
  let response: ClientResponse | undefined;
  try {
    response = classify(op, received, plugins);
  } catch {
    // the full classifier says what the body is
  }
  return response ?? (await load()).respond(micro!, op, received, init, plugins);
}

interface Wire {
  url: string;
  method: string;
  headers: Headers;
}

/** The request of a call the micro core sends itself; undefined when the full path must build it (or say what is wrong). */
function request(micro: Micro, op: OperationSpec, req: ClientRequest | undefined, init: CallInit | undefined, plugins: Plugins | undefined): Wire | undefined {
  // a descriptor without a precomputed Accept (hand-made, not generated): the full path computes it
  if (op.accept === undefined || op.security.length > 0 || plugins?.stream || FORBIDDEN.test(op.method) || init?.signal?.aborted) return undefined;
  if (timeoutOf(init?.timeout) === undefined || limitOf(init?.maxResponseSize, 1) === undefined) return undefined;
  for (const key in init) if (init[key as keyof CallInit] !== undefined && !INIT.test(key)) return undefined;
  for (const key in req) if (req[key as keyof ClientRequest] !== undefined && key !== 'path' && key !== 'query') return undefined;
  try {
    // path and query values by the operation's own serializers (a missing one throws: the full path says why)
    const values = req?.query ?? {};
    let path = op.path;
    let query = '';
    for (const p of op.parameters) {
      if (p.in === 'path') {
        const value = req?.path?.[p.name];
        if (value === undefined || value === null) return undefined;
        const text = plugins!.path!(p, value);
        path = path.replace(`{${p.name}}`, () => text);
      } else if (p.in === 'query') {
        const text = plugins!.query!(p, values[p.name]);
        if (text) query += `${query === '' ? '?' : '&'}${text}`;
      } else return undefined; // header, cookie and querystring parameters (even unset): the full path
    }
    // a name the template has but the operation does not declare, a `.`/`..` segment, an undeclared query name
    if (path.includes('{') || DOT_SEGMENT.test(path) || Object.keys(values).some((name) => !op.parameters.some((p) => p.in === 'query' && p.name === name))) return undefined;
    const headers = new Headers();
    if (op.accept !== '') headers.set('accept', op.accept);
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

/** One exchange over fetch (which follows redirects itself: no credential of the spec is in play here), the body read under the limit. */
async function exchange(micro: Micro, wire: Wire, signal: AbortSignal, limit: number): Promise<Received> {
  const send = micro.options.fetch ?? globalThis.fetch;
  const response = await send(wire.url, { method: wire.method, headers: wire.headers, redirect: 'follow', signal });
  const { status, headers, body } = response;
  let read: ReadBody = { kind: 'none' };
  // status.ts hasNoBody
  if (wire.method === 'HEAD' || status === 204 || status === 205 || status === 304 || (status >= 100 && status < 200)) await body?.cancel().catch(() => undefined);
  else if (body !== null) {
    // fetch has undone Content-Encoding: a declared length counts the bytes read only without one
    const declaredLength = headers.get('content-encoding') === null ? Number(headers.get('content-length')) : 0;
    if (declaredLength > limit) {
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

/** The answer when it is documented and bodiless or JSON of its documented shape; undefined (or a throw): the full path classifies it. */
function classify(op: OperationSpec, received: Received, plugins: Plugins | undefined): ClientResponse | undefined {
  const { status, headers, body: read } = received;
  const spec = documented(op.responses, status);
  const header = headers.get('content-type') ?? undefined;
  if (spec === undefined) return undefined;
  let body: unknown;
  let contentType: string | undefined;
  if (read.kind === 'bytes') {
    const essence = header?.split(';')[0]!.trim().toLowerCase();
    const media = spec.content.find((m) => m.mediaType.toLowerCase() === essence);
    if (media?.kind !== 'json' || !JSON_TYPE.test(essence!)) return undefined;
    body = JSON.parse(utf8.decode(read.bytes)); // an empty or broken body throws: the full path's ResponseParseError or undefined body
    if (!shaped(body, media.schema)) return undefined;
    contentType = media.mediaType;
  } else if (read.kind !== 'none' || header !== undefined) return undefined;
  const ok = success(op.responses, spec, status);
  const raw = { url: received.url, headers };
  let out: Record<string, unknown> = {};
  if (spec.headers.length > 0 && plugins?.responseHeaders !== undefined) out = plugins.responseHeaders(headers, spec.headers);
  else headers.forEach((value, name) => (out[name] = value)); // response-headers.ts plainHeaders
  return contentType ? { status, body, contentType, raw, ok, headers: out, documented: true } : { status, body, raw, ok, headers: out, documented: true };
}

/*
 * The micro core's own copies of small pieces of the full path (status.ts findResponseSpec,
 * isDocumentedSuccess and hasNoBody, shape-match.ts matchesShape, response-headers.ts
 * plainHeaders): a module both the start chunk and the lazily loaded full client use goes into a
 * shared chunk that the page loads at start (esbuild, Rollup and webpack split by module), so
 * importing them cost more than these copies (one GitHub operation: 3.91 → 3.68 kB gzip at
 * start). test/runtime/client/micro-copies.test.ts holds each copy to its original over a table of cases.
 */

/** status.ts findResponseSpec without its cache: an exact status, then its range (`4XX`), then `default`. */
export function documented(responses: readonly ResponseSpec[], status: number): ResponseSpec | undefined {
  const key = (r: ResponseSpec): string => r.status.toUpperCase();
  const exact = String(status);
  return responses.find((r) => key(r) === exact) ?? responses.find((r) => key(r) === `${exact[0]}XX`) ?? responses.find((r) => key(r) === 'DEFAULT');
}

/** status.ts isDocumentedSuccess: a 2xx, and when only `default` documents it, no 2xx or 2XX is documented. */
export function success(responses: readonly ResponseSpec[], spec: ResponseSpec, status: number): boolean {
  return status >= 200 && status <= 299 && (spec.status.toUpperCase() !== 'DEFAULT' || !responses.some((r) => r.status[0] === '2'));
}

/** shape-match.ts matchesShape: the schema's top-level type and, for an object, every `required` property. */
export function shaped(value: unknown, schema: JsonSchema | undefined): boolean {
  if (schema === false) return false;
  const { type, required } = (typeof schema === 'object' && schema !== null ? schema : {}) as { type?: unknown; required?: unknown };
  const types = (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string');
  const object = typeof value === 'object' && value !== null && !Array.isArray(value);
  const is = (t: string): boolean =>
    t === 'object' ? object : t === 'array' ? Array.isArray(value) : t === 'integer' ? Number.isInteger(value) : t === 'null' ? value === null : !/^(?:string|number|boolean)$/.test(t) || typeof value === t;
  if (types.length > 0 && !types.some(is)) return false;
  return !Array.isArray(required) || !object || required.every((name) => typeof name !== 'string' || Object.prototype.hasOwnProperty.call(value, name));
}
