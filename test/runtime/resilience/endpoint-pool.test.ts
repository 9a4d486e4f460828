import { describe, expect, it } from 'vitest';
import {
  AbortedError,
  AllEndpointsFailedError,
  CircuitBreaker,
  CircuitOpenError,
  EndpointPool,
  InvalidOptionsError,
  NetworkError,
  TimeoutError,
} from '../../../runtime/src/resilience/index.js';
import type { CallInfo } from '../../../runtime/src/resilience/index.js';
import type { FakeResult } from './test-clock.js';
import { TestClock, result, until } from './test-clock.js';

const A = 'http://a.test';
const B = 'http://b.test';
const C = 'http://c.test';

/** A backend per base URL: each answers from its own script (a status or an error), repeating the last step. */
function backends(scripts: Record<string, Array<number | Error>>) {
  const calls: string[] = [];
  const results: FakeResult[] = [];
  const counts = new Map<string, number>();
  const fn = async (_signal: AbortSignal, call: CallInfo): Promise<FakeResult> => {
    const baseUrl = call.baseUrl!;
    calls.push(baseUrl);
    const script = scripts[baseUrl] ?? [200];
    const n = counts.get(baseUrl) ?? 0;
    counts.set(baseUrl, n + 1);
    const step = script[Math.min(n, script.length - 1)] as number | Error;
    if (step instanceof Error) throw step;
    const r = result(step);
    results.push(r);
    return r;
  };
  return { fn, calls, results };
}

describe('EndpointPool: failover', () => {
  it('tries targets in order, moving on on transport errors and failover statuses, waiting interval between', async () => {
    const clock = new TestClock(0, { auto: true });
    const pool = new EndpointPool({ baseUrls: [A, B, C], strategy: 'failover', failover: { interval: 250 } }, clock);
    const b = backends({ [A]: [new NetworkError('refused')], [B]: [503], [C]: [200] });
    const res = await pool.execute(b.fn);
    expect(res.status).toBe(200);
    expect(b.calls).toEqual([A, B, C]);
    expect(clock.sleeps).toEqual([250, 250]);
    expect(b.results.map((r) => r.disposed)).toEqual([1, 0]);
  });

  it('starts the next request from the last target that worked', async () => {
    const pool = new EndpointPool({ baseUrls: [A, B, C], strategy: 'failover' }, new TestClock(0, { auto: true }));
    const b = backends({ [A]: [new TimeoutError(10), 200], [B]: [200, 502], [C]: [200] });
    await pool.execute(b.fn); // A times out, B answers
    await pool.execute(b.fn); // starts at B: 502 → C
    await pool.execute(b.fn); // starts at C
    expect(b.calls).toEqual([A, B, B, C, C]);
  });

  it('uses 501-504 by default and the failover statusCodes when given', async () => {
    for (const status of [501, 502, 503, 504]) {
      const b = backends({ [A]: [status], [B]: [200] });
      await new EndpointPool({ baseUrls: [A, B], strategy: 'failover' }).execute(b.fn);
      expect(b.calls).toEqual([A, B]);
    }
    const b500 = backends({ [A]: [500], [B]: [200] });
    expect((await new EndpointPool({ baseUrls: [A, B], strategy: 'failover' }).execute(b500.fn)).status).toBe(500);
    expect(b500.calls).toEqual([A]);
    const custom = backends({ [A]: [500], [B]: [200] });
    const pool = new EndpointPool({ baseUrls: [A, B], strategy: 'failover', failover: { statusCodes: [500] } });
    expect((await pool.execute(custom.fn)).status).toBe(200);
  });

  it('all failed → AllEndpointsFailedError with each failure; status results disposed', async () => {
    const refused = new NetworkError('refused');
    const open = new CircuitOpenError(500);
    const b = backends({ [A]: [refused], [B]: [503], [C]: [open] });
    const pool = new EndpointPool({ baseUrls: [A, B, C], strategy: 'failover' }, new TestClock(0, { auto: true }));
    const error = await pool.execute(b.fn).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AllEndpointsFailedError);
    expect(error).toMatchObject({ code: 'CG_ALL_ENDPOINTS_FAILED' });
    expect((error as AllEndpointsFailedError).failures).toEqual([
      { baseUrl: A, error: refused },
      { baseUrl: B, status: 503 },
      { baseUrl: C, error: open },
    ]);
    expect(b.results[0]?.disposed).toBe(1);
  });

  it('does not fail over on other errors or statuses', async () => {
    const bug = new Error('bug');
    const b = backends({ [A]: [bug], [B]: [200] });
    const pool = new EndpointPool({ baseUrls: [A, B], strategy: 'failover' });
    await expect(pool.execute(b.fn)).rejects.toBe(bug);
    expect(b.calls).toEqual([A]);
  });

  it('rejects AbortedError when the signal aborts during the interval', async () => {
    const clock = new TestClock();
    const controller = new AbortController();
    const pool = new EndpointPool({ baseUrls: [A, B], strategy: 'failover', failover: { interval: 1000 } }, clock);
    const b = backends({ [A]: [503], [B]: [200] });
    const pending = pool.execute(b.fn, controller.signal);
    await until(() => clock.pending === 1);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
    expect(b.calls).toEqual([A]);
  });
});

