/**
 * Encoding of a handler response per media kind. Every body passes through its schema's serializer
 * (fast-json-stringify for JSON, the declared parts for multipart/forms): what the schema does not
 * name is never sent, and a body that cannot be encoded is a contract error (500), never
 * `JSON.stringify` of the raw value nor `String(object)`.
 */
import { isStreamBody, streamPayload } from './stream-response.js';
import type { FastifyReply } from 'fastify';
import type { ResponseContractIssue } from './errors.js';
import { encodeForm, encodeMultipart } from './response-parts.js';
import type { CompiledMedia } from './responses.js';
import type { HandlerResponse } from './types.js';

/** The reply: `serializeInput` is fast-json-stringify, compiled once per schema object and route. */
export type Serializer = Pick<FastifyReply, 'serializeInput' | 'compileSerializationSchema'>;

export function serialize(reply: Serializer, value: unknown, schema: object): string {
  return reply.serializeInput(value as Record<string, unknown>, schema as Record<string, unknown>);
}

/** Thrown while encoding; prepareResponse turns it into a ResponseContractError. */
export class ContractIssue extends Error {
  readonly issue: ResponseContractIssue;
  constructor(issue: ResponseContractIssue) {
    super(issue.message);
    this.issue = issue;
  }
}

export function fail(issue: ResponseContractIssue): never {
  throw new ContractIssue(issue);
}

export type Payload = string | Buffer | Uint8Array | NodeJS.ReadableStream;
export interface EncodedBody {
  contentType: string;
  payload: Payload;
}
/** One header; an array is several header lines (issue 12.3: two `Set-Cookie`s). */
export type EncodedHeader = [name: string, value: string | string[]];

