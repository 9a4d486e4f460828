import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiSpec } from '../spec.js';
import type { JsonParse } from './body-decoding.js';
import { answerProblem, isResponse, type ErrorStage } from './error-stage.js';
import { isHttpError, ResponseContractError } from './errors.js';
import { problem } from './problem.js';
import type { CompiledOperation } from './register.js';
import { bindRequest, type BindResult } from './request-binding.js';
import { prepareResponse, writeResponse, type PreparedResponse } from './responses.js';
import { isStreamResponse, sendStream } from './stream.js';
import { streamedBodyRefusal } from './stream-body.js';
import type { AuthInfo, HandlerContext, HandlerRequest, HandlerResponse, RegisterOptions } from './types.js';

export interface RunContext {
  api: ApiSpec;
  parseJson: JsonParse;
  options: RegisterOptions;
  validateResponses: boolean;
  stage: ErrorStage;
}

/** Where the security hook leaves what the scheme verified (a request decoration, null otherwise). */
export const AUTH = 'contractgenAuth';

type Outcome = { res: HandlerResponse } | { failed: unknown };
type Reply = FastifyReply | Promise<FastifyReply>;

function thrown(error: unknown): Outcome {
  if (isHttpError(error)) {
    const res: HandlerResponse = { status: error.status };
    if (error.body !== undefined) res.body = error.body;
    if (error.headers !== undefined) res.headers = error.headers;
    return { res };
  }
  return { failed: error };
}

async function attempt(fn: () => unknown): Promise<Outcome | undefined> {
  try {
    const res = await fn();
    return res === undefined || res === null ? undefined : { res: res as HandlerResponse };
  } catch (error) {
    return thrown(error);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Binds, runs interceptors and the handler, checks and sends the response. Order: (security and the
 * 406 check ran in onRequest) → binding and validation → before → handler → after → contract check
 * and serialization; a problem at any step goes through the error stage.
 *
 * It answers on its own and returns nothing: Fastify's route handler returns `undefined` (Fastify
 * then waits for the reply), so no promise of ours goes through Fastify's thenable handling (its
 * `wrapThenable`, and the adoption of the reply — itself a thenable — a promise resolving to it
 * costs). Without interceptors this runs without a promise of its own where nothing is
 * asynchronous: the binding is synchronous (but for multipart), and a handler's promise is
 * awaited once, its callbacks returning nothing.
 */
export function runOperation(c: CompiledOperation, request: FastifyRequest, reply: FastifyReply, run: RunContext): void {
  const bound = bindRequest(run.api, c.binder, request, run.parseJson);
  if (!(bound instanceof Promise)) return afterBinding(c, request, reply, run, bound);
  bound.then(
    (b) => afterBinding(c, request, reply, run, b),
    (error: unknown) => crashed(reply, error),
  );
}

/** A failure of the runtime itself (not of the handler, whose errors are answered as 500s): Fastify's error path answers it. */
function crashed(reply: FastifyReply, error: unknown): void {
  if (reply.sent) {
    reply.log.error({ err: error }, 'contractgen: failed after the response was sent');
    return;
  }
  reply.send(error instanceof Error ? error : new Error(String(error)));
}

/** An answer still under way (the error stage, multipart, interceptors): its failure goes to {@link crashed}. */
function settle(reply: FastifyReply, sent: Reply): void {
  if (sent instanceof Promise) sent.then(undefined, (error: unknown) => crashed(reply, error));
}

function afterBinding(c: CompiledOperation, request: FastifyRequest, reply: FastifyReply, run: RunContext, bound: BindResult): void {
  if (!bound.ok) return settle(reply, answerProblem(run.stage, c.site, request, reply, bound.problem, bound.headers));
  const req: HandlerRequest = bound.req;
  const auth = (request as unknown as Record<string, AuthInfo | null>)[AUTH];
  if (auth) req.auth = auth;
  const ctx: HandlerContext = { request, reply, log: request.log, operationId: c.op.operationId };
  const interceptors = run.options.interceptors;
  if (interceptors?.before?.length || interceptors?.after?.length) return settle(reply, intercepted(c, request, reply, run, req, ctx));
  let result: unknown;
  try {
    result = c.handler(req, ctx);
  } catch (error) {
    return settle(reply, respond(c, request, reply, run, thrown(error)));
  }
  if (!isThenable(result)) return settle(reply, respond(c, request, reply, run, result === undefined || result === null ? undefined : { res: result as HandlerResponse }));
  result.then(
    (res) => answered(c, request, reply, run, res === undefined || res === null ? undefined : { res: res as HandlerResponse }),
    (error: unknown) => answered(c, request, reply, run, thrown(error)),
  );
}

