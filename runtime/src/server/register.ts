import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiSpec, OperationSpec } from '../spec.js';
import type { JsonParse } from './body-decoding.js';
import { ServerSetupError } from './errors.js';
import { negotiate } from './media-type.js';
import { DEFAULT_MULTIPART_LIMITS, enableMultipart } from './multipart.js';
import { runOperation } from './operation-runner.js';
import { toRoutePath } from './path-template.js';
import { problem, sendProblem } from './problem.js';
import { compileBinder, type RequestBinder } from './request-binding.js';
import { compileResponses, serializerComponents, type ResponsePlan } from './responses.js';
import { SchemaCompiler } from './schema-compiler.js';
import { authorize, buildSecurity } from './security.js';
import type { AuthInfo, Handler, RegisterOptions } from './types.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE'] as const;
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface CompiledOperation {
  op: OperationSpec;
  handler: Handler;
  url: string;
  binder: RequestBinder;
  plan: ResponsePlan;
}

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
    return {
      op,
      handler,
      url: route.url,
      binder: compileBinder(api, op, route.params, { plain, coercing }),
      plan: compileResponses(api, op, response, components),
    };
  });
}

function safeJsonParser(scope: FastifyInstance): JsonParse {
  const parser = scope.getDefaultJsonParser('error', 'error') as unknown as (
    req: unknown,
    body: string,
    done: (err: Error | null, value?: unknown) => void,
  ) => void;
  return (text) => {
    let result: ReturnType<JsonParse> = { ok: false, message: 'is not valid JSON' };
    parser(undefined, text, (err, value) => {
      result = err ? { ok: false, message: text.length === 0 ? 'is empty' : 'is not valid JSON (or carries __proto__ / constructor.prototype)' } : { ok: true, value };
    });
    return result;
  };
}

function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 400 && status < 500) {
    const detail = status === 413 ? 'request body is too large' : typeof error.code === 'string' && error.code.startsWith('FST_') ? error.message : undefined;
    return sendProblem(reply, problem(status, detail));
  }
  request.log.error({ err: error }, 'contractgen: unhandled error');
  return sendProblem(reply, problem(500, 'unexpected error'));
}

/**
 * Registers one Fastify route per operation of `api`, inside an encapsulated plugin (its own
 * content-type parsers, error and not-found handlers), plus a 405 route per path for the methods
 * the path doesn't serve. Schemas are compiled and security handlers built before anything is
 * registered, so a bad spec or config fails here, not on the first request.
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
  const security = await buildSecurity(api, options.security, app.log);
  const usesMultipart = compiled.some((c) => c.op.requestBody?.content.some((m) => m.kind === 'multipart'));
  const authByRequest = new WeakMap<FastifyRequest, AuthInfo>();

  const plugin = async (scope: FastifyInstance): Promise<void> => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));
    if (usesMultipart) await enableMultipart(scope, { ...DEFAULT_MULTIPART_LIMITS, ...options.multipart });
    scope.setErrorHandler(errorHandler);
    try {
      scope.setNotFoundHandler((_req, reply) => sendProblem(reply, problem(404, 'no operation matches this path')));
    } catch (error) {
      app.log.debug({ err: error }, 'contractgen: a not-found handler is already set; keeping it');
    }
    const parseJson = safeJsonParser(scope);
    const byUrl = new Map<string, Set<string>>();
    for (const c of compiled) {
      const methods = byUrl.get(c.url) ?? new Set<string>();
      methods.add(c.op.method.toUpperCase());
      byUrl.set(c.url, methods);
    }
    for (const c of compiled) {
      const method = c.op.method.toUpperCase();
      const siblings = byUrl.get(c.url) as Set<string>;
      scope.route({
        method,
        url: c.url,
        bodyLimit,
        exposeHeadRoute: method === 'GET' && !siblings.has('HEAD'),
        onRequest: async (request, reply) => {
          const accept = request.headers.accept;
          if (accept && c.plan.mediaTypes.length > 0 && negotiate(accept, c.plan.mediaTypes) === undefined) {
            return sendProblem(reply, problem(406, `acceptable media types: ${c.plan.mediaTypes.join(', ')}`));
          }
          const verdict = await authorize(c.op, security, request);
          if (!verdict.ok) {
            return sendProblem(reply, problem(verdict.status, verdict.detail), verdict.challenges.length > 0 ? { 'www-authenticate': verdict.challenges.join(', ') } : undefined);
          }
          if (verdict.auth) authByRequest.set(request, verdict.auth);
          return undefined;
        },
        handler: (request, reply) =>
          runOperation(c, request, reply, { api, parseJson, options, validateResponses, auth: authByRequest.get(request) }),
      });
    }
    for (const [url, declared] of byUrl) {
      const allowed = new Set(declared);
      if (allowed.has('GET')) allowed.add('HEAD');
      const others = METHODS.filter((m) => !allowed.has(m));
      if (others.length === 0) continue;
      const allow = METHODS.filter((m) => allowed.has(m)).join(', ');
      scope.route({
        method: others,
        url,
        exposeHeadRoute: false,
        handler: (_req, reply) => sendProblem(reply, problem(405, `allowed methods: ${allow}`), { allow }),
      });
    }
  };
  await app.register(plugin, options.prefix !== undefined ? { prefix: options.prefix } : {});
}
