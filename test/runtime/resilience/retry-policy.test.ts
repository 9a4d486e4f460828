import { describe, expect, it, vi } from 'vitest';
import {
  AbortedError,
  CircuitOpenError,
  InvalidOptionsError,
  NetworkError,
  RetryPolicy,
  TimeoutError,
} from '../../../runtime/src/resilience/index.js';
import type { RetryOptions } from '../../../runtime/src/resilience/index.js';
import { TestClock, result, scripted, until } from './test-clock.js';

function policy(options: Partial<RetryOptions> = {}, clock = new TestClock(0, { auto: true })) {
  return { clock, retry: new RetryPolicy({ count: 3, interval: 100, ...options }, clock) };
}

describe('RetryPolicy: attempts and waits', () => {
  it('makes count + 1 attempts with exact exponential waits when jitter is off', async () => {
    const { clock, retry } = policy({ backoffFactor: 2, jitter: false });
    const events: unknown[] = [];
    retry.onRetry((e) => events.push(e));
    const s = scripted([503, 503, 503, 200]);
    const res = await retry.execute(s.fn, undefined, { method: 'GET' });
    expect(res.status).toBe(200);
    expect(s.calls).toBe(4);
    expect(clock.sleeps).toEqual([100, 200, 400]);
    expect(events).toEqual([
      { attempt: 1, delay: 100, status: 503 },
      { attempt: 2, delay: 200, status: 503 },
      { attempt: 3, delay: 400, status: 503 },
    ]);
    expect(s.results.map((r) => r.disposed)).toEqual([1, 1, 1, 0]);
  });

  it('defaults to backoffFactor 2 and no jitter', async () => {
    const { clock, retry } = policy({ count: 2, interval: 50 });
    await retry.execute(scripted([500, 500, 200]).fn, undefined, { method: 'GET' });
    expect(clock.sleeps).toEqual([50, 100]);
  });

  it('caps each wait at maxInterval', async () => {
    const { clock, retry } = policy({ count: 4, backoffFactor: 3, maxInterval: 500, jitter: 'none' });
    await retry.execute(scripted([502, 502, 502, 502, 200]).fn, undefined, { method: 'GET' });
    expect(clock.sleeps).toEqual([100, 300, 500, 500]);
  });

  it('returns the last result, undisposed, when retries are exhausted on a status', async () => {
    const { clock, retry } = policy({ count: 2 });
    const s = scripted([503, 504, 429]);
    const res = await retry.execute(s.fn, undefined, { method: 'GET' });
    expect(res.status).toBe(429);
    expect(s.calls).toBe(3);
    expect(res).toBe(s.results[2]);
    expect(s.results.map((r) => r.disposed)).toEqual([1, 1, 0]);
    expect(clock.sleeps).toEqual([100, 200]);
  });

  it('count 0 makes exactly one attempt', async () => {
    const { clock, retry } = policy({ count: 0 });
    const s = scripted([503, 200]);
    expect((await retry.execute(s.fn, undefined, { method: 'GET' })).status).toBe(503);
    expect(s.calls).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('retries the default statuses only: 408 429 500 502 503 504', async () => {
    for (const status of [408, 429, 500, 502, 503, 504]) {
      const s = scripted([status, 200]);
      expect((await policy().retry.execute(s.fn, undefined, { method: 'GET' })).status).toBe(200);
      expect(s.calls).toBe(2);
    }
    for (const status of [200, 400, 404, 501]) {
      const s = scripted([status, 200]);
      expect((await policy().retry.execute(s.fn, undefined, { method: 'GET' })).status).toBe(status);
      expect(s.calls).toBe(1);
    }
  });

  it('uses the statusCodes option instead of the defaults', async () => {
    const { retry } = policy({ statusCodes: [418] });
    const s1 = scripted([418, 200]);
    expect((await retry.execute(s1.fn, undefined, { method: 'GET' })).status).toBe(200);
    const s2 = scripted([503, 200]);
    expect((await retry.execute(s2.fn, undefined, { method: 'GET' })).status).toBe(503);
    expect([s1.calls, s2.calls]).toEqual([2, 1]);
  });
});

describe('RetryPolicy: errors', () => {
  it('retries NetworkError and TimeoutError', async () => {
    const { clock, retry } = policy();
    const events: Array<{ error?: unknown }> = [];
    retry.onRetry((e) => events.push(e));
    const s = scripted([new NetworkError('refused'), new TimeoutError(50), 200]);
    expect((await retry.execute(s.fn, undefined, { method: 'GET' })).status).toBe(200);
    expect(s.calls).toBe(3);
    expect(clock.sleeps).toEqual([100, 200]);
    expect(events.map((e) => (e.error as Error).constructor.name)).toEqual(['NetworkError', 'TimeoutError']);
  });

  it('rethrows the last error when retries are exhausted', async () => {
    const last = new NetworkError('reset');
    const s = scripted([new NetworkError('refused'), new NetworkError('refused'), last]);
    await expect(policy({ count: 2 }).retry.execute(s.fn, undefined, { method: 'GET' })).rejects.toBe(last);
    expect(s.calls).toBe(3);
  });

  it.each([
    ['AbortedError', new AbortedError()],
    ['CircuitOpenError', new CircuitOpenError(1000)],
    ['a plain Error', new Error('bug')],
  ])('never retries %s', async (_name, error) => {
    const { clock, retry } = policy();
    const s = scripted([error, 200]);
    await expect(retry.execute(s.fn, undefined, { method: 'GET' })).rejects.toBe(error);
    expect(s.calls).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });
});

describe('RetryPolicy: methods', () => {
  it('does not retry non-idempotent methods by default', async () => {
    for (const method of ['POST', 'PATCH']) {
      const s = scripted([503, 200]);
      expect((await policy().retry.execute(s.fn, undefined, { method: method })).status).toBe(503);
      const e = scripted([new NetworkError('refused'), 200]);
      await expect(policy().retry.execute(e.fn, undefined, { method: method })).rejects.toBeInstanceOf(NetworkError);
      expect([s.calls, e.calls]).toEqual([1, 1]);
    }
  });

  it('retries every idempotent method, case-insensitively', async () => {
    for (const method of ['GET', 'head', 'OPTIONS', 'put', 'DELETE', 'TRACE']) {
      const s = scripted([503, 200]);
      expect((await policy().retry.execute(s.fn, undefined, { method: method })).status).toBe(200);
    }
  });

  it('retries the methods given in options', async () => {
    const { retry } = policy({ methods: ['post'] });
    const post = scripted([503, 200]);
    const get = scripted([503, 200]);
    expect((await retry.execute(post.fn, undefined, { method: 'POST' })).status).toBe(200);
    expect((await retry.execute(get.fn, undefined, { method: 'GET' })).status).toBe(503);
  });
});

describe('RetryPolicy: Retry-After', () => {
  it('waits the seconds of Retry-After instead of the backoff', async () => {
    const { clock, retry } = policy();
    const s = scripted([result(429, { 'Retry-After': '3' }), 503, 200]);
    await retry.execute(s.fn, undefined, { method: 'GET' });
    expect(clock.sleeps).toEqual([3000, 200]);
  });

  it('waits until an HTTP-date Retry-After', async () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    const { clock, retry } = policy({}, new TestClock(now, { auto: true }));
    const s = scripted([result(503, { 'retry-after': 'Wed, 21 Oct 2015 07:28:05 GMT' }), 200]);
    await retry.execute(s.fn, undefined, { method: 'GET' });
    expect(clock.sleeps).toEqual([5000]);
  });

  it('caps Retry-After at maxInterval and treats a past date as 0', async () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    const { clock, retry } = policy({ maxInterval: 2000 }, new TestClock(now, { auto: true }));
    const s = scripted([
      result(503, { 'retry-after': '120' }),
      result(503, { 'retry-after': 'Wed, 21 Oct 2015 07:00:00 GMT' }),
      200,
    ]);
    await retry.execute(s.fn, undefined, { method: 'GET' });
    expect(clock.sleeps).toEqual([2000, 0]);
  });

  it('falls back to the backoff when Retry-After is malformed', async () => {
    const { clock, retry } = policy();
    await retry.execute(scripted([result(503, { 'retry-after': 'soon-ish' }), result(503, { 'retry-after': '-1' }), 200]).fn, undefined, { method: 'GET' });
    expect(clock.sleeps).toEqual([100, 200]);
  });
});

