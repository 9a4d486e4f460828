/**
 * Parameter serialization per OpenAPI 3.1.1 `style`/`explode` (the spec's
 * "Style Examples" table is the test oracle). Values that are `undefined` or
 * `null` are omitted; an empty string is the table's "empty" column.
 */
import type { ParameterSpec } from '../spec.js';
import { encodeAllowReserved, encodeStrict } from './encode.js';
import { InvalidRequestError } from './errors.js';
import {
  contentText,
  formPairs,
  identity,
  isPlainObject,
  items,
  objectEntries,
  present,
  primitiveText,
  serializeFormQueryParam,
  simple,
  type Encode,
  type Entries,
  type Serialization,
} from './param-text.js';

export { primitiveText, serializeFormQueryParam, serializeSimplePathParam, type Serialization } from './param-text.js';

/** Path parameters: simple, label, matrix. The result replaces `{name}`; `/`, `?`, `#` are always encoded. */
export function serializePathParam(p: Serialization, value: unknown): string {
  const enc = encodeStrict;
  if (p.contentType !== undefined) return enc(contentText(p.contentType, value));
  const name = enc(p.name);
  const kv = (entries: Entries, pair: string, sep: string): string => entries.map(([k, v]) => `${k}${pair}${v}`).join(sep);
  switch (p.style) {
    case 'label': {
      if (Array.isArray(value)) return `.${items(value, enc).join(p.explode ? '.' : ',')}`;
      if (isPlainObject(value)) return `.${kv(objectEntries(value, enc), p.explode ? '=' : ',', p.explode ? '.' : ',')}`;
      return `.${enc(primitiveText(value))}`;
    }
    case 'matrix': {
      if (Array.isArray(value)) {
        const list = items(value, enc);
        return p.explode ? list.map((v) => `;${name}=${v}`).join('') : `;${name}=${list.join(',')}`;
      }
      if (isPlainObject(value)) {
        const entries = objectEntries(value, enc);
        return p.explode ? entries.map(([k, v]) => `;${k}=${v}`).join('') : `;${name}=${kv(entries, ',', ',')}`;
      }
      const text = primitiveText(value);
      return text === '' ? `;${name}` : `;${name}=${enc(text)}`;
    }
    case 'simple':
      return simple(p.explode, value, enc);
    default:
      throw new InvalidRequestError(`style ${p.style} is not allowed for path parameter ${p.name}`);
  }
}

/**
 * Query parameters (and form-urlencoded body fields): form, spaceDelimited,
 * pipeDelimited, deepObject. Returns `name=value` pairs already percent-encoded,
 * joined with `&`; undefined when the value is omitted.
 */
export function serializeQueryParam(p: Serialization, value: unknown): string | undefined {
  if (p.style === 'form' || p.contentType !== undefined) return serializeFormQueryParam(p, value);
  if (!present(value)) return undefined;
  const enc = p.allowReserved === true ? encodeAllowReserved : encodeStrict;
  const name = enc(p.name);
  if (Array.isArray(value) && value.filter(present).length === 0) return undefined;
  switch (p.style) {
    case 'spaceDelimited':
    case 'pipeDelimited': {
      const sep = p.style === 'spaceDelimited' ? '%20' : '%7C';
      if (Array.isArray(value)) {
        const list = items(value, enc);
        return p.explode ? list.map((v) => `${name}=${v}`).join('&') : `${name}=${list.join(sep)}`;
      }
      if (isPlainObject(value)) {
        if (p.explode) return objectEntries(value, enc).map(([k, v]) => `${k}=${v}`).join('&');
        return `${name}=${objectEntries(value, enc).flat().join(sep)}`;
      }
      return `${name}=${enc(primitiveText(value))}`;
    }
    case 'deepObject':
      return deepObject(name, value, enc).join('&') || undefined;
    default:
      throw new InvalidRequestError(`style ${p.style} is not allowed for query parameter ${p.name}`);
  }
}

/** `color[R]=100&color[G]=200`, brackets percent-encoded as in OpenAPI 3.1.1; nested objects recurse, arrays repeat. */
function deepObject(prefix: string, value: unknown, enc: Encode): string[] {
  if (Array.isArray(value)) return value.filter(present).flatMap((v) => deepObject(prefix, v, enc));
  if (isPlainObject(value)) {
    return Object.entries(value)
      .filter(([, v]) => present(v))
      .flatMap(([k, v]) => deepObject(`${prefix}%5B${enc(k)}%5D`, v, enc));
  }
  return [`${prefix}=${enc(primitiveText(value))}`];
}

/** Header parameters: simple style, not percent-encoded. Undefined when omitted. */
export function serializeHeaderParam(p: Serialization, value: unknown): string | undefined {
  if (!present(value)) return undefined;
  if (p.contentType !== undefined) return contentText(p.contentType, value);
  return simple(p.explode, value, identity);
}

/**
 * Cookie parameters: form style; values percent-encoded so that `;`, `,` and
 * spaces cannot break the Cookie header. Returns `name=value` pairs (exploded
 * arrays repeat the name, exploded objects use their keys).
 */
export function serializeCookieParam(p: Serialization, value: unknown): string[] {
  if (!present(value)) return [];
  const enc = encodeStrict;
  const name = enc(p.name);
  if (p.contentType !== undefined) return [`${name}=${enc(contentText(p.contentType, value))}`];
  if (Array.isArray(value) && p.explode) return items(value, enc).map((v) => `${name}=${v}`);
  if (isPlainObject(value) && p.explode) return objectEntries(value, enc).map(([k, v]) => `${k}=${v}`);
  return [formPairs(name, false, value, enc, '; ')];
}
