/**
 * The parameter serializers for the default styles (simple path, form query) and the value
 * helpers every style shares (`parameters.ts` has the other styles). A module of its own, with
 * no error class: an operation that declares only default-style parameters bundles this alone.
 */
import type { ParameterStyle } from '../spec.js';

export type Encode = (text: string) => string;

/*
 * Copies of encode.ts's two encoders: this module is what a browser app's operations import, and
 * a module both the app and the lazily loaded full client reach (encode.ts: auth, server
 * variables) would put its shared part into a chunk the page loads at start (GitHub one-op app
 * ~90 B gzip). test/runtime/client/micro-copies.test.ts holds them to encode.ts.
 */

/** encode.ts encodeStrict: everything but the unreserved characters, `!'()*` included. */
export function encodeStrict(text: string): string {
  const encoded = encodeURIComponent(text);
  return /[!'()*]/.test(encoded) ? encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`) : encoded;
}

/** encode.ts encodeAllowReserved: reserved characters (but `#`) stay as they are. */
export function encodeAllowReserved(text: string): string {
  return encodeStrict(text).replace(/%(3A|2F|3F|5B|5D|40|21|24|26|27|28|29|2A|2B|2C|3B|3D)/gi, (escape) => decodeURIComponent(escape));
}
export type Entries = Array<[string, string]>;

/** The subset of a ParameterSpec the serializers read (also used for form-body encodings). */
export interface Serialization {
  name: string;
  style: ParameterStyle;
  explode: boolean;
  allowReserved?: boolean;
  contentType?: string;
}

export const identity: Encode = (text) => text;

/** Text of a primitive: numbers and booleans as written, dates as ISO 8601, nested values as JSON. */
export function primitiveText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The text of a content-based parameter (`content: { application/json: … }`). */
export function contentText(contentType: string, value: unknown): string {
  return /json/i.test(contentType) ? JSON.stringify(value) : primitiveText(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

export function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

export function objectEntries(value: Record<string, unknown>, encode: Encode): Entries {
  return Object.entries(value)
    .filter(([, v]) => present(v))
    .map(([k, v]) => [encode(k), encode(primitiveText(v))]);
}

export function items(value: unknown[], encode: Encode): string[] {
  return value.filter(present).map((v) => encode(primitiveText(v)));
}

/** Path parameters that are all `simple` (the default style): what most operations need, without label and matrix. */
export function serializeSimplePathParam(p: Serialization, value: unknown): string {
  return p.contentType !== undefined ? encodeStrict(contentText(p.contentType, value)) : simple(p.explode, value, encodeStrict);
}

export function simple(explode: boolean, value: unknown, enc: Encode): string {
  if (Array.isArray(value)) return items(value, enc).join(',');
  if (isPlainObject(value)) {
    return objectEntries(value, enc)
      .map(([k, v]) => (explode ? `${k}=${v}` : `${k},${v}`))
      .join(',');
  }
  return enc(primitiveText(value));
}

/** Query parameters that are all `form` style (the default) or content-based: without the delimited and deepObject styles. */
export function serializeFormQueryParam(p: Serialization, value: unknown): string | undefined {
  if (!present(value)) return undefined;
  const enc = p.allowReserved === true ? encodeAllowReserved : encodeStrict;
  const name = enc(p.name);
  if (p.contentType !== undefined) return `${name}=${enc(contentText(p.contentType, value))}`;
  if (Array.isArray(value) && value.filter(present).length === 0) return undefined;
  return formPairs(name, p.explode, value, enc, '&');
}

export function formPairs(name: string, explode: boolean, value: unknown, enc: Encode, sep: string): string {
  if (Array.isArray(value)) {
    const list = items(value, enc);
    return explode ? list.map((v) => `${name}=${v}`).join(sep) : `${name}=${list.join(',')}`;
  }
  if (isPlainObject(value)) {
    const entries = objectEntries(value, enc);
    return explode ? entries.map(([k, v]) => `${k}=${v}`).join(sep) : `${name}=${entries.flat().join(',')}`;
  }
  return `${name}=${enc(primitiveText(value))}`;
}
