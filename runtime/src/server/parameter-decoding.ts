import type { ApiSpec, ParameterSpec } from '../spec.js';
import type { JsonParse } from './body-decoding.js';
import { allowsExtraProperties, getOwn, propertySchemas } from './schema-util.js';

/** The raw strings of one request, by location. */
export interface RawParameters {
  path: Record<string, string>;
  /** Query pairs in order (repeated keys kept). */
  query: Array<[string, string]>;
  headers: Record<string, string | string[] | undefined>;
  cookies: Record<string, string>;
}

export type Decoded = { ok: true; value: unknown } | { ok: false; message: string } | undefined;

/** Query keys that belong to a declared parameter (or a query API key), so a form+explode object
 * parameter does not collect them as leftovers. */
export interface QueryClaims {
  names: Set<string>;
  /** `deep[` for each deepObject parameter `deep`. */
  prefixes: string[];
}

export function claimsKey(claims: QueryClaims, key: string): boolean {
  return claims.names.has(key) || claims.prefixes.some((prefix) => key.startsWith(prefix));
}

/** Splits `k1,v1,k2,v2` (or with another separator) into an object. */
function pairs(items: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < items.length; i += 2) out[items[i] as string] = items[i + 1] as string;
  return out;
}

/** Splits `k1=v1<sep>k2=v2` into an object. */
function assignments(items: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq > 0) out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

const DELIMITERS: Record<string, string> = { form: ',', spaceDelimited: ' ', pipeDelimited: '|', simple: ',' };

/** Decodes a single string (path, header, cookie, or one query value) per style/explode/shape. */
function decodeString(p: ParameterSpec, raw: string): unknown {
  let s = raw;
  if (p.style === 'label') {
    if (!s.startsWith('.')) return p.shape === 'primitive' ? s : s === '' ? [] : s;
    s = s.slice(1);
    if (p.shape === 'primitive') return s;
    // explode: false is `.a,b` in OpenAPI 3.0.4 / 3.1.1 (RFC 6570 `{.list}`), but `.a.b` in the
    // style table of 3.0.0–3.0.3: without a comma, the dots separate the items.
    const sep = p.explode || !s.includes(',') ? '.' : ',';
    if (p.shape === 'array') return s === '' ? [] : s.split(sep);
    return p.explode ? assignments(s.split('.')) : pairs(s.split(sep));
  }
  if (p.style === 'matrix') {
    const prefix = `;${p.name}=`;
    if (p.shape === 'object' && p.explode) return assignments(s.replace(/^;/, '').split(';'));
    if (p.shape === 'array' && p.explode) {
      return s
        .split(';')
        .filter((part) => part.startsWith(`${p.name}=`))
        .map((part) => part.slice(p.name.length + 1));
    }
    if (s.startsWith(prefix)) s = s.slice(prefix.length);
    else if (s === `;${p.name}`) s = '';
    if (p.shape === 'primitive') return s;
    if (p.shape === 'array') return s === '' ? [] : s.split(',');
    return pairs(s.split(','));
  }
  const sep = DELIMITERS[p.style] ?? ',';
  const trim = p.in === 'header' ? (x: string) => x.trim() : (x: string) => x;
  if (p.shape === 'primitive') return s;
  if (p.shape === 'array') return s === '' ? [] : s.split(sep).map(trim);
  if (p.explode && p.style === 'simple') return assignments(s.split(',').map(trim));
  return pairs(s.split(sep).map(trim));
}

const REPEATED: Decoded = { ok: false, message: 'is given more than once' };

function decodeQuery(api: ApiSpec, p: ParameterSpec, query: Array<[string, string]>, claims: QueryClaims, parseJson: JsonParse): Decoded {
  const values = query.filter(([k]) => k === p.name).map(([, v]) => v);
  if (p.contentType !== undefined) {
    if (values.length > 1) return REPEATED;
    return values[0] === undefined ? undefined : parseJson(values[0]);
  }
  if (p.shape === 'object' && p.style === 'deepObject') {
    const prefix = `${p.name}[`;
    const out: Record<string, unknown> = {};
    let found = false;
    for (const [k, v] of query) {
      if (!k.startsWith(prefix) || !k.endsWith(']')) continue;
      const keys = k.slice(prefix.length, -1).split('][');
      let target = out;
      for (const key of keys.slice(0, -1)) {
        if (key === '__proto__' || key === 'constructor' || key === 'prototype') break;
        const next = target[key];
        target = (typeof next === 'object' && next !== null ? next : (target[key] = {})) as Record<string, unknown>;
      }
      const leaf = keys[keys.length - 1] as string;
      if (leaf === '__proto__' || leaf === 'constructor' || leaf === 'prototype') continue;
      target[leaf] = v;
      found = true;
    }
    return found ? { ok: true, value: out } : undefined;
  }
  if (p.shape === 'object' && p.explode) {
    const known = Object.keys(propertySchemas(api, p.schema));
    const extra = allowsExtraProperties(api, p.schema);
    const out: Record<string, string> = {};
    let found = false;
    for (const [k, v] of query) {
      if (k in out || claimsKey(claims, k) || !(known.includes(k) || extra)) continue;
      if (k === '__proto__') continue;
      out[k] = v;
      found = true;
    }
    return found ? { ok: true, value: out } : undefined;
  }
  if (values.length === 0) return undefined;
  if (p.shape === 'array' && p.explode) return { ok: true, value: values };
  // `explode: false` arrays sent as repeated keys (`?ids=1&ids=2`, openapi-fetch's default): every
  // value counts. A repeated primitive or object has no such reading: refuse rather than pick one.
  if (p.shape === 'array') return { ok: true, value: values.flatMap((v) => decodeString(p, v) as string[]) };
  if (values.length > 1) return REPEATED;
  return { ok: true, value: decodeString(p, values[0] as string) };
}

/** Decodes one declared parameter from the raw request; `undefined` when absent. `content`
 * parameters are parsed with the body's secure JSON parser (`__proto__` refused). */
export function decodeParameter(api: ApiSpec, p: ParameterSpec, raw: RawParameters, claims: QueryClaims, parseJson: JsonParse): Decoded {
  if (p.in === 'query') return decodeQuery(api, p, raw.query, claims, parseJson);
  let value: string | undefined;
  if (p.in === 'path') value = getOwn(raw.path, p.name);
  else if (p.in === 'cookie') value = getOwn(raw.cookies, p.name);
  else {
    const h = getOwn(raw.headers as Record<string, string | string[] | undefined>, p.name.toLowerCase());
    value = Array.isArray(h) ? h.join(', ') : h;
  }
  if (value === undefined) return undefined;
  if (p.contentType !== undefined) return parseJson(value);
  return { ok: true, value: decodeString(p, value) };
}

/** Reads the raw query pairs from a request URL (`+` is a space, as in forms). */
export function rawQuery(url: string): Array<[string, string]> {
  const q = url.indexOf('?');
  if (q < 0) return [];
  return [...new URLSearchParams(url.slice(q + 1))];
}
