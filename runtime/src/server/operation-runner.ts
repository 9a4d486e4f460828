import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiSpec } from '../spec.js';
import type { JsonParse } from './body-decoding.js';
import { isHttpError, ResponseContractError } from './errors.js';
import { problem, sendProblem } from './problem.js';
import type { CompiledOperation } from './register.js';
import { bindRequest } from './request-binding.js';
import { checkResponse, sendResponse } from './responses.js';
import type { AuthInfo, HandlerContext, HandlerRequest, HandlerResponse, RegisterOptions } from './types.js';

export interface RunContext {
  api: ApiSpec;
  parseJson: JsonParse;
  options: RegisterOptions;
  validateResponses: boolean;
  auth: AuthInfo | undefined;
}

function isResponse(value: unknown): value is HandlerResponse {
  if (typeof value !== 'object' || value === null) return false;
  const status = (value as { status?: unknown }).status;
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599;
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

/** Binds, runs interceptors and the handler, checks and sends the response. */
export async function runOperation(c: CompiledOperation, request: FastifyRequest, reply: FastifyReply, run: RunContext): Promise<FastifyReply> {
  const ctx: HandlerContext = { request, reply, log: request.log, operationId: c.op.operationId };
  const bound = await bindRequest(run.api, c.binder, request, run.parseJson);
  if (!bound.ok) return sendProblem(reply, bound.problem);
  const req: HandlerRequest = bound.req;
  if (run.auth) req.auth = run.auth;

  let outcome: Outcome | undefined;
  for (const before of run.options.interceptors?.before ?? []) {
    outcome = await attempt(() => before(req, ctx));
    if (outcome) break;
  }
  outcome ??= await attempt(() => c.handler(req, ctx));
  if (reply.sent) return reply;
  if (outcome && 'res' in outcome) {
    for (const after of run.options.interceptors?.after ?? []) {
      const current: HandlerResponse = outcome.res;
      const next: Outcome | undefined = await attempt(() => after(req, current, ctx));
      if (next) outcome = next;
      if ('failed' in outcome) break;
    }
  }
  if (!outcome || 'failed' in outcome) {
    request.log.error({ err: outcome?.failed, operationId: c.op.operationId }, outcome ? 'contractgen: handler failed' : 'contractgen: handler returned no response');
    return sendProblem(reply, problem(500, 'unexpected error'));
  }
  const res = outcome.res;
  const accept = request.headers.accept;
  if (!isResponse(res)) {
    request.log.error({ operationId: c.op.operationId }, 'contractgen: handler response has no valid status');
    return sendProblem(reply, problem(500, 'unexpected error'));
  }
  // A stub (e.g. from `codegen scaffold`) throwing HttpError(501) on an operation that documents no 501:
  // answer 501 problem+json rather than turning "not implemented" into a contract-violation 500.
  if (res.status === 501 && !c.plan.byStatus.has('501')) {
    const given = (res.body as { detail?: unknown } | undefined)?.detail;
    return sendProblem(reply, problem(501, typeof given === 'string' ? given : `${c.op.operationId} is not implemented yet`));
  }
  if (run.validateResponses) {
    try {
      checkResponse(c.plan, res, accept);
    } catch (error) {
      if (!(error instanceof ResponseContractError)) throw error;
      request.log.error({ err: error, errors: error.errors, operationId: c.op.operationId }, error.message);
      return sendProblem(reply, problem(500, 'the response does not match the API contract'));
    }
  }
  try {
    return sendResponse(reply, c.plan, res, accept);
  } catch (error) {
    request.log.error({ err: error, operationId: c.op.operationId }, 'contractgen: response could not be sent');
    return sendProblem(reply, problem(500, 'unexpected error'));
  }
}
