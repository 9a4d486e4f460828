import type { ApiSpec, ParameterSpec } from '../spec.js';
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
    const sep = p.explode ? '.' : ',';
    if (p.shape === 'primitive') return s;
    if (p.shape === 'array') return s === '' ? [] : s.split(sep);
    return p.explode ? assignments(s.split('.')) : pairs(s.split(','));
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

function parseContent(raw: string): Decoded {
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false, message: 'is not valid JSON' };
  }
}

function decodeQuery(api: ApiSpec, p: ParameterSpec, query: Array<[string, string]>, claimed: Set<string>): Decoded {
  const values = query.filter(([k]) => k === p.name).map(([, v]) => v);
  if (p.contentType !== undefined) return values[0] === undefined ? undefined : parseContent(values[0]);
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
      if (k in out || claimed.has(k) || !(known.includes(k) || extra)) continue;
      if (k === '__proto__') continue;
      out[k] = v;
      found = true;
    }
    return found ? { ok: true, value: out } : undefined;
  }
  if (values.length === 0) return undefined;
  if (p.shape === 'array' && p.explode) return { ok: true, value: values };
  return { ok: true, value: decodeString(p, values[0] as string) };
}

/** Decodes one declared parameter from the raw request; `undefined` when absent. */
export function decodeParameter(api: ApiSpec, p: ParameterSpec, raw: RawParameters, claimedQueryKeys: Set<string>): Decoded {
  if (p.in === 'query') return decodeQuery(api, p, raw.query, claimedQueryKeys);
  let value: string | undefined;
  if (p.in === 'path') value = getOwn(raw.path, p.name);
  else if (p.in === 'cookie') value = getOwn(raw.cookies, p.name);
  else {
    const h = getOwn(raw.headers as Record<string, string | string[] | undefined>, p.name.toLowerCase());
    value = Array.isArray(h) ? h.join(', ') : h;
  }
  if (value === undefined) return undefined;
  if (p.contentType !== undefined) return parseContent(value);
  return { ok: true, value: decodeString(p, value) };
}

/** Reads the raw query pairs from a request URL (`+` is a space, as in forms). */
export function rawQuery(url: string): Array<[string, string]> {
  const q = url.indexOf('?');
  if (q < 0) return [];
  return [...new URLSearchParams(url.slice(q + 1))];
}
