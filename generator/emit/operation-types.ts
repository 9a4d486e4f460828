/**
 * Per-operation request and response types (TypeScript text), shared by the
 * types, server and client emitters. Built from escaped parts only: keys via
 * propKey, literals via str, schema types via openapi-typescript.
 */
import { propKey, str } from '../escape.js';
import type { MediaModel, OperationModel, ParameterModel, ResponseModel, SchemaObject } from '../model/types.js';
import { hasDefault } from './request-defaults.js';
import type { DefaultsView, TsSchemas } from './ts-schema.js';

const LOCATIONS: Array<{ in: ParameterModel['in']; key: string }> = [
  { in: 'path', key: 'path' },
  { in: 'query', key: 'query' },
  { in: 'header', key: 'headers' },
  { in: 'cookie', key: 'cookies' },
];

export interface ResponseMemberView {
  name: string;
  type: string;
  description?: string;
}

export interface OperationTypesView {
  /** The request as a client sends it (a property or parameter with a `default` may be left out). */
  requestName: string;
  requestType: string;
  /**
   * The request as a handler receives it, the spec's defaults applied (issue 12.4):
   * `handlerRequestType` is undefined when it equals `requestType`, and then
   * `handlerRequestName` is `requestName`.
   */
  handlerRequestName: string;
  handlerRequestType?: string;
  /** True when nothing in the request is required (the client argument becomes optional). */
  requestOptional: boolean;
  responseName: string;
  members: ResponseMemberView[];
  responseUnion: string;
  hasDefault: boolean;
  /** Documented concrete status codes (for OtherStatus<>). */
  documented: number[];
}

export function operationTypes(op: OperationModel, schemas: TsSchemas): OperationTypesView {
  const base = `#/paths/${op.path.replace(/~/g, '~0').replace(/\//g, '~1')}/${op.method.toLowerCase()}`;
  const sent = requestType(op, schemas, base, 'sent');
  const received = requestType(op, schemas, base, 'present');
  const requestName = `${op.typeName}Request`;
  const documented = op.responses.flatMap((r) => r.codes);
  const documentsDefault = op.responses.some((r) => r.status === 'default');
  const members = op.responses.map((r) => ({
    name: `${op.typeName}Response${r.status === 'default' ? 'Default' : r.status}`,
    type: responseMember(r, schemas, `${base}/responses/${r.status}`, documented),
    ...(r.description ? { description: r.description } : {}),
  }));
  return {
    requestName,
    requestType: sent.type,
    handlerRequestName: received.type === sent.type ? requestName : `${op.typeName}RequestWithDefaults`,
    ...(received.type === sent.type ? {} : { handlerRequestType: received.type }),
    requestOptional: sent.optional,
    responseName: `${op.typeName}Response`,
    members,
    responseUnion: members.length > 0 ? members.map((m) => m.name).join(' | ') : '{ status: HttpStatus; body?: unknown }',
    hasDefault: documentsDefault,
    documented,
  };
}

/**
 * The request type in one view of defaults: `sent` (parameters and body properties with a
 * `default` are optional unless required) or `present` (the server applied the defaults:
 * such parameters and properties are there).
 */
function requestType(op: OperationModel, schemas: TsSchemas, base: string, view: DefaultsView): { type: string; optional: boolean } {
  const parts: string[] = [];
  let optional = true;
  for (const loc of LOCATIONS) {
    const params = op.parameters.filter((p) => p.in === loc.in);
    if (params.length === 0) continue;
    const present = (p: ParameterModel) => p.required || (view === 'present' && hasDefault(p.schema));
    const required = params.some(present);
    if (params.some((p) => p.required)) optional = false;
    const fields = params.map((p) => `${propKey(p.name)}${present(p) ? '' : '?'}: ${schemas.type(p.schema, `${base}/parameters/${p.name}`, view)};`);
    parts.push(`${loc.key}${required ? '' : '?'}: { ${fields.join(' ')} };`);
  }
  // OpenAPI 3.2 `in: querystring`: one value for the whole query string (at most one per operation)
  for (const p of op.parameters.filter((x) => x.in === 'querystring')) {
    if (p.required) optional = false;
    parts.push(`querystring${p.required ? '' : '?'}: ${schemas.type(p.schema, `${base}/parameters/${p.name}`, view)};`);
  }
  let bodyUnion = '';
  const body = op.requestBody;
  if (body) {
    if (body.required) optional = false;
    const opt = body.required ? '' : '?';
    const [first, ...rest] = body.content;
    // `x-stream: true`: a handler reads binary bodies as a stream, multipart bodies as parts; a client may send a stream (issue 18.4)
    const type = (m: MediaModel): string => {
      if (body.stream && m.kind === 'binary') return view === 'present' ? 'AsyncIterable<Uint8Array>' : 'Binary | ReadableStream<Uint8Array>';
      if (body.stream && m.kind === 'multipart' && view === 'present') return '$MultipartParts';
      return bodyType(m, schemas, `${base}/requestBody`, 'write', view);
    };
    if (first && rest.length === 0) {
      parts.push(`body${opt}: ${type(first)};`);
    } else if (first) {
      bodyUnion = body.content
        .map((m, i) => `{ contentType${i === 0 ? '?' : ''}: ${str(m.mediaType)}; body${opt}: ${type(m)} }`)
        .join(' | ');
    }
  }
  const object = `{ ${parts.join(' ')} }`;
  return { type: bodyUnion ? `${object} & (${bodyUnion})` : object, optional };
}

