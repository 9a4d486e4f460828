/** Small assertion helpers that also narrow types, so tests need no casts. */
import { expect } from 'vitest';

/**
 * Awaits `promise`, which must reject with an instance of `type`; returns the error typed as such.
 * Fails the test when the promise resolves or rejects with anything else.
 */
export async function rejection<E>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  const outcome = await promise.then(
    (value: unknown) => ({ resolved: true as const, value }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  if (outcome.resolved) throw new Error(`expected a rejection with ${type.name}, but it resolved to ${String(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(type);
  return outcome.error as E;
}

/** The members of a response union `R` that status `S` can be (a range member `4XX` included). */
export type AtStatus<R, S extends number> = R extends { status: infer X } ? (S extends X ? R : never) : never;

/**
 * Asserts that a client response has `status` and is documented (its body is the documented type);
 * returns it narrowed to that member, so the test reads the body without a cast or an `if`.
 */
export function documented<R extends { status: number; documented?: boolean; body?: unknown }, S extends R['status']>(
  res: R,
  status: S,
): Extract<AtStatus<R, S>, { documented: true }> {
  expect({ status: res.status, documented: res.documented }, `body: ${JSON.stringify(res.body)}`).toEqual({ status, documented: true });
  return res as Extract<AtStatus<R, S>, { documented: true }>;
}
