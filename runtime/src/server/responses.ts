import type { FastifyReply } from 'fastify';
import type { ApiSpec, BodyKind, JsonSchema, MediaSpec, OperationSpec, ResponseSpec } from '../spec.js';
import { ResponseContractError, type ResponseContractIssue } from './errors.js';
import { mediaMatches, negotiateIndex } from './media-type.js';
import { compilePartPlan, type PartPlan } from './response-parts.js';
import { canCarry, ContractIssue, encodeBody, encodeHeaders, fail, type EncodedBody, type EncodedHeader, type Serializer } from './response-body.js';
import type { SchemaCompiler, Validator } from './schema-compiler.js';
import { asIs } from './problem.js';
import { serializerSchema } from './serializer-schema.js';
import { schemaTypes, setOwn, textBodyType, type TextBodyType } from './schema-util.js';
import type { HandlerResponse } from './types.js';

export interface CompiledMedia {
  media: MediaSpec;
  kind: BodyKind;
  /** Text kinds: what the body carries (a string, a primitive to stringify, or opaque text such as XML). */
  text: TextBodyType | undefined;
  /** JSON: the schema's top-level types (empty: any), so negotiation knows whether a string fits. */
  types: string[];
  validate: Validator | undefined;
  /** Self-contained schema for fast-json-stringify (local refs, writeOnly properties removed). */
  serializer: object | undefined;
  /** `serializer` compiled (by the route's serializer compiler, on the first response that needs it). */
  serialize?: (value: unknown) => string;
  /** multipart / form: the parts a body may have, each with its own serializer. */
  parts: PartPlan | undefined;
}

export interface CompiledResponse {
  spec: ResponseSpec;
  media: CompiledMedia[];
  headers: Array<{ name: string; required: boolean; validate: Validator | undefined }>;
}

export interface ResponsePlan {
  operationId: string;
  byStatus: Map<string, CompiledResponse>;
  /** findResponse's answers by numeric status, filled as statuses are seen (null: not declared). */
  byCode: Map<number, CompiledResponse | null>;
  /** Every media type any response declares (406 check). */
  mediaTypes: string[];
}

/** A response ready to be written: nothing is set on the reply before it fully encoded. */
export interface PreparedResponse {
  status: number;
  headers: EncodedHeader[];
  body: EncodedBody | undefined;
}

function compileMedia(api: ApiSpec, media: MediaSpec, validator: SchemaCompiler | undefined, components: Record<string, unknown>, where: string): CompiledMedia {
  const text = media.kind === 'text' ? textBodyType(api, media.schema) : undefined;
  // An XML / other text document with an object schema is opaque text: it cannot be checked against the schema.
  const validates = media.schema !== undefined && media.kind !== 'binary' && text !== 'opaque';
  return {
    media,
    kind: media.kind,
    text,
    types: media.kind === 'json' ? schemaTypes(api, media.schema) : [],
    validate: validator && validates ? validator.compile(media.schema as JsonSchema, where) : undefined,
    serializer: media.kind === 'json' ? serializerSchema(api, media.schema, components) : undefined,
    parts: media.kind === 'multipart' || media.kind === 'form' ? compilePartPlan(api, media, components) : undefined,
  };
}

export function compileResponses(
  api: ApiSpec,
  op: OperationSpec,
  validator: SchemaCompiler | undefined,
  serializerComponents: Record<string, unknown>,
): ResponsePlan {
  const byStatus = new Map<string, CompiledResponse>();
  const mediaTypes = new Set<string>();
  for (const spec of op.responses) {
    byStatus.set(spec.status.toUpperCase(), {
      spec,
      media: spec.content.map((media) => {
        mediaTypes.add(media.mediaType);
        return compileMedia(api, media, validator, serializerComponents, `${op.operationId} response ${spec.status} ${media.mediaType}`);
      }),
      headers: spec.headers.map((h) => ({
        name: h.name,
        required: h.required,
        validate: validator ? validator.compile(h.schema, `${op.operationId} response ${spec.status} header ${h.name}`) : undefined,
      })),
    });
  }
  return { operationId: op.operationId, byStatus, byCode: new Map(), mediaTypes: [...mediaTypes] };
}

/** Exact status, then its range (`4XX`), then `default`. */
export function findResponse(plan: ResponsePlan, status: number): CompiledResponse | undefined {
  const known = plan.byCode.get(status);
  if (known !== undefined) return known ?? undefined;
  const found = plan.byStatus.get(String(status)) ?? plan.byStatus.get(`${Math.floor(status / 100)}XX`) ?? plan.byStatus.get('DEFAULT');
  // Only valid statuses are remembered (a handler's bogus status must not grow the map).
  if (Number.isInteger(status) && status >= 100 && status <= 599) plan.byCode.set(status, found ?? null);
  return found;
}

