/**
 * Specs given as http(s) URLs. The root document is fetched with a timeout and a size
 * limit; its relative `$ref`s are resolved on the same origin, under the document's path
 * (or under `--root` when that is a URL) only — nothing else is fetched.
 *
 * The loader's file logic (containment, bundling, multi-file seeding, source maps) works on
 * paths, so a remote spec is loaded as a *virtual* tree: `https://h:8443/apis/x.yaml` is the
 * path `<VIRTUAL>/https/h:8443/apis/x.yaml`; reading a virtual path fetches its URL, and
 * every message and location is translated back to URLs before it leaves the loader.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { SpecError, type Diagnostic, type SourceLocation } from '../diagnostics.js';

export const FETCH_TIMEOUT_MS = 30_000;
export const FETCH_MAX_BYTES = 64 * 1024 * 1024;

export interface FetchLimits {
  /** Per request, headers and body (default 30 s). */
  timeoutMs?: number;
  /** Largest body accepted (default 64 MiB). */
  maxBytes?: number;
}

export function isSpecUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

/** A scheme other than http(s) (`ftp://`, `s3://`): refused, never read as a path. */
export function unsupportedScheme(input: string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(input);
  return m && !/^(https?|file)$/i.test(m[1]!) ? m[1] : undefined;
}

const VIRTUAL = path.join(os.tmpdir(), '.contractgen-remote-spec');

export function toVirtual(url: URL): string {
  const segments = url.pathname.split('/').map((s) => decodeURIComponent(s));
  return path.join(VIRTUAL, url.protocol.slice(0, -1), url.host, ...segments);
}

export function fromVirtual(file: string): string | undefined {
  const rel = path.relative(VIRTUAL, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const [scheme, host, ...segments] = rel.split(path.sep);
  return `${scheme}://${host}/${segments.map((s) => encodeURIComponent(s)).join('/')}`;
}

/** Replaces virtual paths in a text by their URLs. */
export function unvirtualize(text: string): string {
  if (!text.includes(VIRTUAL)) return text;
  return text.replace(new RegExp(`${VIRTUAL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\\s"'),]*`, 'g'), (p) => fromVirtual(p) ?? p);
}

/** The folder a spec's references (OpenAPI `$ref`s, RAML `!include`s) may reach. */
export interface RefRoot {
  /** The folder every referenced file must lie under. */
  dir: string;
  /** Set by --root / config root (named in messages). */
  explicit: boolean;
}

/** `--root` / config `root` (a folder, or a URL for a spec URL) checked to contain the spec; default the spec's folder. */
export function refRootFor(rootFile: string, root: string | undefined): RefRoot {
  if (root === undefined) return { dir: path.dirname(rootFile), explicit: false };
  const dir = isSpecUrl(root) ? toVirtual(new URL(root.endsWith('/') ? root : `${root}/`)) : path.resolve(root);
  const rel = path.relative(dir, rootFile);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new SpecError('USAGE', `--root ${JSON.stringify(root)} must contain the spec (${fromVirtual(rootFile) ?? rootFile} is outside it)`);
  }
  return { dir, explicit: true };
}

/** A SpecError with every virtual path in its message, location and details shown as a URL. */
const loc = (l: SourceLocation | undefined) => (l ? { ...l, file: unvirtualize(l.file) } : undefined);

/** A warning with virtual paths shown as URLs. */
export function translateDiagnostic(d: Diagnostic): Diagnostic {
  return { ...d, message: unvirtualize(d.message), ...(d.location ? { location: loc(d.location)! } : {}) };
}

export function translateError(err: SpecError): SpecError {
  return new SpecError(
    err.code,
    unvirtualize(err.message),
    loc(err.location),
    err.details.map(translateDiagnostic),
  );
}

/**
 * What the last successful GET of each URL returned (this process): watch mode's poller
 * starts from what the generation read, so a change made just after it is never missed.
 */
export const lastFetched = new Map<string, { hash: string; etag: string | undefined; lastModified: string | undefined }>();

export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface Fetched {
  text: string;
  etag: string | undefined;
  lastModified: string | undefined;
}

/** Socket errors of a connection closed under a request (undici reports a peer's close as UND_ERR_SOCKET). */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/**
 * A document's own relative references (`$ref` to another document, RAML `!include` / `uses`):
 * a redirected include that has some is refused (its references would be resolved against the
 * URL it was asked for, not the one it came from). Conservative: a false positive is a clear error.
 */
