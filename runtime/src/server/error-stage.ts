/**
 * The error stage: every problem the runtime answers itself (400 … 501) passes the `onError`
 * interceptors, then the error mapper (issue 12.5, issue 15). A response either returns is checked
 * against the contract and encoded like a handler's; if it breaks the contract (or they throw), the
 * problem goes out as problem+json and the reason is logged.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ResponseContractError } from './errors.js';
import { lingerOnClose } from './lingering-close.js';
import { isRuntimeProblem, sendProblem, type Problem } from './problem.js';
import { findResponse, prepareResponse, writeResponse, type ResponsePlan } from './responses.js';
import type { HandlerResponse, ProblemContext, RegisterOptions } from './types.js';

export interface ErrorStage {
  options: RegisterOptions;
  validateResponses: boolean;
  /** Plans of every operation, for problems outside one (404, 405): the first whose responses declare the mapped status shapes it. */
  plans: ResponsePlan[];
}

/** Where a problem arose: the operation's plan, or (outside any operation) the plans that may shape it. */
export interface ProblemSite {
  operationId: string | undefined;
  plan: ResponsePlan | undefined;
  /** 405 on a known path: that path's operations first. */
  near?: ResponsePlan[];
}

/** A problem outside any operation (404, or the default handler's). */
export const OUTSIDE: ProblemSite = { operationId: undefined, plan: undefined };

export function isResponse(value: unknown): value is HandlerResponse {
  if (typeof value !== 'object' || value === null) return false;
  const status = (value as { status?: unknown }).status;
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599;
}

function withHeaders(res: HandlerResponse, headers: Record<string, string> | undefined): HandlerResponse {
  if (!headers) return res;
  const merged: Record<string, unknown> = { ...res.headers };
  const present = new Set(Object.keys(merged).map((k) => k.toLowerCase()));
  // The problem's own headers (WWW-Authenticate on 401, Allow on 405) stay unless the mapped response sets them.
  for (const [k, v] of Object.entries(headers)) if (!present.has(k)) merged[k] = v;
  return { ...res, headers: merged };
}

export async function answerProblem(
  stage: ErrorStage,
  site: ProblemSite,
  request: FastifyRequest,
  reply: FastifyReply,
  p: Problem,
  headers?: Record<string, string>,
): Promise<FastifyReply> {
  // A problem answered before the body was read to its end (413, unparsable, a multipart limit):
  // if the connection is closed after it, close it lingering (lingering-close.ts), so no RST overtakes it.
  if (!request.raw.complete) lingerOnClose(request.raw);
  const { onError } = stage.options.interceptors ?? {};
  const mapper = stage.options.errorMapper;
  if ((!onError?.length && !mapper) || !isRuntimeProblem(p)) return sendProblem(reply, p, headers);
  const log = request.log;
  const ctx: ProblemContext = { request, reply, log, operationId: site.operationId };
  let res: HandlerResponse | undefined;
  try {
    for (const interceptor of onError ?? []) {
      const r = await interceptor(p, ctx);
      if (reply.sent) return reply;
      if (r) {
        res = r;
        break;
      }
    }
    res ??= (await mapper?.(p, ctx)) ?? undefined;
  } catch (error) {
    log.error({ err: error, operationId: site.operationId }, `contractgen: an error interceptor or the error mapper threw on a ${p.status} problem; answering problem+json`);
    return sendProblem(reply, p, headers);
  }
  if (reply.sent) return reply;
  if (res === undefined) return sendProblem(reply, p, headers);
  if (!isResponse(res)) {
    log.error({ operationId: site.operationId }, `contractgen: the response mapped from a ${p.status} problem has no valid status; answering problem+json`);
    return sendProblem(reply, p, headers);
  }
  const mapped = res;
  const plan = site.plan ?? [...(site.near ?? []), ...stage.plans].find((candidate) => findResponse(candidate, mapped.status) !== undefined);
  if (!plan) {
    log.error({ status: mapped.status }, `contractgen: no operation declares the status ${mapped.status} a ${p.status} problem was mapped to; answering problem+json`);
    return sendProblem(reply, p, headers);
  }
  try {
    return writeResponse(reply, await prepareResponse(plan, withHeaders(mapped, headers), request.headers.accept, stage.validateResponses, reply));
  } catch (error) {
    if (!(error instanceof ResponseContractError)) throw error;
    log.error({ err: error, errors: error.errors, operationId: site.operationId }, `${error.message}; the ${p.status} problem it was mapped from is answered as problem+json`);
    return sendProblem(reply, p, headers);
  }
}
