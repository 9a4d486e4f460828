import type { FastifyReply } from 'fastify';
import type { ApiSpec, JsonSchema, MediaSpec, OperationSpec, ResponseSpec } from '../spec.js';
import { ResponseContractError } from './errors.js';
import { mediaMatches, negotiate } from './media-type.js';
import type { SchemaCompiler, Validator } from './schema-compiler.js';
import { resolveSchema, setOwn } from './schema-util.js';
import type { HandlerResponse } from './types.js';

interface CompiledMedia {
  media: MediaSpec;
  validate: Validator | undefined;
  /** Self-contained schema for fast-json-stringify (local refs, writeOnly properties removed). */
  serializer: object | undefined;
}

interface CompiledResponse {
  spec: ResponseSpec;
  media: CompiledMedia[];
  headers: Array<{ name: string; required: boolean; validate: Validator | undefined }>;
}

export interface ResponsePlan {
  operationId: string;
  byStatus: Map<string, CompiledResponse>;
  /** Every media type any response declares (406 check). */
  mediaTypes: string[];
}

/** Rewrites `<schemaId>#/…` refs to local `#/…` and drops writeOnly properties, so the schema can
 * be handed to fast-json-stringify alone. */
function serializerSchema(api: ApiSpec, schema: JsonSchema, components: Record<string, unknown>): object | undefined {
  if (typeof schema !== 'object') return undefined;
  const prefix = `${api.schemaId}#`;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(prefix)) out[k] = v.slice(api.schemaId.length);
      else if (k === 'properties' && typeof v === 'object' && v !== null) {
        const props: Record<string, unknown> = {};
        for (const [name, sub] of Object.entries(v)) if (resolveSchema(api, sub as JsonSchema)['writeOnly'] !== true) setOwn(props, name, walk(sub));
        out[k] = props;
      } else out[k] = walk(v);
    }
    return out;
  };
  return { ...(walk(schema) as object), components: { schemas: components } };
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
        const where = `${op.operationId} response ${spec.status} ${media.mediaType}`;
        return {
          media,
          validate: validator && media.schema !== undefined && media.kind !== 'binary' ? validator.compile(media.schema, where) : undefined,
          serializer: media.kind === 'json' && media.schema !== undefined ? serializerSchema(api, media.schema, serializerComponents) : undefined,
        };
      }),
      headers: spec.headers.map((h) => ({
        name: h.name,
        required: h.required,
        validate: validator ? validator.compile(h.schema, `${op.operationId} response ${spec.status} header ${h.name}`) : undefined,
      })),
    });
  }
  return { operationId: op.operationId, byStatus, mediaTypes: [...mediaTypes] };
}

/** Local copy of the components for serializer schemas, refs made local. */
export function serializerComponents(api: ApiSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(api.schemas)) {
    const s = serializerSchema(api, schema, {});
    if (s) {
      const { components: _drop, ...rest } = s as Record<string, unknown>;
      setOwn(out, name, rest);
    } else setOwn(out, name, schema);
  }
  return out;
}

/** Exact status, then its range (`4XX`), then `default`. */
export function findResponse(plan: ResponsePlan, status: number): CompiledResponse | undefined {
  return plan.byStatus.get(String(status)) ?? plan.byStatus.get(`${Math.floor(status / 100)}XX`) ?? plan.byStatus.get('DEFAULT');
}

function headerText(value: unknown): string {
  if (Array.isArray(value)) return value.map(headerText).join(',');
  if (typeof value === 'object' && value !== null) return Object.entries(value).map(([k, v]) => `${k},${headerText(v)}`).join(',');
  return String(value);
}

function pickMedia(res: HandlerResponse, compiled: CompiledResponse, accept: string | undefined): CompiledMedia | undefined {
  if (compiled.media.length === 0) return undefined;
  if (res.contentType !== undefined) {
    const wanted = res.contentType.toLowerCase();
    return compiled.media.find((m) => m.media.mediaType.toLowerCase() === wanted) ?? compiled.media.find((m) => mediaMatches(m.media.mediaType, wanted));
  }
  const chosen = negotiate(accept, compiled.media.map((m) => m.media.mediaType));
  return compiled.media.find((m) => m.media.mediaType === chosen) ?? compiled.media[0];
}

/** Checks a handler response against the contract; throws ResponseContractError. */
export function checkResponse(plan: ResponsePlan, res: HandlerResponse, accept: string | undefined): void {
  const compiled = findResponse(plan, res.status);
  if (!compiled) throw new ResponseContractError(plan.operationId, res.status, [{ in: 'status', pointer: '', message: `status ${res.status} is not declared` }]);
  const errors: Array<{ in: 'body' | 'header' | 'status'; pointer: string; message: string }> = [];
  for (const h of compiled.headers) {
    const value = findHeader(res.headers, h.name);
    if (value === undefined) {
      if (h.required) errors.push({ in: 'header', pointer: `/${h.name}`, message: 'is required' });
    } else if (h.validate) for (const e of h.validate(value)) errors.push({ in: 'header', pointer: `/${h.name}${e.pointer}`, message: e.message });
  }
  if (compiled.media.length === 0) {
    if (res.body !== undefined) errors.push({ in: 'body', pointer: '', message: 'no body is declared for this status' });
  } else {
    const media = pickMedia(res, compiled, accept);
    if (!media) errors.push({ in: 'body', pointer: '', message: `content type ${res.contentType ?? ''} is not declared` });
    else if (media.validate) for (const e of media.validate(res.body)) errors.push({ in: 'body', ...e });
  }
  if (errors.length > 0) throw new ResponseContractError(plan.operationId, res.status, errors);
}

function findHeader(headers: Record<string, unknown> | undefined, name: string): unknown {
  if (!headers) return undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** Sends a handler response: declared content type, headers, JSON through fast-json-stringify. */
export function sendResponse(reply: FastifyReply, plan: ResponsePlan, res: HandlerResponse, accept: string | undefined): FastifyReply {
  reply.code(res.status);
  if (res.headers) for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) reply.header(k, headerText(v));
  const compiled = findResponse(plan, res.status);
  if (res.body === undefined) return reply.send();
  const media = compiled ? pickMedia(res, compiled, accept) : undefined;
  const kind = media?.media.kind ?? (Buffer.isBuffer(res.body) ? 'binary' : typeof res.body === 'string' ? 'text' : 'json');
  let type = res.contentType ?? media?.media.mediaType ?? (kind === 'json' ? 'application/json' : kind === 'text' ? 'text/plain' : 'application/octet-stream');
  if (type.includes('*')) type = kind === 'text' ? 'text/plain' : 'application/octet-stream';
  if (kind === 'json') {
    reply.header('content-type', `${type}; charset=utf-8`);
    let text: string | undefined;
    if (media?.serializer) {
      try {
        text = reply.serializeInput(res.body as Record<string, unknown>, media.serializer as Record<string, unknown>);
      } catch (error) {
        reply.log.warn({ err: error }, 'contractgen: fast-json-stringify cannot serialize this response; using JSON.stringify for it from now on');
        media.serializer = undefined;
      }
    }
    return reply.send(text ?? JSON.stringify(res.body));
  }
  if (kind === 'text') {
    reply.header('content-type', type.startsWith('text/') ? `${type}; charset=utf-8` : type);
    return reply.send(typeof res.body === 'string' ? res.body : String(res.body));
  }
  reply.header('content-type', type);
  return reply.send(res.body);
}
