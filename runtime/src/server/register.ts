import { METHODS as httpMethods } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiSpec, OperationSpec } from '../spec.js';
import type { JsonParse } from './body-decoding.js';
import { runDefault } from './default-handler.js';
import { answerProblem, OUTSIDE, type ErrorStage, type ProblemSite } from './error-stage.js';
import { ServerSetupError } from './errors.js';
import { addCredentialNames, newCredentialNames, redactingRequestSerializer, sharedCredentialNames } from './log-redaction.js';
import { negotiate } from './media-type.js';
import { DEFAULT_MULTIPART_LIMITS, enableMultipart } from './multipart.js';
import { AUTH, runOperation, type RunContext } from './operation-runner.js';
import { toRoutePath } from './path-template.js';
import { utf8BodyParser } from './utf8-body.js';
import { problem } from './problem.js';
import { compileBinder, type RequestBinder } from './request-binding.js';
import { compileResponses, type ResponsePlan } from './responses.js';
import { SchemaCompiler } from './schema-compiler.js';
import { buildSecurity, compileAuthorizer, type SecurityHandlers, type SecurityVerdict } from './security.js';
import { serializerComponents } from './serializer-schema.js';
import { compileStreams, type StreamPlan } from './stream.js';
import { enableStreamedBodies, streamsBody } from './stream-body.js';
import { drainParts } from './multipart-stream.js';
import type { Handler, RegisterOptions } from './types.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'QUERY'] as const;
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface CompiledOperation {
  op: OperationSpec;
  handler: Handler;
  url: string;
  binder: RequestBinder;
  plan: ResponsePlan;
  /** Where this operation's problems arise (the error stage maps them with its plan). */
  site: ProblemSite;
  /** Its streamed responses (SSE, JSON Lines), when it has any. */
  streams: StreamPlan | undefined;
}

/** Route config key under which a route keeps its problem site (read by the error handler). */
const SITE = 'contractgenProblemSite';

function compileOperations(api: ApiSpec, handlers: Record<string, Handler>, validateResponses: boolean): CompiledOperation[] {
  const plain = new SchemaCompiler(api, 'request', false);
  const coercing = new SchemaCompiler(api, 'request', true);
  const response = validateResponses ? new SchemaCompiler(api, 'response', false) : undefined;
  const components = serializerComponents(api);
  return Object.values(api.operations).map((op) => {
    const handler = handlers[op.name] ?? handlers[op.operationId];
    if (typeof handler !== 'function') {
      throw new ServerSetupError('CG_HANDLER_MISSING', `no handler for operation ${op.operationId} (handlers.${op.name})`);
    }
    const route = toRoutePath(op.path);
    const plan = compileResponses(api, op, response, components);
    return {
      op,
      handler,
      url: route.url,
      binder: compileBinder(api, op, route.params, { plain, coercing }),
      plan,
      site: { operationId: op.operationId, plan },
      streams: compileStreams(api, op, response, components),
    };
  });
}

function safeJsonParser(scope: FastifyInstance): JsonParse {
  const parser = scope.getDefaultJsonParser('error', 'error') as unknown as (
    req: unknown,
    body: string,
    done: (err: Error | null, value?: unknown) => void,
  ) => void;
  // The parser calls back synchronously: one callback for every call, no closure per request.
  let failed = true;
  let parsed: unknown;
  const done = (err: Error | null, value?: unknown): void => {
    failed = err !== null && err !== undefined;
    parsed = value;
  };
  return (text) => {
    failed = true;
    parsed = undefined;
    parser(undefined, text, done);
    if (failed) return { ok: false, message: text.length === 0 ? 'is empty' : 'is not valid JSON (or carries __proto__ / constructor.prototype)' };
    const value = parsed;
    parsed = undefined;
    return { ok: true, value };
  };
}

type Reply = FastifyReply | Promise<FastifyReply>;