/**
 * The media type a response goes out as: the handler's `contentType`, else content negotiation
 * (issue 12.2): among the types `Accept` allows, one that can carry this body (an object can be
 * JSON, multipart or a form, never XML text), then the highest quality, then JSON, then the
 * spec's order.
 */
export function pickMedia(res: HandlerResponse, compiled: CompiledResponse, accept: string | undefined): CompiledMedia | undefined {
  const media = compiled.media;
  if (media.length === 0) return undefined;
  if (res.contentType !== undefined) {
    const wanted = res.contentType.toLowerCase();
    return media.find((m) => m.media.mediaType.toLowerCase() === wanted) ?? media.find((m) => mediaMatches(m.media.mediaType, wanted));
  }
  if (media.length === 1) return media[0];
  const body = res.body;
  const types = media.map((m) => m.media.mediaType);
  const carries = (i: number): number => (canCarry(media[i] as CompiledMedia, body) ? 1 : 0);
  const isJson = (i: number): number => ((media[i] as CompiledMedia).kind === 'json' ? 1 : 0);
  // Not acceptable at all (the 406 check looked at every status): the best this body can be.
  const index = negotiateIndex(accept, types, carries, isJson);
  return media[index >= 0 ? index : negotiateIndex(undefined, types, carries, isJson)];
}

function findHeader(headers: Record<string, unknown> | undefined, name: string): unknown {
  if (!headers) return undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** Multipart bodies validate with file values as strings (`format: binary`), as requests do. */
function forValidation(media: CompiledMedia, body: unknown): unknown {
  if (media.kind !== 'multipart' || typeof body !== 'object' || body === null) return body;
  const isBinary = (v: unknown): boolean => v instanceof Uint8Array || v instanceof Blob;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) setOwn(out, k, isBinary(v) ? '' : Array.isArray(v) ? v.map((x) => (isBinary(x) ? '' : x)) : v);
  return out;
}

function contractError(plan: ResponsePlan, status: number, error: unknown): unknown {
  return error instanceof ContractIssue ? new ResponseContractError(plan.operationId, status, [error.issue]) : error;
}

/**
 * Checks a handler response against the contract and encodes it (headers and body), or throws
 * ResponseContractError. The status, media type and encodability are always checked, because the
 * serializer is the disclosure filter; `validate` adds the schema checks of bodies and headers.
 */
export function prepareResponse(plan: ResponsePlan, res: HandlerResponse, accept: string | undefined, validate: boolean, reply: Serializer): PreparedResponse | Promise<PreparedResponse> {
  try {
    const compiled = findResponse(plan, res.status);
    if (!compiled) return fail({ in: 'status', pointer: '', message: `status ${res.status} is not declared` });
    const media = pickMedia(res, compiled, accept);
    if (compiled.media.length === 0) {
      if (res.body !== undefined) fail({ in: 'body', pointer: '', message: 'no body is declared for this status' });
    } else if (!media) fail({ in: 'body', pointer: '', message: `content type ${res.contentType ?? ''} is not declared` });
    if (validate) checkResponse(plan, compiled, media, res);
    const headers = encodeHeaders(res.headers);
    if (res.body === undefined || !media) return { status: res.status, headers, body: undefined };
    const body = encodeBody(media, res, reply);
    if (!(body instanceof Promise)) return { status: res.status, headers, body };
    return body.then(
      (b) => ({ status: res.status, headers, body: b }),
      (error: unknown) => Promise.reject(contractError(plan, res.status, error)),
    );
  } catch (error) {
    throw contractError(plan, res.status, error);
  }
}

/** The schema checks of `validateResponses`: declared headers and the body. */
function checkResponse(plan: ResponsePlan, compiled: CompiledResponse, media: CompiledMedia | undefined, res: HandlerResponse): void {
  const errors: ResponseContractIssue[] = [];
  for (const h of compiled.headers) {
    const value = findHeader(res.headers, h.name);
    if (value === undefined) {
      if (h.required) errors.push({ in: 'header', pointer: `/${h.name}`, message: 'is required' });
    } else if (h.validate) for (const e of h.validate(value)) errors.push({ in: 'header', pointer: `/${h.name}${e.pointer}`, message: e.message });
  }
  if (media?.validate) for (const e of media.validate(forValidation(media, res.body))) errors.push({ in: 'body', ...e });
  if (errors.length > 0) throw new ResponseContractError(plan.operationId, res.status, errors);
}

/** Writes a prepared response on the reply. */
export function writeResponse(reply: FastifyReply, prepared: PreparedResponse): FastifyReply {
  reply.code(prepared.status);
  for (const [name, value] of prepared.headers) reply.header(name, value);
  if (!prepared.body) return reply.send();
  reply.header('content-type', prepared.body.contentType);
  const payload = prepared.body.payload;
  // Already serialized: without a serializer Fastify would append `; charset=utf-8` to JSON types.
  if (typeof payload === 'string') reply.serializer(asIs);
  return reply.send(payload);
}
