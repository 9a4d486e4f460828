/**
 * withTimeout on the real clock keeps one timer per duration (a queue of deadlines) instead of one
 * per attempt. What a caller relies on must hold as with a timer each: no timeout before its time,
 * deadlines of different durations in their order, a settled attempt never aborted later, no timer
 * keeping the process alive once nothing is pending, and fake timers (a user's tests) still firing it.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  TimeoutError,
  withTimeout,
} from "../../../runtime/src/resilience/index.js";

/** Never settles on its own; rejects with the signal's reason when it aborts (as a transport does). */
const hanging = (seen?: AbortSignal[]) => (signal: AbortSignal) =>
  new Promise<never>((_resolve, reject) => {
    seen?.push(signal);
    signal.addEventListener("abort", () => reject(signal.reason));
  });

const timeouts = (): number =>
  process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

describe("deadlines share a timer per duration", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("many concurrent attempts of one duration each time out, none before its time", async () => {
    const started = performance.now();
    const ends = await Promise.all(
      Array.from({ length: 40 }, () =>
        withTimeout(40, hanging()).then(
          () => "resolved",
          (error: unknown) =>
            error instanceof TimeoutError
              ? performance.now() - started
              : String(error),
        ),
      ),
    );
    for (const end of ends) {
      expect(typeof end).toBe("number");
      // the timers' resolution is 1 ms: never earlier than that before the deadline
      expect(end as number).toBeGreaterThanOrEqual(39);
    }
  });

  it("deadlines of different durations fire in deadline order", async () => {
    const order: number[] = [];
    await Promise.all(
      [60, 20, 40, 20, 60].map((ms) =>
        withTimeout(ms, hanging()).catch(
          (error: unknown) =>
            void (error instanceof TimeoutError && order.push(ms)),
        ),
      ),
    );
    expect(order).toEqual([20, 20, 40, 60, 60]);
  });

  it("a settled attempt is never aborted afterwards, and a later deadline of the queue still fires", async () => {
    const seen: AbortSignal[] = [];
    const settled = await Promise.all(
      Array.from({ length: 20 }, () =>
        withTimeout(30, async (signal) => (seen.push(signal), "ok")),
      ),
    );
    expect(settled).toEqual(Array(20).fill("ok"));
    const late = withTimeout(30, hanging()).catch((error: unknown) => error);
    expect(await late).toBeInstanceOf(TimeoutError);
    expect(seen.every((signal) => !signal.aborted)).toBe(true);
  });

  it("keeps no timer alive once nothing is pending", async () => {
    const before = timeouts();
    await Promise.all(
      Array.from({ length: 10 }, () => withTimeout(60_000, async () => "done")),
    );
    expect(timeouts()).toBeLessThanOrEqual(before);
    const pending = withTimeout(60_000, hanging());
    pending.catch(() => undefined);
    expect(timeouts()).toBe(before + 1); // a pending deadline does keep it alive, as a timer would
  });

  for (const [name, toFake] of [
    ["every clock faked", undefined],
    [
      "only the timers faked (performance.now runs on)",
      ["setTimeout", "clearTimeout"] as const,
    ],
  ] as const) {
    it(`fires under fake timers, as a timer per attempt did: ${name}`, async () => {
      vi.useFakeTimers(toFake === undefined ? {} : { toFake: [...toFake] });
      const errors: unknown[] = [];
      const pending = [1000, 1000, 2500].map((ms) =>
        withTimeout(ms, hanging()).catch(
          (error: unknown) => void errors.push(error),
        ),
      );
      await vi.advanceTimersByTimeAsync(999);
      expect(errors).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(errors).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(1500);
      await Promise.all(pending);
      expect(errors).toHaveLength(3);
      expect(errors.every((e) => e instanceof TimeoutError)).toBe(true);
    });
  }
});