function statusType(r: ResponseModel, documented: number[]): string {
  if (/^\d+$/.test(r.status)) return r.status;
  const range = /^([1-5])XX$/.exec(r.status);
  if (range) {
    // exact statuses documented in the same range keep their own member
    const exactInRange = documented.filter((c) => Math.floor(c / 100) === Number(range[1]) && documented.filter((d) => d === c).length > 1);
    const unique = [...new Set(exactInRange)];
    return unique.length > 0 ? `Exclude<StatusRange<${range[1]}>, ${unique.join(' | ')}>` : `StatusRange<${range[1]}>`;
  }
  const exact = [...new Set(documented)];
  return exact.length === 0 ? 'HttpStatus' : exact.length > 20 ? `OtherStatus<${rangeUnion(exact)}>` : `OtherStatus<${exact.join(' | ')}>`;
}

/** Collapse full ranges back to StatusRange<N> to keep types small. */
function rangeUnion(codes: number[]): string {
  const out: string[] = [];
  const set = new Set(codes);
  for (let d = 1; d <= 5; d++) {
    const all = Array.from({ length: 100 }, (_, i) => d * 100 + i);
    if (all.every((c) => set.has(c))) {
      out.push(`StatusRange<${d}>`);
      all.forEach((c) => set.delete(c));
    }
  }
  return [...out, ...[...set].sort((a, b) => a - b).map(String)].join(' | ');
}

function responseMember(r: ResponseModel, schemas: TsSchemas, path: string, documented: number[]): string {
  const status = `status: ${statusType(r, documented)};`;
  let headers = '';
  if (r.headers.length > 0) {
    const required = r.headers.some((h) => h.required);
    const fields = r.headers.map((h) => `${propKey(h.name)}${h.required ? '' : '?'}: ${schemas.type(h.schema, `${path}/headers/${h.name}`)};`);
    headers = `headers${required ? '' : '?'}: { ${fields.join(' ')} };`;
  }
  if (r.content.length === 0) return `{ ${status} ${headers} }`;
  // `contentType` may be left out on the first media type of each body class — text (a string)
  // and any other value: the server picks by the body (an object is never written as XML, shared
  // decision 12.2), so with Petstore's XML-first responses a handler returns `{ status, body: pet }`.
  const bodies = r.content.map((m) => (m.stream ? streamField(m.stream, schemas, `${path}/content`) : `body: ${bodyType(m, schemas, `${path}/content`, 'read')}`));
  const seen = new Set<string>();
  return r.content
    .map((m, i) => {
      // streams (SSE events, JSON Lines items) are a class of their own: the first may leave contentType out
      const kind = m.stream ? 'stream' : bodies[i] === 'body: string' ? 'text' : 'value';
      const optional = !seen.has(kind);
      seen.add(kind);
      const ct = r.content.length > 1 ? `contentType${optional ? '?' : ''}: ${str(m.mediaType)};` : '';
      return `{ ${status} ${ct} ${bodies[i]}; ${headers} }`;
    })
    .join(' | ');
}

/**
 * The TypeScript type of one body. JSON, form and multipart bodies are the schema's type
 * (multipart binary properties are `Binary`: the client decodes file parts as `File`);
 * binary bodies are `Binary`. A text kind (text/*, XML) carries text: its type is the
 * schema's when that is a string or a number/integer/boolean primitive (the runtime
 * stringifies and parses those, issue 12.8), and `string` for anything else — an XML body
 * with an object schema is its XML text (issue 12.2).
 */
function bodyType(m: MediaModel, schemas: TsSchemas, path: string, direction: 'read' | 'write', view: DefaultsView = 'present'): string {
  // a response's binary body may be a stream (handlers return one, `responseType: 'stream'` reads one): issue 18.4
  if (m.kind === 'binary') return direction === 'read' ? '$BinaryBody' : 'Binary';
  if (m.kind === 'text' && !isTextPrimitive(schemas.resolve(m.schema))) return 'string';
  const type = schemas.type(m.schema, path, view);
  if (m.kind === 'text' || !schemas.needsReadWrite(m.schema)) return type;
  return direction === 'read' ? `Readable<${type}>` : `Writable<${type}>`;
}

/** `events: AsyncIterable<Event>` (SSE) or `items: AsyncIterable<Item>` (JSON Lines, json-seq): what handlers return and clients read. */
function streamField(stream: NonNullable<MediaModel['stream']>, schemas: TsSchemas, path: string): string {
  return `${stream.format === 'sse' ? 'events' : 'items'}: AsyncIterable<${schemas.type(stream.itemSchema, `${path}/itemSchema`)}>`;
}

const TEXT_PRIMITIVES = new Set(['string', 'number', 'integer', 'boolean']);

/** A schema whose values are one text token: string, number, integer or boolean (null aside). */
function isTextPrimitive(schema: SchemaObject | undefined): boolean {
  if (schema === undefined || typeof schema === 'boolean') return false;
  const types = [schema['type']].flat().filter((t) => t !== 'null');
  return types.length > 0 && types.every((t) => typeof t === 'string' && TEXT_PRIMITIVES.has(t));
}
