/**
 * Model -> the runtime's ApiSpec descriptor. The server gets full JSON Schemas
 * (2020-12, components under `schemaId`); the client gets a slim copy with
 * only what serialization and parsing need (no validation schemas), so client
 * bundles stay small.
 */
import type { ApiSpec, JsonSchema, MediaSpec, OperationSpec } from '@contractgen/runtime/spec';
import type { ApiModel, MediaModel, OperationModel, SchemaObject } from '../model/types.js';
import { dataLiteral, jsonParseText } from '../escape.js';
import type { JsonSchemaConverter } from '../normalize/json-schema.js';

export const SCHEMA_ID = 'contractgen:api';

/** Where the descriptor builders get their converter: a fresh one per call (emit/context.ts), so no emitter sees another's state. */
export interface SchemaSource {
  jsonSchemas(): JsonSchemaConverter;
}

/**
 * Pieces of the server descriptor's text kept between runs (watch mode): each converted
 * component's JSON and its jsonParse text, by the converted object (the converter memo hands
 * out the same object while a component is unchanged); each operation's jsonParse text, by its
 * JSON (operation specs are rebuilt every run, so they are matched by content; only the last
 * run's are kept).
 */
export interface PieceMemo {
  schemas: WeakMap<object, { length: number; text: string }>;
  operations: Map<string, string>;
}

export function createPieceMemo(): PieceMemo {
  return { schemas: new WeakMap(), operations: new Map() };
}

/**
 * The server descriptor as code: exactly `dataLiteral(serverApiSpec(model, source))`, with
 * the JSON text of each converted component schema taken from `pieces` while its object is
 * the one converted before (watch mode), so an edit re-serializes only what it changed.
 */
export function serverSpecLiteral(model: ApiModel, source: SchemaSource & { pieces?: PieceMemo }, threshold = 100_000): string {
  return serverSpecPieces(model, source, threshold).join('');
}

/** {@link serverSpecLiteral} as a list of pieces (the reused JSON texts stay the same strings: write.ts compares them by reference). */
export function serverSpecPieces(model: ApiModel, source: SchemaSource & { pieces?: PieceMemo }, threshold = 100_000): string[] {
  const spec = serverApiSpec(model, source);
  const pieces = source.pieces;
  if (!pieces) return [dataLiteral(spec, threshold)];
  let length = 0;
  const texts: string[] = [];
  const add = (json: string) => ((length += json.length), texts.push(jsonParseText(json)));
  /** A record written entry by entry, each value's piece (its JSON length and jsonParse text) from `piece`. */
  const addRecord = (record: Record<string, unknown>, piece: (value: unknown) => { length: number; text: string }) => {
    const items = Object.entries(record).filter(([, v]) => v !== undefined);
    if (items.length === 0) return void add('{}');
    items.forEach(([name, value], j) => {
      add(`${j === 0 ? '{' : ','}${JSON.stringify(name)}:`);
      const got = piece(value);
      length += got.length;
      texts.push(got.text);
    });
    add('}');
  };
  // component schemas by the converted object; operations by their JSON (rebuilt every run; only the last run's kept)
  const schemaPiece = (schema: unknown) => {
    const object = schema !== null && typeof schema === 'object';
    let got = object ? pieces.schemas.get(schema) : undefined;
    if (!got) {
      const json = JSON.stringify(schema);
      got = { length: json.length, text: jsonParseText(json) };
      if (object) pieces.schemas.set(schema, got);
    }
    return got;
  };
  const operations = new Map<string, string>();
  const operationPiece = (op: unknown) => {
    const json = JSON.stringify(op);
    const text = pieces.operations.get(json) ?? jsonParseText(json);
    operations.set(json, text);
    return { length: json.length, text };
  };
  const entries = Object.entries(spec).filter(([, v]) => v !== undefined);
  entries.forEach(([key, value], i) => {
    add(`${i === 0 ? '{' : ','}${JSON.stringify(key)}:`);
    if (key === 'operations') addRecord(value as Record<string, unknown>, operationPiece);
    else if (key === 'schemas') addRecord(value as Record<string, unknown>, schemaPiece);
    else add(JSON.stringify(value));
  });
  pieces.operations = operations;
  add(entries.length === 0 ? '{}' : '}');
  // (the form escape.ts jsonParse writes)
  return length < threshold ? [dataLiteral(spec, threshold)] : ["JSON.parse('", ...texts, "')"];
}

