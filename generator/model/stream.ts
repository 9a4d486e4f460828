/**
 * Sequential media types streamed item by item (issue 18): `text/event-stream` (SSE events),
 * JSON Lines / NDJSON and JSON text sequences (RFC 7464). The item schema is OpenAPI 3.2's
 * `itemSchema`, else the items of an array `schema` (3.2: `schema` covers the whole stream as an
 * array), else — the 3.0/3.1 convention for event streams — `schema` describes one item (for SSE:
 * the event's `data`).
 *
 * SSE item schemas describe the event (`{ data, event, id, retry }`, data a string). A `data`
 * with `contentMediaType: application/json` is JSON text: its `contentSchema` is the decoded type;
 * a `data` whose schema is not a string (an object, a `$ref` to one) is read as JSON too. The
 * item schema handlers and clients see is the event with `data` decoded; only the event's own
 * properties are read (variants of the event under oneOf/anyOf are not decoded one by one).
 */
import { SpecError } from '../diagnostics.js';
import type { ApiModel, SchemaObject, StreamModel } from './types.js';

type Obj = Record<string, unknown>;

export function streamFormat(mediaType: string): StreamModel['format'] | undefined {
  const mt = mediaType.toLowerCase().split(';')[0]!.trim();
  if (mt === 'text/event-stream') return 'sse';
  if (mt === 'application/jsonl' || mt === 'application/x-ndjson' || mt === 'application/x-jsonlines' || mt === 'application/jsonlines') return 'jsonl';
  if (mt === 'application/json-seq' || mt.endsWith('+json-seq')) return 'json-seq';
  return undefined;
}

/**
 * The stream model of one media type object, or undefined when it is not a sequential type.
 * `is32`: the document is OpenAPI 3.2 (`schema` is the whole stream there).
 */
export function streamModel(mediaType: string, media: Obj, is32: boolean, deref: (v: unknown) => unknown): StreamModel | undefined {
  const format = streamFormat(mediaType);
  if (!format) return undefined;
  const itemSchema = media['itemSchema'] as SchemaObject | undefined;
  const schema = media['schema'] as SchemaObject | undefined;
  const arrayItems = schema !== undefined ? itemsOf(deref(schema)) : undefined;
  if (format !== 'sse') return { format, itemSchema: itemSchema ?? arrayItems ?? schema ?? {} };
  const event = itemSchema ?? (is32 ? arrayItems : undefined);
  if (event !== undefined) return sseFromEvent(event, deref);
  // 3.0/3.1 (or a 3.2 non-array schema): the schema is the event's data
  const data = schema ?? { type: 'string' };
  return { format, data: isStringSchema(deref(data)) ? 'text' : 'json', itemSchema: eventSchema(data, {}, ['data']) };
}

function sseFromEvent(event: SchemaObject, deref: (v: unknown) => unknown): StreamModel {
  const resolved = obj(deref(event));
  const properties = obj(resolved['properties']);
  const required = Array.isArray(resolved['required']) ? resolved['required'].filter((r): r is string => typeof r === 'string') : [];
  const rawData = properties['data'] as SchemaObject | undefined;
  const data = obj(deref(rawData));
  let decoded: SchemaObject;
  let kind: 'json' | 'text';
  if (typeof data['contentMediaType'] === 'string' && /(^application\/json$)|(\+json$)/i.test(data['contentMediaType'].split(';')[0]!.trim())) {
    kind = 'json';
    decoded = (data['contentSchema'] as SchemaObject | undefined) ?? {};
  } else if (rawData === undefined || isStringSchema(data)) {
    kind = 'text';
    decoded = rawData ?? { type: 'string' };
  } else {
    kind = 'json';
    decoded = rawData;
  }
  return { format: 'sse', data: kind, itemSchema: eventSchema(decoded, properties, [...new Set([...required, 'data'])]) };
}

/** The event object schema: `data` as decoded, the other SSE fields as the spec wrote them (or their HTML types). */
function eventSchema(data: SchemaObject, properties: Obj, required: string[]): SchemaObject {
  return {
    type: 'object',
    required,
    properties: {
      data,
      event: properties['event'] ?? { type: 'string' },
      id: properties['id'] ?? { type: 'string' },
      retry: properties['retry'] ?? { type: 'integer', minimum: 0 },
    },
  };
}

function itemsOf(schema: unknown): SchemaObject | undefined {
  const s = obj(schema);
  const types = [s['type']].flat();
  return types.includes('array') && s['items'] !== undefined ? (s['items'] as SchemaObject) : undefined;
}

/** A schema whose only non-null type is string (or one without any type or structure: a string by SSE's rules). */
function isStringSchema(schema: unknown): boolean {
  const s = obj(schema);
  if (s['$ref'] !== undefined) return false;
  const types = [s['type']].flat().filter((t) => t !== undefined && t !== 'null');
  if (types.length === 0) return s['properties'] === undefined && s['items'] === undefined && s['allOf'] === undefined && s['oneOf'] === undefined && s['anyOf'] === undefined;
  return types.every((t) => t === 'string');
}

function obj(value: unknown): Obj {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {};
}

/**
 * The `streamBodies` option (issue 18.4): request bodies streamed without `x-stream` in the spec —
 * `'binary'`, every operation with a binary request body; or the operations named by operationId,
 * their binary bodies and multipart parts (each must exist and take a binary or multipart body,
 * else a USAGE error naming it). A new model: the built one is not changed.
 */
export function withStreamedBodies(model: ApiModel, streamBodies: 'binary' | readonly string[]): ApiModel {
  type Op = ApiModel['operations'][number];
  const takes = (op: Op, kinds: readonly string[]): boolean => op.requestBody?.content.some((m) => kinds.includes(m.kind)) === true;
  let wanted: (op: Op) => boolean;
  if (streamBodies === 'binary') wanted = (op) => takes(op, ['binary']);
  else {
    const ids = new Set(streamBodies);
    for (const id of ids) {
      const op = model.operations.find((o) => o.operationId === id);
      if (op === undefined) throw new SpecError('USAGE', `streamBodies: no operation has operationId ${JSON.stringify(id)}`);
      if (!takes(op, ['binary', 'multipart'])) throw new SpecError('USAGE', `streamBodies: operation ${JSON.stringify(id)} (${op.method} ${op.path}) has no binary or multipart request body to stream`);
    }
    wanted = (op) => ids.has(op.operationId);
  }
  return {
    ...model,
    operations: model.operations.map((op) => (op.requestBody && !op.requestBody.stream && wanted(op) ? { ...op, requestBody: { ...op.requestBody, stream: true } } : op)),
  };
}
