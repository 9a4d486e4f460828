/**
 * Streamed responses (issue 18): a handler answers `{ status: 200, events }` (text/event-stream)
 * or `{ status: 200, items }` (JSON Lines, JSON text sequences) with an `AsyncIterable`. Each
 * item is written as it comes — an SSE frame, a line, an RS-prefixed text — through a Node
 * Readable that Fastify pipes with backpressure; JSON goes through the item schema's serializer
 * (the disclosure filter, as for bodies), and under `validateResponses` each item is validated
 * first. A comment frame keeps an idle SSE stream alive when `streams.heartbeat` is set. When
 * the client goes away Fastify destroys the Readable, which calls the iterator's `return()`.
 *
 * An item that breaks the contract before anything was sent is a 500 problem; after that, the
 * response is cut off (logged), so the client sees a failed stream, never a silently short one.
 */
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiSpec, JsonSchema, MediaSpec, OperationSpec, StreamSpec } from '../spec.js';
import { ResponseContractError, type ResponseContractIssue } from './errors.js';
import { negotiateIndex } from './media-type.js';
import { encodeHeaders, serialize } from './response-body.js';
import type { SchemaCompiler, Validator } from './schema-compiler.js';
import { serializerSchema } from './serializer-schema.js';

export interface StreamOptions {
  /** Milliseconds of silence after which an SSE stream gets a comment frame (`:\n\n`); off by default. */
  heartbeat?: number;
}

interface StreamMedia {
  mediaType: string;
  stream: StreamSpec;
  validate: Validator | undefined;
  /** fast-json-stringify schema of what is JSON in an item (the SSE data, a JSON Lines value). */
  serializer: object | undefined;
}

/** Per status (`200`, `2XX`, `DEFAULT`), the streamed media types an operation declares. */
export type StreamPlan = Map<string, StreamMedia[]>;

/** The operation's streamed responses, or undefined when it has none. */
export function compileStreams(api: ApiSpec, op: OperationSpec, validator: SchemaCompiler | undefined, components: Record<string, unknown>): StreamPlan | undefined {
  let plan: StreamPlan | undefined;
  for (const response of op.responses) {
    const media = response.content.filter((m): m is MediaSpec & { stream: StreamSpec } => m.stream !== undefined);
    if (media.length === 0) continue;
    plan ??= new Map();
    plan.set(
      response.status.toUpperCase(),
      media.map((m) => {
        const schema = m.stream.schema;
        const json = m.stream.format !== 'sse' ? schema : m.stream.data === 'json' ? dataSchema(schema) : undefined;
        return {
          mediaType: m.mediaType,
          stream: m.stream,
          validate: validator && schema !== undefined ? validator.compile(schema, `${op.operationId} response ${response.status} ${m.mediaType} item`) : undefined,
          serializer: json === undefined ? undefined : serializerSchema(api, json as JsonSchema, components),
        };
      }),
    );
  }
  return plan;
}

function dataSchema(schema: unknown): unknown {
  const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties && Object.prototype.hasOwnProperty.call(properties, 'data') ? properties['data'] : undefined;
}

/** A handler response that streams (has `events` or `items`). */
export function isStreamResponse(res: object): res is { status: number; events?: unknown; items?: unknown; headers?: Record<string, unknown>; contentType?: string } {
  return 'events' in res || 'items' in res;
}

function issue(message: string, pointer = ''): ResponseContractIssue {
  return { in: 'body', pointer, message };
}

/**
 * Checks the response (status, media type, iterable) and sends it as a stream. Throws
 * ResponseContractError for what is wrong before the first byte.
 */