export function serverApiSpec(model: ApiModel, source: SchemaSource): ApiSpec {
  const converter = source.jsonSchemas();
  const js = (s: SchemaObject | undefined) => converter.convert(s) as JsonSchema;
  const jsWrite = (s: SchemaObject | undefined) => converter.convert(s, 'write') as JsonSchema;
  const operations: Record<string, OperationSpec> = {};
  for (const op of model.operations) {
    operations[op.name] = operationSpec(op, js, (m) => mediaSpec(m, js), (m) => mediaSpec(m, jsWrite));
  }
  return base(model, operations, converter.components as Record<string, JsonSchema>);
}

export function clientApiSpec(model: ApiModel, source: SchemaSource): ApiSpec {
  const converter = source.jsonSchemas();
  const slim = (s: SchemaObject | undefined): JsonSchema => slimSchema(converter.convert(s), converter.components);
  const operations: Record<string, OperationSpec> = {};
  for (const op of model.operations) {
    const media = (m: MediaModel): MediaSpec => ({ mediaType: m.mediaType, kind: m.kind, ...(m.encoding ? { encoding: m.encoding } : {}), ...streamSpec(m) });
    // a streamed response carries its item schema, self-contained, for the client's `validateStreams`
    const itemSchema = (s: SchemaObject | undefined): JsonSchema => standaloneSchema(converter.convert(s), converter.components);
    const responseMedia = (m: MediaModel): MediaSpec => {
      const shape = responseShape(m, converter);
      return { ...media(m), ...(shape === undefined ? {} : { schema: shape }), ...streamSpec(m, itemSchema) };
    };
    operations[op.name] = operationSpec(op, slim, responseMedia, media);
  }
  return base(model, operations, {});
}

function base(model: ApiModel, operations: Record<string, OperationSpec>, schemas: Record<string, JsonSchema>): ApiSpec {
  return {
    title: model.title,
    version: model.version,
    servers: model.servers,
    securitySchemes: model.securitySchemes,
    schemaId: SCHEMA_ID,
    schemas,
    operations,
  };
}

function operationSpec(
  op: OperationModel,
  schema: (s: SchemaObject | undefined) => JsonSchema,
  media: (m: MediaModel) => MediaSpec,
  requestMedia: (m: MediaModel) => MediaSpec,
): OperationSpec {
  return {
    operationId: op.operationId,
    name: op.name,
    method: op.method,
    path: op.path,
    parameters: op.parameters.map((p) => ({
      name: p.name,
      in: p.in,
      required: p.required,
      style: p.style,
      explode: p.explode,
      allowReserved: p.allowReserved,
      shape: p.shape,
      schema: schema(p.schema),
      ...(p.contentType ? { contentType: p.contentType } : {}),
      ...(p.deprecated ? { deprecated: true } : {}),
    })),
    ...(op.requestBody ? { requestBody: { required: op.requestBody.required, ...(op.requestBody.stream ? { stream: true } : {}), content: op.requestBody.content.map(requestMedia) } } : {}),
    responses: op.responses.map((r) => ({
      status: r.status,
      content: r.content.map(media),
      headers: r.headers.map((h) => ({ name: h.name, required: h.required, schema: schema(h.schema) })),
    })),
    security: op.security,
    ...(op.deprecated ? { deprecated: true } : {}),
    tags: op.tags,
  };
}

function mediaSpec(m: MediaModel, schema: (s: SchemaObject | undefined) => JsonSchema): MediaSpec {
  return { mediaType: m.mediaType, kind: m.kind, ...(m.schema !== undefined ? { schema: schema(m.schema) } : {}), ...(m.encoding ? { encoding: m.encoding } : {}), ...streamSpec(m, schema) };
}

/** A streamed media type's format (SSE data kind), and the item schema to validate each item with (server; client responses). */
function streamSpec(m: MediaModel, schema?: (s: SchemaObject | undefined) => JsonSchema): Pick<MediaSpec, 'stream'> {
  if (!m.stream) return {};
  const { format, data, itemSchema } = m.stream;
  return { stream: { format, ...(data ? { data } : {}), ...(schema ? { schema: schema(itemSchema) } : {}) } };
}

/**
 * What the client checks a response body against (runtime/src/client/body-shape.ts): the
 * top-level `type` and `required` (writeOnly properties excluded) of JSON and multipart
 * bodies, the properties' `type`/`items` of multipart ones, the primitive type of text
 * ones (`number`/`integer`/`boolean`). Undefined when there is nothing to check.
 */
