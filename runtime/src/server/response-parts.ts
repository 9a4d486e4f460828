/**
 * multipart/form-data and x-www-form-urlencoded responses (issue 12.11, shared decision): one part
 * per property the schema declares (writeOnly ones and undeclared ones are not sent, as with JSON),
 * binary values as file parts, objects as JSON parts serialized with their own schema, arrays as
 * repeated parts. A hand-written encoder: the web FormData cannot give a JSON part its media type
 * without making it a file.
 */
import { randomBytes } from 'node:crypto';
import type { ApiSpec, MediaSpec } from '../spec.js';
import { fail, serialize, type EncodedBody, type Serializer } from './response-body.js';
import { isFreeFormObject, serializerSchema } from './serializer-schema.js';
import { getOwn, propertySchemas, resolveSchema, schemaTypes } from './schema-util.js';

interface PartSpec {
  /** Serializer for a JSON part of this property (the item schema for arrays). */
  serializer: object | undefined;
  isArray: boolean;
  /** `encoding.<name>.contentType`. */
  contentType: string | undefined;
}

export interface PartPlan {
  properties: Map<string, PartSpec>;
  /** Properties the schema does not name: dropped, kept as they are (free-form), or per `additionalProperties`. */
  rest: 'drop' | PartSpec;
}

const ANY: PartSpec = { serializer: undefined, isArray: true, contentType: undefined };

function partSpec(api: ApiSpec, media: MediaSpec, name: string | undefined, schema: unknown, components: Record<string, unknown>): PartSpec {
  const s = resolveSchema(api, schema as never);
  const isArray = schemaTypes(api, s).includes('array');
  return {
    serializer: serializerSchema(api, (isArray ? s['items'] : schema) as never, components),
    isArray,
    contentType: name === undefined ? undefined : getOwn(media.encoding, name)?.contentType,
  };
}

export function compilePartPlan(api: ApiSpec, media: MediaSpec, components: Record<string, unknown>): PartPlan {
  const properties = new Map<string, PartSpec>();
  if (media.schema === undefined || media.schema === true) return { properties, rest: ANY };
  for (const [name, sub] of Object.entries(propertySchemas(api, media.schema))) {
    if (resolveSchema(api, sub)['writeOnly'] !== true) properties.set(name, partSpec(api, media, name, sub, components));
  }
  const s = resolveSchema(api, media.schema);
  const additional = s['additionalProperties'];
  const rest = additional === true || isFreeFormObject(s) ? ANY : typeof additional === 'object' && additional !== null ? partSpec(api, media, undefined, additional, components) : 'drop';
  return { properties, rest };
}

type Part = { name: string; value: unknown; spec: PartSpec };

function* partsOf(plan: PartPlan, body: Record<string, unknown>): Generator<Part> {
  for (const [name, value] of Object.entries(body)) {
    if (value === undefined) continue;
    const spec = plan.properties.get(name) ?? (plan.rest === 'drop' ? undefined : plan.rest);
    if (!spec) continue;
    if (Array.isArray(value) && spec.isArray) for (const item of value) yield { name, value: item, spec };
    else yield { name, value, spec };
  }
}

function jsonPart(part: Part, reply: Serializer): string {
  try {
    const text = part.spec.serializer ? serialize(reply, part.value, part.spec.serializer) : JSON.stringify(part.value);
    if (text !== undefined) return text;
  } catch {
    // reported below
  }
  return fail({ in: 'body', pointer: `/${part.name}`, message: 'cannot be serialized by its schema' });
}

/** WHATWG's multipart/form-data escaping of names and filenames. */
function quoted(text: string): string {
  return `"${text.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22')}"`;
}

function safeType(type: string): string {
  return type.replace(/[\r\n]/g, '');
}

export async function encodeMultipart(plan: PartPlan, body: Record<string, unknown>, reply: Serializer): Promise<EncodedBody> {
  const boundary = `----contractgen-${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  const add = (name: string, data: Buffer | string, type: string | undefined, filename?: string): void => {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name=${quoted(name)}`;
    if (filename !== undefined) head += `; filename=${quoted(filename)}`;
    if (type !== undefined) head += `\r\nContent-Type: ${safeType(type)}`;
    chunks.push(Buffer.from(`${head}\r\n\r\n`), typeof data === 'string' ? Buffer.from(data) : data, Buffer.from('\r\n'));
  };
  for (const part of partsOf(plan, body)) {
    const { name, value, spec } = part;
    if (value instanceof Blob) {
      const filename = typeof (value as File).name === 'string' && (value as File).name !== '' ? (value as File).name : name;
      add(name, Buffer.from(await value.arrayBuffer()), value.type || spec.contentType || 'application/octet-stream', filename);
    } else if (value instanceof Uint8Array) {
      add(name, Buffer.from(value.buffer, value.byteOffset, value.byteLength), spec.contentType ?? 'application/octet-stream', name);
    } else if (typeof value === 'string') {
      add(name, value, spec.contentType);
    } else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
      add(name, String(value), spec.contentType);
    } else if (typeof value === 'object') {
      if (typeof (value as { pipe?: unknown }).pipe === 'function') fail({ in: 'body', pointer: `/${name}`, message: 'a stream cannot be a multipart part; use a Buffer or a Blob' });
      add(name, jsonPart(part, reply), spec.contentType ?? 'application/json');
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, payload: Buffer.concat(chunks) };
}

export function encodeForm(plan: PartPlan, body: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const { name, value } of partsOf(plan, body)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') params.append(name, String(value));
    else if (value !== null) fail({ in: 'body', pointer: `/${name}`, message: 'a form field must be a string, number or boolean' });
  }
  return params.toString();
}