export function sendStream(
  plan: StreamPlan | undefined,
  op: OperationSpec,
  res: { status: number; events?: unknown; items?: unknown; headers?: Record<string, unknown>; contentType?: string },
  request: FastifyRequest,
  reply: FastifyReply,
  options: StreamOptions,
): FastifyReply {
  const fail = (message: string): never => {
    throw new ResponseContractError(op.operationId, res.status, [issue(message)]);
  };
  const declared = plan?.get(String(res.status)) ?? plan?.get(`${Math.floor(res.status / 100)}XX`) ?? plan?.get('DEFAULT');
  if (!declared) return fail(`status ${res.status} declares no stream (text/event-stream, JSON Lines or json-seq)`);
  const media = pickStream(declared, res.contentType, request.headers.accept);
  if (!media) return fail(`content type ${res.contentType ?? ''} is not a declared stream`);
  const field = media.stream.format === 'sse' ? 'events' : 'items';
  const source = res[field];
  if (source === null || typeof source !== 'object' || typeof (source as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') {
    return fail(`${media.mediaType} is answered with \`${field}\`: an AsyncIterable`);
  }
  const headers = encodeHeaders(declaredHeaders(op, res.status, res.headers));
  const broken = (message: string, pointer: string): never => {
    throw new ResponseContractError(op.operationId, res.status, [issue(message, pointer)]);
  };
  const encode = encoder(media, reply, broken);
  const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const heartbeat = media.stream.format === 'sse' && options.heartbeat !== undefined && options.heartbeat > 0 ? options.heartbeat : undefined;
  let index = 0;
  const readable = new Readable({
    highWaterMark: 16 * 1024,
    read() {
      pull().then(
        (chunk) => {
          if (chunk === null) this.push(null);
          else this.push(chunk);
        },
        (error: unknown) => {
          const contract = error instanceof ResponseContractError ? error : undefined;
          request.log.error({ err: error, errors: contract?.errors, operationId: op.operationId }, contract ? contract.message : `contractgen: ${op.operationId}: the stream failed`);
          this.destroy(error instanceof Error ? error : new Error(String(error)));
        },
      );
    },
    destroy(error, callback) {
      // the client went away, or the stream failed: let the handler's iterator clean up
      Promise.resolve(iterator.return?.()).then(
        () => callback(error),
        () => callback(error),
      );
    },
  });
  let pending: Promise<IteratorResult<unknown>> | undefined;
  const pull = async (): Promise<string | null> => {
    pending ??= iterator.next();
    const next = heartbeat === undefined ? await pending : await withHeartbeat(pending, heartbeat);
    if (next === HEARTBEAT) return ':\n\n';
    pending = undefined;
    if (next.done) return null;
    const at = index++;
    if (media.validate) {
      const errors = media.validate(next.value);
      if (errors.length > 0) throw new ResponseContractError(op.operationId, res.status, errors.map((e) => issue(e.message, `/${at}${e.pointer}`)));
    }
    return encode(next.value, at);
  };
  reply.code(res.status);
  for (const [name, value] of headers) reply.header(name, value);
  reply.header('content-type', media.stream.format === 'sse' ? 'text/event-stream; charset=utf-8' : media.mediaType);
  reply.header('cache-control', 'no-cache');
  if (media.stream.format === 'sse') reply.header('x-accel-buffering', 'no');
  return reply.send(readable);
}

const HEARTBEAT = Symbol('heartbeat');

function withHeartbeat<T>(pending: Promise<T>, ms: number): Promise<T | typeof HEARTBEAT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const beat = new Promise<typeof HEARTBEAT>((resolve) => {
    timer = setTimeout(() => resolve(HEARTBEAT), ms);
  });
  return Promise.race([pending, beat]).finally(() => clearTimeout(timer));
}

function pickStream(declared: StreamMedia[], contentType: string | undefined, accept: string | undefined): StreamMedia | undefined {
  if (contentType !== undefined) return declared.find((m) => m.mediaType.toLowerCase() === contentType.toLowerCase());
  if (declared.length === 1) return declared[0];
  const index = negotiateIndex(accept, declared.map((m) => m.mediaType));
  return declared[index >= 0 ? index : 0];
}

/** Only the headers the response declares go out (as for other responses, undeclared ones are dropped). */
function declaredHeaders(op: OperationSpec, status: number, headers: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!headers) return undefined;
  const spec = op.responses.find((r) => r.status === String(status)) ?? op.responses.find((r) => r.status.toUpperCase() === `${Math.floor(status / 100)}XX`) ?? op.responses.find((r) => r.status === 'default');
  const names = new Set((spec?.headers ?? []).map((h) => h.name.toLowerCase()));
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) if (names.has(name.toLowerCase())) out[name] = value;
  return out;
}

const LINE_BREAK = /[\r\n]/;

/** One item -> its bytes on the wire, per format. */
function encoder(media: StreamMedia, reply: FastifyReply, broken: (message: string, pointer: string) => never): (item: unknown, index: number) => string {
  const json = (value: unknown, pointer: string): string => {
    let text: string | undefined;
    try {
      text = media.serializer ? serialize(reply, value, media.serializer) : JSON.stringify(value);
    } catch (error) {
      return broken(`cannot be serialized as JSON (${(error as Error).message})`, pointer);
    }
    return text === undefined ? broken('cannot be serialized as JSON', pointer) : text;
  };
  /** An event or id field: one line, no NUL (it would end the field, or make clients ignore it). */
  const field = (value: unknown, pointer: string): string => {
    const text = String(value);
    return LINE_BREAK.test(text) || text.includes('\0') ? broken('must not contain CR, LF or NUL', pointer) : text;
  };
  const { stream } = media;
  if (stream.format === 'jsonl') return (item, i) => `${json(item, `/${i}`)}\n`;
  if (stream.format === 'json-seq') return (item, i) => `\x1e${json(item, `/${i}`)}\n`;
  return (item, i) => {
    if (item === null || typeof item !== 'object') return broken('an event must be an object { data, event?, id?, retry? }', `/${i}`);
    const e = item as { data?: unknown; event?: unknown; id?: unknown; retry?: unknown };
    let out = '';
    if (e.event !== undefined) out += `event: ${field(e.event, `/${i}/event`)}\n`;
    if (e.id !== undefined) out += `id: ${field(e.id, `/${i}/id`)}\n`;
    if (e.retry !== undefined) {
      if (typeof e.retry !== 'number' || !Number.isSafeInteger(e.retry) || e.retry < 0) broken('must be a non-negative integer (milliseconds)', `/${i}/retry`);
      out += `retry: ${String(e.retry)}\n`;
    }
    const text = stream.data === 'json' ? json(e.data, `/${i}/data`) : e.data === undefined ? '' : String(e.data);
    for (const line of text.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
    return `${out}\n`;
  };
}
