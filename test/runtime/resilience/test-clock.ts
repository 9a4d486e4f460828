import type { Clock, HttpResult } from '../../../runtime/src/resilience/index.js';
import { AbortedError } from '../../../runtime/src/resilience/index.js';

interface Timer {
  due: number;
  resolve: () => void;
}

/**
 * A fake Clock. Every `sleep` is recorded in `sleeps`. In auto mode a sleep moves time forward and
 * resolves at once (for asserting exact waits); otherwise it resolves when the test calls `advance`.
 */
export class TestClock implements Clock {
  readonly sleeps: number[] = [];
  #now: number;
  readonly #auto: boolean;
  #timers: Timer[] = [];

  constructor(start = 0, options: { auto?: boolean } = {}) {
    this.#now = start;
    this.#auto = options.auto ?? false;
  }

  now(): number {
    return this.#now;
  }

  get pending(): number {
    return this.#timers.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new AbortedError({ cause: signal.reason }));
    this.sleeps.push(ms);
    if (this.#auto) {
      this.#now += ms;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const timer: Timer = {
        due: this.#now + ms,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.#timers = this.#timers.filter((t) => t !== timer);
        reject(new AbortedError({ cause: signal?.reason }));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#timers.push(timer);
    });
  }

  /** Moves time forward by `ms`, firing due timers in order and letting the code they resume run. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      const next = this.#timers.filter((t) => t.due <= target).sort((a, b) => a.due - b.due)[0];
      if (next === undefined) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#now = next.due;
      next.resolve();
      await flush();
    }
    this.#now = target;
    await flush();
  }
}

/** Lets every pending promise callback run (bounded: one macrotask turn). */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Polls `condition` between macrotask turns; fails after `turns` turns (a bounded wait). */
export async function until(condition: () => boolean, turns = 100): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (condition()) return;
    await flush();
  }
  throw new Error('condition not met');
}

/** A fake HttpResult that records its disposal. */
export interface FakeResult extends HttpResult {
  disposed: number;
}

export function result(status: number, headers: Record<string, string> = {}): FakeResult {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const r: FakeResult = {
    status,
    headers: { get: (name) => lower.get(name.toLowerCase()) ?? null },
    disposed: 0,
    dispose: () => {
      r.disposed += 1;
    },
  };
  return r;
}

/** An attempt function answering from a script: a status, a result, or an error to throw. */
export function scripted(steps: Array<number | FakeResult | Error>): {
  fn: (signal: AbortSignal) => Promise<FakeResult>;
  calls: number;
  results: FakeResult[];
} {
  const state = {
    calls: 0,
    results: [] as FakeResult[],
    fn: async (_signal: AbortSignal): Promise<FakeResult> => {
      const step = steps[Math.min(state.calls, steps.length - 1)];
      state.calls += 1;
      if (step instanceof Error) throw step;
      const r = typeof step === 'number' ? result(step) : (step as FakeResult);
      state.results.push(r);
      return r;
    },
  };
  return state;
}