export function hasRelativeRefs(text: string): boolean {
  return /!include\b/.test(text) || /^[ \t]*uses[ \t]*:/m.test(text) || /["']?\$ref["']?[ \t]*:[ \t]*["']?(?![#"'\s])\S/.test(text);
}

/** An include (a `$ref` target, a RAML `!include`) fetched: its text, refused when redirected and it has references of its own. */
export async function fetchInclude(url: string, limits: FetchLimits = {}): Promise<string> {
  const got = await fetchText(url, limits);
  if (got.url !== url && hasRelativeRefs(got.text)) {
    throw new SpecError('SPEC_FETCH', `cannot fetch ${redact(url)}: redirected to ${redact(got.url)}, and the document has relative references of its own, which would be resolved against the wrong base (reference the final URL)`, { file: redact(url) });
  }
  return got.text;
}

/**
 * GET a spec document: 2xx only, bounded in time and size. `url` in the result is the URL the
 * document came from (after redirects): the base of its relative references (RFC 3986 §5.1.3).
 */
export async function fetchText(url: string, limits: FetchLimits = {}, headers: Record<string, string> = {}): Promise<Fetched & { status: number; url: string }> {
  const timeoutMs = limits.timeoutMs ?? FETCH_TIMEOUT_MS;
  const maxBytes = limits.maxBytes ?? FETCH_MAX_BYTES;
  const shown = redact(url);
  const fail = (why: string) => new SpecError('SPEC_FETCH', `cannot fetch ${shown}: ${why}`, { file: shown });
  const signal = AbortSignal.timeout(timeoutMs);
  // A private spec: CONTRACTGEN_SPEC_AUTHORIZATION is sent as the Authorization header (never printed).
  // Every document fetched is on the spec's origin; with a credential, redirects are not followed,
  // so it never reaches another origin.
  const authorization = process.env['CONTRACTGEN_SPEC_AUTHORIZATION'];
  let res: Response | undefined;
  // A GET is idempotent: a connection reset before any answer arrived (a keep-alive connection the
  // server closed while the loader was busy, e.g. AMF between a RAML root and its includes) is
  // retried once on a new connection. A body that breaks off after it started is not retried.
  for (let attempt = 1; !res; attempt++) {
    try {
      res = await fetch(url, {
        signal,
        headers: { accept: 'application/yaml, application/json;q=0.9, text/*;q=0.8, */*;q=0.5', ...(authorization ? { authorization } : {}), ...headers },
        redirect: authorization ? 'manual' : 'follow',
      });
    } catch (e) {
      if (signal.aborted) throw fail(`no response within ${timeoutMs} ms`);
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      if (attempt === 1 && RESET_CODES.has(cause?.code ?? '')) continue;
      throw fail(cause?.code ?? cause?.message ?? (e as Error).message);
    }
  }
  if (res.status === 304) {
    await res.body?.cancel();
    return { status: 304, url: res.url || url, text: '', etag: res.headers.get('etag') ?? undefined, lastModified: res.headers.get('last-modified') ?? undefined };
  }
  if (res.status < 200 || res.status > 299) {
    await res.body?.cancel();
    if (authorization && res.status >= 300 && res.status < 400) throw fail(`HTTP ${res.status} redirect to ${redact(res.headers.get('location') ?? '?')}: not followed while CONTRACTGEN_SPEC_AUTHORIZATION is set (give the final URL)`);
    throw fail(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${res.status === 401 || res.status === 403 ? ' (a private spec: set CONTRACTGEN_SPEC_AUTHORIZATION to the Authorization header value)' : ''}`);
  }
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw fail(`the document is ${declared} bytes, more than the limit of ${maxBytes}`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    const reader = res.body?.getReader();
    for (;;) {
      const next = reader ? await reader.read() : { done: true as const, value: undefined };
      if (next.done) break;
      size += next.value.byteLength;
      if (size > maxBytes) {
        await reader?.cancel();
        throw fail(`the document is larger than the limit of ${maxBytes} bytes`);
      }
      chunks.push(next.value);
    }
  } catch (e) {
    if (e instanceof SpecError) throw e;
    throw fail(signal.aborted ? `the body did not arrive within ${timeoutMs} ms` : ((e as Error).message ?? 'the body broke off'));
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
  const fetched = { text, etag: res.headers.get('etag') ?? undefined, lastModified: res.headers.get('last-modified') ?? undefined };
  const seen = { hash: textHash(text), etag: fetched.etag, lastModified: fetched.lastModified };
  lastFetched.set(url, seen);
  // a redirected root is known (and polled by watch) by its final URL: its baseline is this GET too
  if (res.url && res.url !== url) lastFetched.set(res.url, seen);
  return { status: res.status, url: res.url || url, ...fetched };
}

/** A URL as printed: no user info. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return u.href;
  } catch {
    return url;
  }
}