describe('RetryPolicy: jitter', () => {
  it("'full' (and true) draws each wait uniformly below the exact wait", async () => {
    for (const jitter of ['full', true] as const) {
      const draws = [0.5, 0, 0.999];
      const { clock, retry } = policy({ jitter, random: () => draws.shift() ?? 0 });
      await retry.execute(scripted([503, 503, 503, 200]).fn, undefined, { method: 'GET' });
      expect(clock.sleeps).toEqual([50, 0, Math.floor(0.999 * 400)]);
    }
  });

  it("'full' with the default random source stays within [0, exact wait)", async () => {
    const { clock, retry } = policy({ count: 6, interval: 100, maxInterval: 1000, jitter: 'full' });
    await retry.execute(scripted([503]).fn, undefined, { method: 'GET' });
    const exact = [100, 200, 400, 800, 1000, 1000];
    expect(clock.sleeps).toHaveLength(6);
    clock.sleeps.forEach((wait, i) => {
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThan(exact[i] as number);
    });
  });

  it("'decorrelated' uses cockatiel's generator, bounded by maxInterval", async () => {
    const spy = vi.spyOn(Math, 'random').mockReturnValue(0.5);
    try {
      const { clock, retry } = policy({ count: 8, interval: 100, maxInterval: 3000, jitter: 'decorrelated' });
      await retry.execute(scripted([503]).fn, undefined, { method: 'GET' });
      expect(clock.sleeps).toHaveLength(8);
      for (const wait of clock.sleeps) {
        expect(wait).toBeGreaterThan(0);
        expect(wait).toBeLessThanOrEqual(3000);
      }
      expect(clock.sleeps.at(-1)).toBe(3000); // grows until the cap
      expect(new Set(clock.sleeps.slice(0, 3)).size).toBe(3); // not a constant wait
    } finally {
      spy.mockRestore();
    }
  });
});