/** Bytes or a stream (Node or web `ReadableStream`, `Blob`, `AsyncIterable<Uint8Array>`: stream-response.ts): sent as they come. */
export function isBinaryLike(value: unknown): value is Uint8Array | NodeJS.ReadableStream {
  return value instanceof Uint8Array || isStreamBody(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isBinaryLike(value) && !(value instanceof Blob);
}

const PRIMITIVE_TEXT = new Set(['number', 'integer', 'boolean']);

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Whether the runtime can send `body` as this media type (content negotiation prefers those). */
export function canCarry(m: CompiledMedia, body: unknown): boolean {
  switch (m.kind) {
    case 'json':
      return !isBinaryLike(body) && (m.types.length === 0 || m.types.includes(jsonType(body)) || (jsonType(body) === 'number' && Number.isInteger(body) && m.types.includes('integer')));
    case 'text':
      return typeof body === 'string' || isBinaryLike(body) || ((typeof body === 'number' || typeof body === 'boolean') && PRIMITIVE_TEXT.has(m.text ?? ''));
    case 'binary':
      return typeof body === 'string' || isBinaryLike(body);
    case 'multipart':
    case 'form':
      return isPlainObject(body);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A fast-json-stringify error, without the value it quotes (it may be anything the handler had). */
function serializerMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /^"[^"]*" is required!$/.test(message) ? `cannot be serialized: ${message.slice(0, -1)}` : 'cannot be serialized by its schema (a value does not fit its type, e.g. a non-finite or non-integer number)';
}

const FALLBACK_TYPE = { json: 'application/json', text: 'text/plain', binary: 'application/octet-stream', multipart: 'multipart/form-data', form: 'application/x-www-form-urlencoded' } as const;

function textPayload(type: string, body: unknown, opaque: boolean): Payload {
  if (typeof body === 'string' || isBinaryLike(body)) return streamPayload(body);
  if (typeof body === 'number' || typeof body === 'bigint' || typeof body === 'boolean') {
    if (typeof body === 'number' && !Number.isFinite(body)) fail({ in: 'body', pointer: '', message: `${String(body)} is not a number a ${type} body can carry` });
    return String(body);
  }
  return fail({
    in: 'body',
    pointer: '',
    message: `a ${type} body must be a string (or a Buffer/stream), not ${describe(body)}${opaque ? ': the runtime does not serialize objects to this media type' : ''}`,
  });
}

export function encodeBody(m: CompiledMedia, res: HandlerResponse, reply: Serializer): EncodedBody | Promise<EncodedBody> {
  const declared = res.contentType ?? m.media.mediaType;
  const type = declared.includes('*') ? FALLBACK_TYPE[m.kind] : declared;
  const body = res.body;
  switch (m.kind) {
    case 'json': {
      if (isBinaryLike(body)) return fail({ in: 'body', pointer: '', message: `a ${type} body must be a value, not bytes or a stream` });
      let payload: string | undefined;
      try {
        // the body's serializer, compiled by the route's serializer compiler on first use and kept
        // (Fastify's serializeInput looks it up in a WeakMap, twice, on every call)
        payload = m.serializer ? (m.serialize ??= reply.compileSerializationSchema(m.serializer as Record<string, unknown>) as (value: unknown) => string)(body) : JSON.stringify(body);
      } catch (error) {
        return fail({ in: 'body', pointer: '', message: m.serializer ? serializerMessage(error) : 'cannot be serialized as JSON' });
      }
      if (payload === undefined) return fail({ in: 'body', pointer: '', message: `${describe(body)} cannot be serialized as JSON` });
      // RFC 8259 defines no charset parameter for JSON (issue 12.12).
      return { contentType: type, payload };
    }
    case 'text': {
      const payload = textPayload(type, body, m.text === 'opaque');
      return { contentType: type.startsWith('text/') && !/;\s*charset=/i.test(type) ? `${type}; charset=utf-8` : type, payload };
    }
    case 'binary':
      if (typeof body === 'string' || isBinaryLike(body)) return { contentType: type, payload: streamPayload(body) };
      return fail({ in: 'body', pointer: '', message: `a ${type} body must be bytes (a Buffer, a Blob), a stream (Node or web, an async iterable of bytes) or a string, not ${describe(body)}` });
    case 'multipart':
      if (!isPlainObject(body) || !m.parts) return fail({ in: 'body', pointer: '', message: `a ${type} body must be an object, not ${describe(body)}` });
      return encodeMultipart(m.parts, body, reply);
    case 'form':
      if (!isPlainObject(body) || !m.parts) return fail({ in: 'body', pointer: '', message: `a ${type} body must be an object, not ${describe(body)}` });
      return { contentType: type, payload: encodeForm(m.parts, body) };
  }
}

// RFC 9110 §5.1 token and §5.5 field value (Node's own check: no CR, LF, NUL or other controls).
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const INVALID_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

function headerText(value: unknown): string {
  if (Array.isArray(value)) return value.map(headerText).join(',');
  if (typeof value === 'object' && value !== null) return Object.entries(value).map(([k, v]) => `${k},${headerText(v)}`).join(',');
  return String(value);
}

const NO_HEADERS: EncodedHeader[] = [];

/** The handler's headers as header lines: arrays are several lines, objects `k,v` (simple style);
 * a name or value Node would refuse (CR/LF injection) is a contract error (issue 13.14). */
export function encodeHeaders(headers: Record<string, unknown> | undefined): EncodedHeader[] {
  if (!headers) return NO_HEADERS;
  const out: EncodedHeader[] = [];
  for (const [name, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    if (!TOKEN.test(name)) fail({ in: 'header', pointer: `/${name}`, message: 'is not a valid header name' });
    const value = Array.isArray(v) ? v.map(headerText) : headerText(v);
    for (const line of Array.isArray(value) ? value : [value]) {
      if (INVALID_VALUE.test(line)) fail({ in: 'header', pointer: `/${name}`, message: 'contains a character not allowed in a header value (CR, LF, NUL or another control character)' });
    }
    out.push([name, value]);
  }
  return out;
}