function responseShape(m: MediaModel, converter: JsonSchemaConverter): JsonSchema | undefined {
  if (m.schema === undefined || m.kind === 'form' || m.kind === 'binary') return undefined;
  const components = converter.components;
  const schema = resolveRef(converter.convert(m.schema), components);
  if (!schema) return undefined;
  const out: Record<string, unknown> = {};
  if (schema['type'] !== undefined) out['type'] = schema['type'];
  if (m.kind === 'text') {
    const types = [out['type']].flat();
    return types.some((t) => t === 'number' || t === 'integer' || t === 'boolean') ? out : undefined;
  }
  const properties = schema['properties'] && typeof schema['properties'] === 'object' ? (schema['properties'] as Record<string, unknown>) : {};
  const required = Array.isArray(schema['required'])
    ? schema['required'].filter((name): name is string => typeof name === 'string' && resolveRef(ownValue(properties, name), components)?.['writeOnly'] !== true)
    : [];
  if (required.length > 0) out['required'] = required;
  if (m.kind === 'multipart') {
    const slimProperties: Record<string, JsonSchema> = {};
    for (const name of Object.keys(properties)) {
      Object.defineProperty(slimProperties, name, { value: slimSchema(properties[name], components), enumerable: true, writable: true, configurable: true });
    }
    if (Object.keys(slimProperties).length > 0) out['properties'] = slimProperties;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

function ownValue(object: Record<string, unknown>, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, name) ? object[name] : undefined;
}

/** The schema a `$ref` names (a few levels deep), or the schema itself. */
function resolveRef(schema: unknown, components: Record<string, unknown>, depth = 0): Record<string, unknown> | undefined {
  if (!schema || typeof schema !== 'object' || depth > 4) return undefined;
  const ref = (schema as Record<string, unknown>)['$ref'];
  if (typeof ref !== 'string') return schema as Record<string, unknown>;
  const name = decodeURIComponent(ref.split('/').pop() ?? '');
  return resolveRef(ownValue(components, name), components, depth + 1);
}

/** Keeps only `type` (and `items.type`), following one `$ref` level, for coercing parameters and headers. */
function slimSchema(schema: unknown, components: Record<string, unknown>, depth = 0): JsonSchema {
  if (!schema || typeof schema !== 'object' || depth > 4) return {};
  const s = schema as Record<string, unknown>;
  const ref = s['$ref'];
  if (typeof ref === 'string') {
    const name = decodeURIComponent(ref.split('/').pop() ?? '');
    return Object.prototype.hasOwnProperty.call(components, name) ? slimSchema(components[name], components, depth + 1) : {};
  }
  const out: Record<string, unknown> = {};
  if (s['type'] !== undefined) out['type'] = s['type'];
  if (s['items'] !== undefined) out['items'] = slimSchema(s['items'], components, depth + 1);
  return out;
}

const COMPONENT_REF = `${SCHEMA_ID}#/components/schemas/`;

/**
 * `schema` with every component it reaches (transitively) under `$defs` and its refs pointing
 * there: a schema the client can compile on its own (the client descriptor has no component map).
 * A required property that is writeOnly is not required (a response leaves it out).
 */
function standaloneSchema(schema: unknown, components: Record<string, unknown>): JsonSchema {
  const defs: Record<string, unknown> = {};
  const seen = new Set<string>();
  const pending: string[] = [];
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (!value || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      let next: unknown;
      if (key === '$ref' && typeof v === 'string' && v.startsWith(COMPONENT_REF)) {
        const segment = v.slice(COMPONENT_REF.length);
        const name = decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
        if (!seen.has(name)) {
          seen.add(name);
          pending.push(name);
        }
        next = `#/$defs/${segment}`;
      } else next = walk(v);
      Object.defineProperty(out, key, { value: next, enumerable: true, writable: true, configurable: true });
    }
    return withoutWriteOnlyRequired(out, components);
  };
  const root = walk(schema) as Record<string, unknown>;
  while (pending.length > 0) {
    const name = pending.shift()!;
    Object.defineProperty(defs, name, { value: walk(ownValue(components, name) ?? {}), enumerable: true, writable: true, configurable: true });
  }
  return (Object.keys(defs).length === 0 ? root : { ...root, $defs: defs }) as JsonSchema;
}

function withoutWriteOnlyRequired(schema: Record<string, unknown>, components: Record<string, unknown>): Record<string, unknown> {
  const required = schema['required'];
  const properties = schema['properties'];
  if (!Array.isArray(required) || !properties || typeof properties !== 'object') return schema;
  const kept = required.filter((name) => typeof name !== 'string' || resolveRef(ownValue(properties as Record<string, unknown>, name), components)?.['writeOnly'] !== true);
  return kept.length === required.length ? schema : { ...schema, required: kept };
}
