import type { FastifyReply } from 'fastify';

// The problem types live in ../types.ts so that clients get them from `@contractgen/runtime` too.
import type { Problem, ProblemFieldError } from '../types.js';
export type { Problem, ProblemFieldError, ProblemLocation } from '../types.js';

/** A reply serializer for payloads that are already serialized. */
export function asIs(payload: string): string {
  return payload;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  501: 'Not Implemented',
};

const SLUGS: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  413: 'content-too-large',
  415: 'unsupported-media-type',
  500: 'internal',
  501: 'not-implemented',
};

/** The statuses of the problems the runtime answers itself. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 405 | 406 | 413 | 415 | 500 | 501;

/** A problem the runtime answers itself, as error interceptors and the error mapper see it. */
export type RuntimeProblem = Problem & { status: ProblemStatus };

export function isRuntimeProblem(p: Problem): p is RuntimeProblem {
  return p.status in TITLES;
}

export function problem(status: number, detail?: string, errors?: ProblemFieldError[]): Problem {
  const p: Problem = {
    type: `urn:contractgen:problem:${errors ? 'validation' : (SLUGS[status] ?? `http-${status}`)}`,
    title: TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error'),
    status,
  };
  if (detail !== undefined) p.detail = detail;
  if (errors) p.errors = errors;
  return p;
}

/**
 * Sends a problem as a pre-serialized string, so Fastify never runs it through a route's response
 * schema (a spec's `default` schema must not shape the runtime's own errors).
 */
export function sendProblem(reply: FastifyReply, p: Problem, headers?: Record<string, string>): FastifyReply {
  reply.code(p.status);
  if (headers) for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  // RFC 8259 defines no charset parameter for JSON (issue 12.12).
  reply.header('content-type', PROBLEM_CONTENT_TYPE);
  // A serializer that keeps the string as it is: without one Fastify appends `; charset=utf-8`.
  return reply.serializer(asIs).send(JSON.stringify(p));
}