/** {@link respond} from a promise callback: returns nothing (no promise adopts the reply), throws nothing. */
function answered(c: CompiledOperation, request: FastifyRequest, reply: FastifyReply, run: RunContext, outcome: Outcome | undefined): void {
  try {
    settle(reply, respond(c, request, reply, run, outcome));
  } catch (error) {
    crashed(reply, error);
  }
}

async function intercepted(c: CompiledOperation, request: FastifyRequest, reply: FastifyReply, run: RunContext, req: HandlerRequest, ctx: HandlerContext): Promise<FastifyReply> {
  let outcome: Outcome | undefined;
  const interceptors = run.options.interceptors;
  if (interceptors?.before) {
    for (const before of interceptors.before) {
      outcome = await attempt(() => before(req, ctx));
      if (outcome) break;
    }
  }
  outcome ??= await attempt(() => c.handler(req, ctx));
  if (reply.sent) return reply;
  if (outcome && 'res' in outcome && interceptors?.after) {
    for (const after of interceptors.after) {
      const current: HandlerResponse = outcome.res;
      const next: Outcome | undefined = await attempt(() => after(req, current, ctx));
      if (next) outcome = next;
      if ('failed' in outcome) break;
    }
  }
  return respond(c, request, reply, run, outcome);
}

/** Checks the outcome against the contract, encodes and writes it (or answers the 500 it is). */
function respond(c: CompiledOperation, request: FastifyRequest, reply: FastifyReply, run: RunContext, outcome: Outcome | undefined): Reply {
  if (reply.sent) return reply;
  // a streamed request body (x-stream) cut at bodyLimit, or its multipart parts breaking a limit, made the handler fail: the client's 413 (400)
  const refusal = outcome && 'failed' in outcome ? streamedBodyRefusal(outcome.failed) : undefined;
  if (refusal) return answerProblem(run.stage, c.site, request, reply, problem(refusal.status, refusal.detail), { connection: 'close' });
  if (!outcome || 'failed' in outcome) {
    request.log.error({ err: outcome?.failed, operationId: c.op.operationId }, outcome ? `contractgen: ${c.op.operationId}: the handler threw` : `contractgen: ${c.op.operationId}: the handler returned no response`);
    return answerProblem(run.stage, c.site, request, reply, problem(500, 'unexpected error'));
  }
  const res = outcome.res;
  if (!isResponse(res)) {
    request.log.error({ operationId: c.op.operationId }, `contractgen: ${c.op.operationId}: the handler response has no valid status`);
    return answerProblem(run.stage, c.site, request, reply, problem(500, 'unexpected error'));
  }
  // A stub (e.g. from `codegen scaffold`) throwing HttpError(501) on an operation that documents no 501:
  // answer 501 problem+json rather than turning "not implemented" into a contract-violation 500.
  if (res.status === 501 && !c.plan.byStatus.has('501')) {
    const given = (res.body as { detail?: unknown } | undefined)?.detail;
    return answerProblem(run.stage, c.site, request, reply, problem(501, typeof given === 'string' ? given : `${c.op.operationId} is not implemented yet`));
  }
  let prepared: PreparedResponse | Promise<PreparedResponse>;
  try {
    if (isStreamResponse(res)) return sendStream(c.streams, c.op, res, request, reply, run.options.streams ?? {});
    prepared = prepareResponse(c.plan, res, request.headers.accept, run.validateResponses, reply);
  } catch (error) {
    return encodingFailed(c, request, reply, run, error);
  }
  if (!(prepared instanceof Promise)) return writeResponse(reply, prepared);
  return prepared.then(
    (p) => writeResponse(reply, p),
    (error: unknown) => encodingFailed(c, request, reply, run, error),
  );
}

function encodingFailed(c: CompiledOperation, request: FastifyRequest, reply: FastifyReply, run: RunContext, error: unknown): Reply {
  if (error instanceof ResponseContractError) {
    request.log.error({ err: error, errors: error.errors, operationId: c.op.operationId }, error.message);
    return answerProblem(run.stage, c.site, request, reply, problem(500, 'the response does not match the API contract'));
  }
  request.log.error({ err: error, operationId: c.op.operationId }, `contractgen: ${c.op.operationId}: the response could not be encoded`);
  return answerProblem(run.stage, c.site, request, reply, problem(500, 'unexpected error'));
}
