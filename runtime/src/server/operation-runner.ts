import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiSpec } from '../spec.js';
import type { JsonParse } from './body-decoding.js';
import { answerProblem, isResponse, type ErrorStage } from './error-stage.js';
import { isHttpError, ResponseContractError } from './errors.js';
import { problem } from './problem.js';
import type { CompiledOperation } from './register.js';
import { bindRequest } from './request-binding.js';
import { prepareResponse, writeResponse, type PreparedResponse } from './responses.js';
import type { AuthInfo, HandlerContext, HandlerRequest, HandlerResponse, RegisterOptions } from './types.js';

export interface RunContext {
  api: ApiSpec;
  parseJson: JsonParse;
  options: RegisterOptions;
  validateResponses: boolean;
  stage: ErrorStage;
}

type Outcome = { res: HandlerResponse } | { failed: unknown };

async function attempt(fn: () => unknown): Promise<Outcome | undefined> {
  try {
    const res = await fn();
    return res === undefined || res === null ? undefined : { res: res as HandlerResponse };
  } catch (error) {
    if (isHttpError(error)) {
      const res: HandlerResponse = { status: error.status };
      if (error.body !== undefined) res.body = error.body;
      if (error.headers !== undefined) res.headers = error.headers;
      return { res };
    }
    return { failed: error };
  }
}

/**
 * Binds, runs interceptors and the handler, checks and sends the response. Order: (security and the
 * 406 check ran in onRequest) → binding and validation → before → handler → after → contract check
 * and serialization; a problem at any step goes through the error stage.
 */
export async function runOperation(c: CompiledOperation, request: FastifyRequest, reply: FastifyReply, run: RunContext, auth: AuthInfo | undefined): Promise<FastifyReply> {
  const bound = await bindRequest(run.api, c.binder, request, run.parseJson);
  if (!bound.ok) return answerProblem(run.stage, c.site, request, reply, bound.problem, bound.headers);
  const req: HandlerRequest = bound.req;
  if (auth) req.auth = auth;
  const ctx: HandlerContext = { request, reply, log: request.log, operationId: c.op.operationId };

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
  let prepared: PreparedResponse;
  try {
    const p = prepareResponse(c.plan, res, request.headers.accept, run.validateResponses, reply);
    prepared = p instanceof Promise ? await p : p;
  } catch (error) {
    if (error instanceof ResponseContractError) {
      request.log.error({ err: error, errors: error.errors, operationId: c.op.operationId }, error.message);
      return answerProblem(run.stage, c.site, request, reply, problem(500, 'the response does not match the API contract'));
    }
    request.log.error({ err: error, operationId: c.op.operationId }, `contractgen: ${c.op.operationId}: the response could not be encoded`);
    return answerProblem(run.stage, c.site, request, reply, problem(500, 'unexpected error'));
  }
  return writeResponse(reply, prepared);
}