describe('EndpointPool: round-robin', () => {
  it('starts each call at the next target in turn', async () => {
    const pool = new EndpointPool({ baseUrls: [A, B, C], strategy: 'round-robin' });
    const b = backends({});
    for (let i = 0; i < 4; i++) await pool.execute(b.fn);
    expect(b.calls).toEqual([A, B, C, A]);
  });

  it('without failover options, a failure is the caller’s (no failover)', async () => {
    const pool = new EndpointPool({ baseUrls: [A, B], strategy: 'round-robin' });
    const b = backends({ [A]: [503, new NetworkError('refused')] });
    expect((await pool.execute(b.fn)).status).toBe(503);
    await pool.execute(b.fn); // B
    await expect(pool.execute(b.fn)).rejects.toBeInstanceOf(NetworkError);
    expect(b.calls).toEqual([A, B, A]);
  });

  it('with failover options, moves on to the next target for that call', async () => {
    const pool = new EndpointPool({ baseUrls: [A, B, C], strategy: 'round-robin', failover: {} });
    const b = backends({ [B]: [new NetworkError('reset')] });
    await pool.execute(b.fn); // A
    await pool.execute(b.fn); // B fails → C
    await pool.execute(b.fn); // C
    expect(b.calls).toEqual([A, B, C, C]);
  });

  it('skips targets whose breaker is open, without calling fn for them', async () => {
    const clock = new TestClock();
    const breakers = new Map([A, B, C].map((url) => [url, new CircuitBreaker({ failureThreshold: 0, resetTime: 1000, rollingWindow: { requestVolumeThreshold: 0 } }, clock)]));
    await expect(breakers.get(B)!.execute(async () => Promise.reject(new NetworkError('down')))).rejects.toBeInstanceOf(NetworkError);
    expect(breakers.get(B)?.canExecute()).toBe(false);
    const pool = new EndpointPool({ baseUrls: [A, B, C], strategy: 'round-robin', breaker: (url) => breakers.get(url) }, clock);
    const b = backends({});
    for (let i = 0; i < 3; i++) await pool.execute(b.fn);
    expect(b.calls).toEqual([A, C, C]);
    await clock.advance(1001); // B's reset time has passed: it gets its trial
    await pool.execute(b.fn);
    await pool.execute(b.fn);
    expect(b.calls.slice(3)).toEqual([A, B]);
  });

  it('all breakers open → AllEndpointsFailedError of CircuitOpenErrors', async () => {
    const clock = new TestClock();
    const breaker = new CircuitBreaker({ failureThreshold: 0, resetTime: 1000, rollingWindow: { requestVolumeThreshold: 0 } }, clock);
    await expect(breaker.execute(async () => Promise.reject(new NetworkError('down')))).rejects.toBeInstanceOf(NetworkError);
    await clock.advance(400);
    const pool = new EndpointPool({ baseUrls: [A, B], strategy: 'round-robin', breaker: () => breaker }, clock);
    const b = backends({});
    const error = (await pool.execute(b.fn).catch((e: unknown) => e)) as AllEndpointsFailedError;
    expect(error).toBeInstanceOf(AllEndpointsFailedError);
    expect(error.failures.map((f) => f.baseUrl)).toEqual([A, B]);
    expect(error.failures.every((f) => f.error instanceof CircuitOpenError && f.error.retryAfter === 600)).toBe(true);
    expect(b.calls).toEqual([]);
  });
});

describe('EndpointPool: options', () => {
  it.each<[string, () => EndpointPool]>([
    ['baseUrls', () => new EndpointPool({ baseUrls: [], strategy: 'failover' })],
    ['strategy', () => new EndpointPool({ baseUrls: [A], strategy: 'random' as never })],
    ['failover.interval', () => new EndpointPool({ baseUrls: [A], strategy: 'failover', failover: { interval: -1 } })],
    ['failover.statusCodes', () => new EndpointPool({ baseUrls: [A], strategy: 'failover', failover: { statusCodes: [1000] } })],
  ])('rejects an invalid %s with CG_INVALID_OPTIONS', (option, make) => {
    expect(make).toThrow(InvalidOptionsError);
    expect(make).toThrow(expect.objectContaining({ option }));
  });
});