/** The 406 check, compiled per operation: `undefined` when nothing can be unacceptable. */
function acceptCheck(stage: ErrorStage, c: CompiledOperation): ((request: FastifyRequest, reply: FastifyReply) => Reply | undefined) | undefined {
  const mediaTypes = c.plan.mediaTypes;
  if (mediaTypes.length === 0) return undefined;
  const detail = `acceptable media types: ${mediaTypes.join(', ')}`;
  return (request, reply) => {
    const accept = request.headers.accept;
    if (!accept || negotiate(accept, mediaTypes) !== undefined) return undefined;
    return answerProblem(stage, c.site, request, reply, problem(406, detail));
  };
}

function refuse(stage: ErrorStage, c: CompiledOperation, request: FastifyRequest, reply: FastifyReply, verdict: Extract<SecurityVerdict, { ok: false }>): Reply {
  const challenge = verdict.challenges.length > 0 ? { 'www-authenticate': verdict.challenges.join(', ') } : undefined;
  return answerProblem(stage, c.site, request, reply, problem(verdict.status, verdict.detail), challenge);
}

/**
 * The route's onRequest hook: the 406 check, then security (callback style: no promise when the schemes check synchronously, as
 * API keys against a key list do). An answer sent here ends the request; `done` is not called then.
 */
function requestHook(stage: ErrorStage, c: CompiledOperation, security: SecurityHandlers | undefined, accepts: ReturnType<typeof acceptCheck>) {
  const admit = (request: FastifyRequest, reply: FastifyReply, verdict: SecurityVerdict, done: (err?: Error) => void): void => {
    if (verdict.ok) {
      if (verdict.auth) (request as unknown as Record<string, unknown>)[AUTH] = verdict.auth;
      done();
      return;
    }
    const sent = refuse(stage, c, request, reply, verdict);
    if (sent instanceof Promise) sent.catch(done);
  };
  const authorize = security ? compileAuthorizer(c.op, security) : undefined;
  return (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void): void => {
    const refused = accepts?.(request, reply);
    if (refused !== undefined) {
      if (refused instanceof Promise) refused.catch(done);
      return;
    }
    if (!authorize) {
      done();
      return;
    }
    let verdict: SecurityVerdict | Promise<SecurityVerdict>;
    try {
      verdict = authorize(request);
    } catch (error) {
      done(error as Error);
      return;
    }
    if (verdict instanceof Promise) verdict.then((v) => admit(request, reply, v, done), done);
    else admit(request, reply, verdict, done);
  };
}

/** Concrete (no wildcard) request body media types of the API, multipart left to @fastify/multipart; true: every body declared with it is JSON. */
function requestMediaTypes(compiled: CompiledOperation[]): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const { op } of compiled) {
    for (const m of op.requestBody?.content ?? []) {
      const type = m.mediaType.toLowerCase();
      if (!type.includes('*') && m.kind !== 'multipart' && !type.startsWith('multipart/')) out.set(type, (out.get(type) ?? true) && m.kind === 'json');
    }
  }
  return out;
}

function siteOf(request: FastifyRequest): ProblemSite {
  return ((request.routeOptions.config as unknown as Record<string, unknown> | undefined)?.[SITE] as ProblemSite | undefined) ?? OUTSIDE;
}

function errorHandler(stage: ErrorStage) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      const detail = status === 413 ? 'request body is too large' : typeof error.code === 'string' && error.code.startsWith('FST_') ? error.message : undefined;
      return answerProblem(stage, siteOf(request), request, reply, problem(status, detail));
    }
    request.log.error({ err: error, operationId: siteOf(request).operationId }, 'contractgen: unhandled error');
    return answerProblem(stage, siteOf(request), request, reply, problem(500, 'unexpected error'));
  };
}

/**
 * Methods beyond Fastify's defaults (OpenAPI 3.2 `additionalOperations`: COPY, LINK, …) are added
 * with a body; Node's HTTP parser accepts only `http.METHODS`, so any other fails here.
 */
