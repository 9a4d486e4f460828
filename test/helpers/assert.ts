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
