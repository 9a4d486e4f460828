/**
 * Which parts of a request are credentials (issue 13.2, 13.10): the headers and
 * query parameters the spec's security schemes name (API keys, however they were
 * set), Authorization, Proxy-Authorization, Cookie, and every header the auth
 * layer added. They are stripped when a redirect changes the origin and redacted
 * in error messages.
 */
import type { SecuritySchemeSpec } from '../spec.js';

export interface CredentialNames {
  /** Lower-cased header names. */
  headers: ReadonlySet<string>;
  /** Query parameter names, as decoded. */
  query: ReadonlySet<string>;
}

const ALWAYS = ['authorization', 'proxy-authorization', 'cookie'];

/** The credential names of an API: every apiKey scheme's header or query name, plus the standard ones. */
export function specCredentials(api: { securitySchemes: Record<string, SecuritySchemeSpec> }): CredentialNames {
  const headers = new Set(ALWAYS);
  const query = new Set<string>();
  for (const scheme of Object.values(api.securitySchemes)) {
    if (scheme.type !== 'apiKey') continue;
    if (scheme.in === 'header') headers.add(scheme.name.toLowerCase());
    else if (scheme.in === 'query') query.add(scheme.name);
  }
  return { headers, query };
}

/** `names` plus the headers an auth layer added for one call. */
export function withAddedHeaders(names: CredentialNames, added: ReadonlyArray<readonly [string, string]>): CredentialNames {
  if (added.length === 0) return names;
  // the usual case: the auth layer added the spec's own API-key header, already a credential name
  if (added.every(([name]) => names.headers.has(name.toLowerCase()))) return names;
  return { headers: new Set([...names.headers, ...added.map(([name]) => name.toLowerCase())]), query: names.query };
}

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** Maps each `name=value` pair of a query string; other pairs keep their bytes. (Exported for redirects.ts.) */
export function mapQuery(url: string, names: ReadonlySet<string>, pair: (name: string) => string | undefined): string {
  if (names.size === 0) return url;
  const hash = url.indexOf('#');
  const end = hash === -1 ? url.length : hash;
  const start = url.indexOf('?');
  if (start === -1 || start > end) return url;
  const pairs = url
    .slice(start + 1, end)
    .split('&')
    .flatMap((p) => {
      const raw = p.split('=', 1)[0]!;
      return names.has(decodeName(raw)) ? [pair(raw)].filter((x): x is string => x !== undefined) : [p];
    });
  const query = pairs.join('&');
  return `${url.slice(0, start)}${query === '' ? '' : `?${query}`}${url.slice(end)}`;
}

/** Whether the URL carries a credential query parameter. */
export function hasCredentialQuery(url: string, names: CredentialNames): boolean {
  return mapQuery(url, names.query, () => undefined) !== url;
}

/** Whether a credential header fetch would not drop itself on a cross-origin redirect is present. */
export function hasCustomCredentialHeader(headers: Headers, names: CredentialNames): boolean {
  for (const name of names.headers) if (!ALWAYS.includes(name) && headers.has(name)) return true;
  return false;
}

export const REDACTED = 'REDACTED';

/** A URL for an error message: credential query values and userinfo replaced by REDACTED. */
export function redactUrl(url: string, names: CredentialNames): string {
  const withoutUser = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, `$1${REDACTED}@`);
  return mapQuery(withoutUser, names.query, (raw) => `${raw}=${REDACTED}`);
}

const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;

/** Text for an error message: every URL in it redacted as {@link redactUrl} does. */
export function redactText(text: string, names: CredentialNames): string {
  return text.replace(URL_IN_TEXT, (url) => redactUrl(url, names));
}
