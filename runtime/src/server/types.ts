import type { StreamOptions } from './stream.js';
import type { RequestParts } from '../types.js';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { RuntimeProblem } from './problem.js';
import type { SecurityConfig } from './security-config.js';

/** What a security scheme verified; reaches the handler as `req.auth`. */
export interface AuthInfo {
  /** The security scheme's name in `components.securitySchemes`. */
  scheme: string;
  /** When the satisfied requirement names several schemes (AND), each one's info. */
  all?: AuthInfo[];
  [key: string]: unknown;
}

/** The bound request handed to a handler: only the keys the operation has (`contentType`: the media type the body arrived as). */
export interface HandlerRequest extends RequestParts {
  auth?: AuthInfo;
}

/** What a handler (or an interceptor, or an HttpError) answers. */
export interface HandlerResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, unknown>;
  /** Picks one of the status's media types when it declares several. */
  contentType?: string;
}

export interface HandlerContext {
  request: FastifyRequest;
  reply: FastifyReply;
  log: FastifyBaseLogger;
  operationId: string;
}

// The generated Handlers interface narrows these; the runtime sees the wide shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (req: any, ctx: HandlerContext) => Promise<HandlerResponse> | HandlerResponse;

export type BeforeInterceptor = (
  req: HandlerRequest,
  ctx: HandlerContext,
) => void | HandlerResponse | undefined | Promise<void | HandlerResponse | undefined>;

export type AfterInterceptor = (
  req: HandlerRequest,
  res: HandlerResponse,
  ctx: HandlerContext,
) => void | HandlerResponse | undefined | Promise<void | HandlerResponse | undefined>;

/** Where the runtime answered a problem: `operationId` is undefined outside any operation (404,
 * 405, an undeclared method answered by no `default` handler). */
export interface ProblemContext {
  request: FastifyRequest;
  reply: FastifyReply;
  log: FastifyBaseLogger;
  operationId: string | undefined;
}

/** Sees every problem the runtime answers (400, 401, 403, 404, 405, 406, 413, 415, 500, 501),
 * handler throws and contract breaks included; a returned response replaces the problem. */
export type ErrorInterceptor = (
  problem: RuntimeProblem,
  ctx: ProblemContext,
) => void | HandlerResponse | undefined | Promise<void | HandlerResponse | undefined>;

/** Turns a runtime problem into a response the operation declares (issue 12.5); `undefined` keeps
 * the problem+json answer. */
export type ErrorMapper = (problem: RuntimeProblem, ctx: ProblemContext) => HandlerResponse | undefined | Promise<HandlerResponse | undefined>;

export interface Interceptors {
  /** Run in order before the handler; the first that returns a response answers early. */
  before?: BeforeInterceptor[];
  /** Run in order after the handler (or an early answer); a returned response replaces it. */
  after?: AfterInterceptor[];
  /** Run in order for every problem the runtime answers itself; the first that returns a response answers instead. */
  onError?: ErrorInterceptor[];
}

/** What the `default` handler receives: the request as it came (no operation, so no schema). */
export interface DefaultRequest {
  method: string;
  /** The URL path, as sent (no query). */
  path: string;
  query: Record<string, string | string[]>;
  headers: IncomingHttpHeaders;
  /** The raw body, when one was sent. */
  body?: Buffer;
}

/** Answers a method the spec does not declare on a known path (Ballerina's `resource function default`).
 * No contract applies: the body is sent as given (string as text/plain, Buffer as octet-stream, else JSON). */
export type DefaultHandler = (req: DefaultRequest, ctx: HandlerContext) => Promise<HandlerResponse> | HandlerResponse;

/** Limits of a multipart body; the whole body (every part, boundaries included) also counts against `bodyLimit`. */
export interface MultipartLimits {
  /** Largest file part in bytes (default 10 MiB, and never more than `bodyLimit`). */
  fileSize?: number;
  /** Most file parts (default 10). */
  files?: number;
  /** Most non-file fields (default 100). */
  fields?: number;
  /** Largest non-file field value in bytes (default 1 MiB, and never more than `bodyLimit`). */
  fieldSize?: number;
}

export interface RegisterOptions {
  /** Handlers for the API's security schemes, by scheme name. */
  security?: SecurityConfig;
  interceptors?: Interceptors;
  /** Check every handler response against the contract (default: NODE_ENV !== 'production'). */
  validateResponses?: boolean;
  /** Largest request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  multipart?: MultipartLimits;
  /** Streamed responses (SSE `events`, JSON Lines `items`): `heartbeat` ms of silence before an SSE comment frame. */
  streams?: StreamOptions;
  /** URL prefix for every route (Fastify's `prefix`). */
  prefix?: string;
  /** Maps the runtime's own problems to a response the operation declares (default: problem+json). */
  errorMapper?: ErrorMapper;
  /** Catch-all for methods the spec does not declare on a known path (off: 405, or 204 for OPTIONS). */
  default?: DefaultHandler;
}
