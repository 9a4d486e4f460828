/**
 * Issue 12.13: `res.ok` narrows when an operation documents `default` (Stripe's
 * pattern); issue 12.5: the runtime's problem type comes from the package root.
 * Checked by `npm run test:types` (an unused `@ts-expect-error` fails it);
 * result-types.test.ts checks the same on a generated client and at run time.
 */
import { expectTypeOf } from 'vitest';
import type { ClientResult, OtherStatus, Problem as RootProblem } from '../../../runtime/src/index.js';
import type { Problem as ServerProblem } from '../../../runtime/src/server/index.js';

type Thing = { id: string };
type ErrorBody = { code: number; message: string };

// Stripe's pattern: one explicit success, `default` for everything else.
type GetThing = ClientResult<{ status: 200; body: Thing } | { status: OtherStatus<200>; body: ErrorBody }, true>;
// Only `default`: its 2xx statuses are the successes.
type Ping = ClientResult<{ status: OtherStatus<never>; body: Thing }, true>;

export function narrowsWithDefault(res: GetThing): void {
  if (res.ok) {
    expectTypeOf(res.body).toEqualTypeOf<Thing>();
    expectTypeOf(res.status).toEqualTypeOf<200>();
  } else {
    expectTypeOf(res.body).toEqualTypeOf<ErrorBody>();
    // @ts-expect-error an error body has no id
    void res.body.id;
  }
  // @ts-expect-error without narrowing the body is Thing | ErrorBody
  void res.body.id;
  if (res.status === 201) expectTypeOf(res.ok).toEqualTypeOf<false>();
  if (res.status === 500) expectTypeOf(res.ok).toEqualTypeOf<false>();
}

export function defaultOnly(res: Ping): void {
  if (res.ok) expectTypeOf(res.body).toEqualTypeOf<Thing>();
  if (res.status === 201) expectTypeOf(res.ok).toEqualTypeOf<true>();
  if (res.status === 404) expectTypeOf(res.ok).toEqualTypeOf<false>();
}

// Issue 12.5: the runtime's problem type comes from the package root, the same type the server answers with.
expectTypeOf<RootProblem>().toEqualTypeOf<ServerProblem>();
expectTypeOf<RootProblem['status']>().toEqualTypeOf<number>();