function addHttpMethods(app: FastifyInstance, compiled: CompiledOperation[]): void {
  for (const { op } of compiled) {
    if (app.supportedMethods.includes(op.method)) continue;
    if (!httpMethods.includes(op.method)) {
      throw new ServerSetupError('CG_METHOD_UNSUPPORTED', `operation ${op.operationId}: method ${JSON.stringify(op.method)} cannot be served: Node's HTTP parser accepts only ${httpMethods.join(', ')}`);
    }
    app.addHttpMethod(op.method, { hasBody: true });
  }
}

/**
 * Registers one Fastify route per operation of `api`, inside an encapsulated plugin (its own
 * content-type parsers, error and not-found handlers), plus, per path, a route for the methods the
 * path doesn't serve (405, OPTIONS 204 with Allow, or the `default` handler). Schemas are compiled
 * and security handlers built before anything is registered, so a bad spec or config fails here,
 * not on the first request.
 */
export async function registerOperations(
  app: FastifyInstance,
  api: ApiSpec,
  handlers: Record<string, Handler>,
  options: RegisterOptions = {},
): Promise<void> {
  const validateResponses = options.validateResponses ?? process.env['NODE_ENV'] !== 'production';
  const bodyLimit = options.bodyLimit ?? app.initialConfig.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const compiled = compileOperations(api, handlers, validateResponses);
  addHttpMethods(app, compiled);
  const security = await buildSecurity(api, options.security, app.log);
  const usesMultipart = (c: CompiledOperation): boolean => c.op.requestBody?.content.some((m) => m.kind === 'multipart') === true;
  const stage: ErrorStage = { options, validateResponses, plans: compiled.map((c) => c.plan) };

  // Credentials out of log lines: the listener's request serializer when there is one, else ours on these routes.
  const shared = sharedCredentialNames(app);
  const names = shared ?? newCredentialNames();
  addCredentialNames(names, api);

  const plugin = async (scope: FastifyInstance): Promise<void> => {
    scope.removeAllContentTypeParsers();
    const asBuffer = (_req: FastifyRequest, body: Buffer, done: (err: null, body: Buffer) => void): void => done(null, body);
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, asBuffer);
    // A parser under each concrete media type a request body declares: Fastify caches the parser of
    // a named type per Content-Type value, while the catch-all is looked up (the header parsed) on
    // every request. JSON types get their text without a copy (utf8-body.ts), the others the bytes.
    const utf8 = utf8BodyParser(bodyLimit);
    for (const [type, json] of requestMediaTypes(compiled)) {
      try {
        if (json) scope.addContentTypeParser(type, { bodyLimit }, utf8);
        else scope.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit }, asBuffer);
      } catch (error) {
        app.log.debug({ err: error, type }, 'contractgen: a media type Fastify cannot name a parser for; the catch-all parser reads it');
      }
    }
    scope.setErrorHandler(errorHandler(stage));
    try {
      scope.setNotFoundHandler((request, reply) => answerProblem(stage, OUTSIDE, request, reply, problem(404, 'no operation matches this path')));
    } catch (error) {
      app.log.debug({ err: error }, 'contractgen: a not-found handler is already set; keeping it');
    }
    scope.decorateRequest(AUTH, null);
    const run: RunContext = { api, parseJson: safeJsonParser(scope), options, validateResponses, stage };
    const byUrl = new Map<string, CompiledOperation[]>();
    for (const c of compiled) byUrl.set(c.url, [...(byUrl.get(c.url) ?? []), c]);
    const route = (target: FastifyInstance, c: CompiledOperation, streamedParts = false): void => {
      const method = c.op.method.toUpperCase();
      const siblings = (byUrl.get(c.url) ?? []).map((s) => s.op.method.toUpperCase());
      const guarded = c.op.security.length > 0;
      const accepts = acceptCheck(stage, c);
      // An onRequest hook only where it has work before the body is read: security, or the 406
      // check of an operation with a request body. Otherwise the 406 check opens the handler (no
      // body is read for such an operation), so the order stays 406 → security → validation.
      const early = guarded || (accepts !== undefined && c.op.requestBody !== undefined);
      target.route({
        method,
        url: c.url,
        bodyLimit,
        config: { [SITE]: c.site } as Record<string, unknown>,
        exposeHeadRoute: method === 'GET' && !siblings.includes('HEAD'),
        ...(early ? { onRequest: requestHook(stage, c, guarded ? security : undefined, accepts) } : {}),
        // streamed multipart parts: what the handler left unread is drained before the answer goes out
        ...(streamedParts ? { onSend: drainParts } : {}),
        // The runner answers on its own; returning undefined tells Fastify to wait for the reply.
        handler: early || !accepts
          ? (request, reply) => runOperation(c, request, reply, run)
          : (request, reply) => {
              const refused = accepts(request, reply);
              if (refused === undefined) runOperation(c, request, reply, run);
              else if (refused instanceof Promise) refused.then(undefined, (error: unknown) => reply.send(error));
            },
      });
    };
    for (const c of compiled) if (!usesMultipart(c) && !streamsBody(c.op)) route(scope, c);
    // `x-stream: true` request bodies: binary types reach the handler as a stream, in a scope with their parsers
    const streamed = compiled.filter((c) => !usesMultipart(c) && streamsBody(c.op));
    if (streamed.length > 0) {
      await scope.register(async (child) => {
        enableStreamedBodies(child, streamed.map((c) => c.op), bodyLimit);
        for (const c of streamed) route(child, c);
      });
    }
    // @fastify/multipart adds two async hooks and nine request decorations to every route of the
    // scope it is registered in: only the multipart routes get it, in a scope of their own — and
    // those that stream (x-stream / streamBodies) in one whose binary types stream too.
    const limits = { ...DEFAULT_MULTIPART_LIMITS, ...options.multipart };
    for (const stream of [false, true]) {
      const multipart = compiled.filter((c) => usesMultipart(c) && streamsBody(c.op) === stream);
      if (multipart.length === 0) continue;
      await scope.register(async (child) => {
        if (stream) enableStreamedBodies(child, multipart.map((c) => c.op), bodyLimit);
        await enableMultipart(child, limits);
        for (const c of multipart) route(child, c, stream);
      });
    }
    for (const [url, operations] of byUrl) {
      const allowed = new Set<string>(operations.map((c) => c.op.method.toUpperCase()));
      if (allowed.has('GET')) allowed.add('HEAD');
      const undeclared = METHODS.filter((m) => !allowed.has(m));
      if (undeclared.length === 0) continue;
      // An undeclared OPTIONS is answered 204 with Allow (CORS preflights are answered by @fastify/cors before).
      allowed.add('OPTIONS');
      const allow = METHODS.filter((m) => allowed.has(m)).join(', ');
      const site: ProblemSite = { operationId: undefined, plan: undefined, near: operations.map((c) => c.plan) };
      const defaultHandler = options.default;
      scope.route({
        method: undeclared,
        url,
        bodyLimit,
        exposeHeadRoute: false,
        config: { [SITE]: site },
        handler: (request, reply) => {
          if (defaultHandler) return runDefault(defaultHandler, stage, request, reply);
          if (request.method === 'OPTIONS') return reply.code(204).header('allow', allow).send();
          return answerProblem(stage, site, request, reply, problem(405, `allowed methods: ${allow}`), { allow });
        },
      });
    }
  };
  const pluginOptions: Record<string, unknown> = options.prefix !== undefined ? { prefix: options.prefix } : {};
  if (!shared) pluginOptions['logSerializers'] = { req: redactingRequestSerializer(names) };
  await app.register(plugin, pluginOptions);
}
