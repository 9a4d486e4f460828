/**
 * The `default` (catch-all) handler for methods the spec does not declare on a known path
 * (issue 15; Ballerina's `resource function default`). There is no operation, so no contract: no
 * security requirement, no validation, the body sent as given.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { answerProblem, isResponse, OUTSIDE, type ErrorStage } from './error-stage.js';
import { isHttpError } from './errors.js';
import { asIs, problem } from './problem.js';
import { streamPayload } from './stream-response.js';
import { ContractIssue, encodeHeaders, isBinaryLike } from './response-body.js';
import type { DefaultHandler, DefaultRequest, HandlerContext, HandlerResponse } from './types.js';

function defaultRequest(request: FastifyRequest): DefaultRequest {
  const url = request.url;
  const q = url.indexOf('?');
  const query: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  if (q >= 0) {
    for (const [k, v] of new URLSearchParams(url.slice(q + 1))) {
      const seen = query[k];
      query[k] = seen === undefined ? v : Array.isArray(seen) ? [...seen, v] : [seen, v];
    }
  }
  const req: DefaultRequest = { method: request.method, path: q < 0 ? url : url.slice(0, q), query, headers: request.headers };
  const body = request.body;
  // bytes; the text of a JSON media type's body (utf8-body.ts) as its bytes again
  if (Buffer.isBuffer(body) && body.length > 0) req.body = body;
  else if (typeof body === 'string' && body.length > 0) req.body = Buffer.from(body, 'utf8');
  return req;
}

export async function runDefault(handler: DefaultHandler, stage: ErrorStage, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const ctx: HandlerContext = { request, reply, log: request.log, operationId: 'default' };
  let res: HandlerResponse;
  try {
    res = await handler(defaultRequest(request), ctx);
  } catch (error) {
    if (!isHttpError(error)) {
      request.log.error({ err: error }, 'contractgen: the default handler threw');
      return answerProblem(stage, OUTSIDE, request, reply, problem(500, 'unexpected error'));
    }
    res = { status: error.status, body: error.body };
    if (error.headers) res.headers = error.headers;
  }
  if (reply.sent) return reply;
  if (!isResponse(res)) {
    request.log.error('contractgen: the default handler response has no valid status');
    return answerProblem(stage, OUTSIDE, request, reply, problem(500, 'unexpected error'));
  }
  let headers;
  try {
    headers = encodeHeaders(res.headers);
  } catch (error) {
    if (!(error instanceof ContractIssue)) throw error;
    request.log.error({ errors: [error.issue] }, `contractgen: the default handler response header ${error.issue.pointer.slice(1)} ${error.issue.message}`);
    return answerProblem(stage, OUTSIDE, request, reply, problem(500, 'unexpected error'));
  }
  reply.code(res.status);
  for (const [name, value] of headers) reply.header(name, value);
  const body = res.body;
  if (body === undefined) return reply.send();
  if (typeof body === 'string') return reply.header('content-type', res.contentType ?? 'text/plain; charset=utf-8').send(body);
  if (isBinaryLike(body)) return reply.header('content-type', res.contentType ?? 'application/octet-stream').send(streamPayload(body));
  return reply.header('content-type', res.contentType ?? 'application/json').serializer(asIs).send(JSON.stringify(body));
}
