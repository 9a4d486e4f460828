/**
 * Issue 12.5: the generated server.ts types register()'s error mapper: it returns a response some
 * operation declares (petstore-expanded: `default: Error {code, message}`), or undefined for
 * problem+json. Checked by `npm run test:types` (an unused `@ts-expect-error` fails it).
 */
import { expectTypeOf } from 'vitest';
import type { ProblemStatus } from '../../../runtime/src/server/index.js';
import type { ErrorMapper, ServerOptions } from '../../golden/conformance-petstore-expanded/server.js';

export const toError: ErrorMapper = (problem) => {
  expectTypeOf(problem.status).toEqualTypeOf<ProblemStatus>();
  return { status: problem.status, body: { code: problem.status, message: problem.detail ?? problem.title } };
};

export const keepProblem: ErrorMapper = () => undefined;

export const asyncMapper: ErrorMapper = async (problem) => ({ status: problem.status, body: { code: 1, message: 'x' } });

// @ts-expect-error the Error schema needs `code` and `message`
export const missingCode: ErrorMapper = (problem) => ({ status: problem.status, body: { message: 'x' } });

// @ts-expect-error `message` is a string
export const wrongType: ErrorMapper = (problem) => ({ status: problem.status, body: { code: 1, message: 42 } });

export const options: ServerOptions = { errorMapper: toError };
// @ts-expect-error the option takes a mapper, not a response
export const notAFunction: ServerOptions = { errorMapper: { status: 400 } };
