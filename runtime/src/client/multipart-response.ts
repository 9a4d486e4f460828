/**
 * A multipart response decoded into the schema object (shared decision 12.11):
 * text fields as strings (numbers/booleans parsed when the property's schema says
 * so), JSON parts and fields of object/array properties parsed, file parts as
 * `File`, repeated parts (or an `array` property) as arrays.
 */
import type { JsonSchema } from '../spec.js';
import { itemsSchema, parseTextValue, primaryType, propertySchema, matchesShape } from './body-shape.js';
import { ResponseParseError } from './errors.js';
import { decode, mediaKind, type MultipartDecoder } from './response-body.js';

export interface DecodedMultipart {
  body: Record<string, unknown>;
  /** False when a part does not fit its property's schema (or a required part is missing). */
  conforms: boolean;
}

/** The multipart response plugin. */
export const multipartResponse: MultipartDecoder = {
  async parse(bytes, contentType, status) {
    try {
      return await new Response(bytes, { headers: { 'content-type': contentType ?? '' } }).formData();
    } catch (error) {
      throw new ResponseParseError(status, contentType, decode(bytes), { cause: error });
    }
  },
  decode: decodeMultipart,
};

export async function decodeMultipart(form: FormData, schema: JsonSchema | undefined): Promise<DecodedMultipart> {
  const byName = new Map<string, FormDataEntryValue[]>();
  for (const [name, value] of form) {
    const list = byName.get(name);
    if (list === undefined) byName.set(name, [value]);
    else list.push(value);
  }
  const body: Record<string, unknown> = {};
  let conforms = true;
  for (const [name, values] of byName) {
    const property = propertySchema(schema, name);
    const isArray = primaryType(property) === 'array';
    const itemSchema = isArray ? itemsSchema(property) : property;
    const decoded: unknown[] = [];
    for (const value of values) {
      const part = await decodePart(value, itemSchema);
      conforms &&= part.ok;
      decoded.push(part.value);
    }
    if (!isArray && decoded.length > 1 && property !== undefined) conforms = false;
    // own data property even for a part named `__proto__`
    Object.defineProperty(body, name, { value: isArray || decoded.length > 1 ? decoded : decoded[0], enumerable: true, writable: true, configurable: true });
  }
  return { body, conforms: conforms && (schema === undefined || matchesShape(body, schema)) };
}

async function decodePart(value: FormDataEntryValue, schema: JsonSchema | undefined): Promise<{ ok: boolean; value: unknown }> {
  const type = primaryType(schema);
  if (typeof value !== 'string') {
    // a file part: JSON media types are parsed unless the property is a string (binary) one
    const json = mediaKind(value.type) === 'json' && type !== 'string';
    if (!json && type !== 'object' && type !== 'array') return { ok: true, value };
    return parseJson(await value.text(), value);
  }
  if (type === 'object' || type === 'array') return parseJson(value, value);
  return parseTextValue(value, schema);
}

function parseJson(text: string, fallback: unknown): { ok: boolean; value: unknown } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, value: fallback };
  }
}
