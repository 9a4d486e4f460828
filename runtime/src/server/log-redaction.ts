/**
 * Credentials never reach a log line (issue 13.10): the request serializer of access and error logs
 * sees the URL with credential query parameters replaced by `[REDACTED]` and headers with
 * credential headers replaced (Authorization, Proxy-Authorization, Cookie and every apiKey scheme's
 * header; the query names of apiKey schemes and RFC 6750's `access_token`).
 */
import type { FastifyInstance } from 'fastify';
import type { ApiSpec } from '../spec.js';

export const REDACTED = '[REDACTED]';

/** Names to redact, lower-cased; one set per listener, filled by every register() on it. */
export interface CredentialNames {
  query: Set<string>;
  headers: Set<string>;
}

const SHARED = Symbol.for('contractgen.credentialNames');

export function newCredentialNames(): CredentialNames {
  return { query: new Set(['access_token']), headers: new Set(['authorization', 'proxy-authorization', 'cookie']) };
}

/** The listener's set (createListener installs one on its instance), if any. */
export function sharedCredentialNames(app: FastifyInstance): CredentialNames | undefined {
  return (app as unknown as Record<symbol, CredentialNames | undefined>)[SHARED];
}

export function shareCredentialNames(app: FastifyInstance, names: CredentialNames): void {
  Object.defineProperty(app, SHARED, { value: names, enumerable: false });
}

export function addCredentialNames(names: CredentialNames, api: ApiSpec): void {
  for (const scheme of Object.values(api.securitySchemes)) {
    if (scheme.type !== 'apiKey') continue;
    if (scheme.in === 'query') names.query.add(scheme.name.toLowerCase());
    else if (scheme.in === 'header') names.headers.add(scheme.name.toLowerCase());
  }
}

function decodedName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

/** `/pets?api_key=s3cret&limit=2` → `/pets?api_key=[REDACTED]&limit=2`. */
export function redactUrl(url: string | undefined, names: CredentialNames): string | undefined {
  if (url === undefined) return url;
  const q = url.indexOf('?');
  if (q < 0) return url;
  let changed = false;
  const pairs = url.slice(q + 1).split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    if (!names.query.has(decodedName(name))) return pair;
    changed = true;
    return `${name}=${REDACTED}`;
  });
  return changed ? `${url.slice(0, q)}?${pairs.join('&')}` : url;
}

export function redactHeaders(headers: Record<string, unknown> | undefined, names: CredentialNames): Record<string, unknown> | undefined {
  if (!headers) return headers;
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(headers)) {
    if (!names.headers.has(key.toLowerCase())) continue;
    out ??= { ...headers };
    out[key] = REDACTED;
  }
  return out ?? headers;
}

type RequestLike = { method?: string; url?: string; headers?: Record<string, unknown>; host?: string; ip?: string; socket?: { remotePort?: number } };
type Serialize = (req: never) => unknown;

/** Fastify's request serializer (lib/logger-pino.js) over a redacted view of the request; a
 * serializer of your own (`logger.serializers.req`) gets the same redacted view. */
export function redactingRequestSerializer(names: CredentialNames, base?: Serialize): (req: RequestLike) => unknown {
  return (req) => {
    const url = redactUrl(req.url, names);
    const headers = redactHeaders(req.headers, names);
    if (base) return base(Object.create(req, { url: { value: url }, headers: { value: headers } }) as never);
    return {
      method: req.method,
      url,
      version: headers?.['accept-version'],
      host: req.host,
      remoteAddress: req.ip,
      remotePort: req.socket?.remotePort,
    };
  };
}
