import { isUtf8 } from 'node:buffer';
import type { ApiSpec, EncodingSpec, JsonSchema, MediaSpec } from '../spec.js';
import { propertySchemas, schemaTypes, textBodyType } from './schema-util.js';

/** Parses JSON text safely (Fastify's secure-json-parse: `__proto__` / `constructor.prototype` rejected). */
export type JsonParse = (text: string) => { ok: true; value: unknown } | { ok: false; message: string };

export type BodyResult = { ok: true; value: unknown } | { ok: false; pointer: string; message: string };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Shapes repeated form/multipart fields into an object per the body schema: array properties keep
 * every value (comma-split when the encoding says `explode: false`), others the first;
 * `deepObject` fields (`a[b]=1`) become nested objects; parts whose encoding (or schema type)
 * says JSON are parsed.
 */
export function shapeFields(
  api: ApiSpec,
  media: MediaSpec,
  fields: Array<[string, unknown]>,
  parseJson: JsonParse,
): BodyResult {
  const props = propertySchemas(api, media.schema);
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const grouped = new Map<string, unknown[]>();
  for (const [rawKey, value] of fields) {
    const bracket = rawKey.indexOf('[');
    if (bracket > 0 && rawKey.endsWith(']') && media.encoding?.[rawKey.slice(0, bracket)]?.style === 'deepObject') {
      const name = rawKey.slice(0, bracket);
      const key = rawKey.slice(bracket + 1, -1);
      if (FORBIDDEN_KEYS.has(name) || FORBIDDEN_KEYS.has(key)) continue;
      const target = (out[name] ??= {}) as Record<string, unknown>;
      target[key] = value;
      continue;
    }
    if (FORBIDDEN_KEYS.has(rawKey)) continue;
    const list = grouped.get(rawKey) ?? [];
    list.push(value);
    grouped.set(rawKey, list);
  }
  for (const [name, values] of grouped) {
    const types = schemaTypes(api, props[name]);
    const encoding: EncodingSpec | undefined = media.encoding?.[name];
    if (isJsonField(api, media, name, values)) {
      const parsed: unknown[] = [];
      for (const v of values) {
        const text = typeof v === 'string' ? v : undefined;
        if (text === undefined) {
          parsed.push(v);
          continue;
        }
        const r = parseJson(text);
        if (!r.ok) return { ok: false, pointer: `/${name}`, message: r.message };
        parsed.push(r.value);
      }
      out[name] = types.includes('array') && !(parsed.length === 1 && Array.isArray(parsed[0])) ? parsed : parsed[0];
      continue;
    }
    if (types.includes('array')) {
      const only = values[0];
      out[name] = values.length === 1 && typeof only === 'string' && encoding?.explode === false
        ? only.split(encoding.style === 'pipeDelimited' ? '|' : encoding.style === 'spaceDelimited' ? ' ' : ',')
        : values;
    } else {
      out[name] = values[0];
    }
  }
  return { ok: true, value: { ...out } };
}

function isJsonText(v: unknown): boolean {
  return typeof v === 'string' && v.trimStart().startsWith('[');
}

/** Whether the form/multipart field `name` carries JSON: its encoding says so, or (multipart) its
 * schema is an object (or an array sent as one JSON text). */
function isJsonField(api: ApiSpec, media: MediaSpec, name: string, values: unknown[]): boolean {
  const encoding: EncodingSpec | undefined = media.encoding?.[name];
  if (encoding?.contentType !== undefined) return /[/+]json$/i.test(encoding.contentType.split(';')[0]?.trim() ?? '');
  const types = schemaTypes(api, propertySchemas(api, media.schema)[name] as JsonSchema | undefined);
  return media.kind === 'multipart' && (types.includes('object') || (types.includes('array') && values.length === 1 && isJsonText(values[0])));
}

/** Multipart JSON parts that arrived as file parts (with a filename) are read as text, for {@link shapeFields}. */
export async function readJsonFileParts(api: ApiSpec, media: MediaSpec, entries: Array<[string, string | File]>): Promise<Array<[string, string | File]>> {
  const byName = new Map<string, unknown[]>();
  for (const [name, value] of entries) byName.set(name, [...(byName.get(name) ?? []), value]);
  const json = new Set([...byName].filter(([name, values]) => values.some(isFile) && isJsonField(api, media, name, values)).map(([name]) => name));
  if (json.size === 0) return entries;
  return Promise.all(entries.map(async ([name, value]): Promise<[string, string | File]> => [name, json.has(name) && isFile(value) ? await value.text() : value]));
}

/** A multipart file part as handlers receive it: a web-standard `File`. */
export function isFile(value: unknown): value is File {
  return value instanceof File;
}

/** @deprecated Handlers receive web-standard `File`s; kept for source compatibility. */
export interface UploadedFile {
  filename: string;
  mimetype: string;
  data: Buffer;
}

const DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** A plain decimal (no `0x10`, `1_0`, ` 12`, `Infinity`) that is a finite double (`1e999` is not). */
export function isFiniteDecimal(text: string): boolean {
  return DECIMAL.test(text) && Number.isFinite(Number(text));
}

/** A text body per its schema's type: the text, or the number/boolean it spells (issue 12.8). */
function decodeText(api: ApiSpec, media: MediaSpec, text: string): BodyResult {
  const type = textBodyType(api, media.schema);
  if (type === 'string' || type === 'opaque') return { ok: true, value: text };
  const t = text.trim();
  if (type === 'boolean') return t === 'true' || t === 'false' ? { ok: true, value: t === 'true' } : { ok: false, pointer: '', message: 'must be true or false' };
  return isFiniteDecimal(t) ? { ok: true, value: Number(t) } : { ok: false, pointer: '', message: `must be ${type === 'integer' ? 'an integer' : 'a number'} (a plain decimal)` };
}


/**
 * Decodes a buffered (non-multipart) body for the matched media type: the bytes, or — JSON media
 * types, utf8-body.ts — the text they were valid UTF-8 for.
 */
export function decodeBody(api: ApiSpec, media: MediaSpec, body: Buffer | string, parseJson: JsonParse): BodyResult {
  if (typeof body === 'string') {
    if (media.kind === 'json') {
      const r = parseJson(body);
      return r.ok ? r : { ok: false, pointer: '', message: r.message };
    }
    // a JSON media type's parser read it, for a media range (`application/*`) of another kind: its bytes again (valid UTF-8 round-trips)
    return decodeBody(api, media, Buffer.from(body, 'utf8'), parseJson);
  }
  const raw = body;
  switch (media.kind) {
    case 'json': {
      // JSON is UTF-8 (RFC 8259 §8.1): invalid bytes are refused, not replaced with U+FFFD.
      // (isUtf8 is a byte scan, no copy; a leading BOM is dropped by the JSON parser, as TextDecoder did.)
      if (!isUtf8(raw)) return { ok: false, pointer: '', message: 'is not valid UTF-8' };
      const r = parseJson(raw.toString('utf8'));
      return r.ok ? r : { ok: false, pointer: '', message: r.message };
    }
    case 'text':
      return decodeText(api, media, raw.toString('utf8'));
    case 'form':
      return shapeFields(api, media, [...new URLSearchParams(raw.toString('utf8'))], parseJson);
    default:
      return { ok: true, value: raw };
  }
}