describe('RetryPolicy: abort', () => {
  it('rejects AbortedError at once when the signal aborts during a wait, disposing the result', async () => {
    const clock = new TestClock();
    const retry = new RetryPolicy({ count: 3, interval: 1000 }, clock);
    const controller = new AbortController();
    const s = scripted([503, 200]);
    const pending = retry.execute(s.fn, controller.signal, { method: 'GET' });
    await until(() => clock.pending === 1);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
    expect(s.calls).toBe(1);
    expect(s.results[0]?.disposed).toBe(1);
    expect(clock.pending).toBe(0);
  });

  it('does not call fn when the signal has already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const s = scripted([200]);
    await expect(policy().retry.execute(s.fn, controller.signal, { method: 'GET' })).rejects.toMatchObject({ code: 'CG_ABORTED' });
    expect(s.calls).toBe(0);
  });

  it('passes the caller signal to each attempt', async () => {
    const controller = new AbortController();
    const seen: AbortSignal[] = [];
    await policy().retry.execute(async (signal) => {
      seen.push(signal);
      return result(seen.length < 2 ? 503 : 200);
    }, controller.signal, { method: 'GET' });
    expect(seen).toEqual([controller.signal, controller.signal]);
  });
});

describe('RetryPolicy: events and options', () => {
  it('onRetry returns an unsubscribe function', async () => {
    const { retry } = policy();
    const seen: number[] = [];
    const off = retry.onRetry((e) => seen.push(e.attempt));
    await retry.execute(scripted([503, 200]).fn, undefined, { method: 'GET' });
    off();
    await retry.execute(scripted([503, 200]).fn, undefined, { method: 'GET' });
    expect(seen).toEqual([1]);
  });

  it('a throwing listener does not break the retry', async () => {
    const { retry } = policy();
    retry.onRetry(() => {
      throw new Error('listener bug');
    });
    expect((await retry.execute(scripted([503, 200]).fn, undefined, { method: 'GET' })).status).toBe(200);
  });

  it.each<[string, Partial<RetryOptions>]>([
    ['count', { count: -1 }],
    ['count', { count: 1.5 }],
    ['interval', { interval: -5 }],
    ['backoffFactor', { backoffFactor: 0.5 }],
    ['maxInterval', { maxInterval: Number.NaN }],
    ['statusCodes', { statusCodes: [99] }],
    ['jitter', { jitter: 'random' as never }],
  ])('rejects an invalid %s with CG_INVALID_OPTIONS', (option, options) => {
    const make = () => new RetryPolicy({ count: 1, interval: 1, ...options });
    expect(make).toThrow(InvalidOptionsError);
    expect(make).toThrow(expect.objectContaining({ code: 'CG_INVALID_OPTIONS', option }));
  });
});
