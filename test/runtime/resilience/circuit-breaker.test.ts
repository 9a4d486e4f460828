import { describe, expect, it } from 'vitest';
import {
  AbortedError,
  CircuitBreaker,
  CircuitOpenError,
  InvalidOptionsError,
  TimeoutError,
} from '../../../runtime/src/resilience/index.js';
import type { CircuitBreakerOptions, CircuitState, HttpResult } from '../../../runtime/src/resilience/index.js';
import { TestClock, result, scripted, until } from './test-clock.js';

function breaker(options: Partial<CircuitBreakerOptions> & { volume?: number } = {}) {
  const clock = new TestClock(1_000_000);
  const { volume, ...rest } = options;
  const cb = new CircuitBreaker(
    {
      failureThreshold: 0.5,
      resetTime: 1000,
      rollingWindow: { timeWindow: 60_000, bucketSize: 10_000, requestVolumeThreshold: volume ?? 10 },
      ...rest,
    },
    clock,
  );
  const transitions: string[] = [];
  cb.onStateChange((e) => transitions.push(`${e.from}->${e.to}`));
  return { clock, cb, transitions };
}

/** Runs one request; returns its status, or the name of the error it rejected with. */
async function outcome(cb: CircuitBreaker, fn: (signal: AbortSignal) => Promise<HttpResult>) {
  try {
    return (await cb.execute(fn)).status;
  } catch (error) {
    return (error as Error).constructor.name;
  }
}

describe('CircuitBreaker: Ballerina oracles', () => {
  it('volume 6, backend always 500 (listed): six 500s reach the caller, the 7th is rejected', async () => {
    const { cb, transitions } = breaker({ volume: 6, statusCodes: [500] });
    const backend = scripted([500]);
    const seen: Array<number | string> = [];
    for (let i = 0; i < 7; i++) seen.push(await outcome(cb, backend.fn));
    expect(seen).toEqual([500, 500, 500, 500, 500, 500, 'CircuitOpenError']);
    expect(backend.calls).toBe(6);
    expect(cb.state).toBe('open');
    expect(transitions).toEqual(['closed->open']);
  });

  it('volume 0, threshold 0.3, timeout on call 3: 200, 200, error, rejected, rejected; after resetTime 200 (trial), 200', async () => {
    const { clock, cb, transitions } = breaker({ volume: 0, failureThreshold: 0.3, resetTime: 1000 });
    const backend = scripted([200, 200, new TimeoutError(500), 200]);
    const seen: Array<number | string> = [];
    for (let i = 0; i < 5; i++) seen.push(await outcome(cb, backend.fn));
    expect(seen).toEqual([200, 200, 'TimeoutError', 'CircuitOpenError', 'CircuitOpenError']);
    expect(backend.calls).toBe(3);
    await clock.advance(1000); // exactly resetTime: still open (strictly greater is required)
    expect(await outcome(cb, backend.fn)).toBe('CircuitOpenError');
    await clock.advance(1);
    const states: CircuitState[] = [];
    const trial = await cb.execute(async (signal) => {
      states.push(cb.state);
      return backend.fn(signal);
    });
    expect(trial.status).toBe(200);
    expect(states).toEqual(['half-open']);
    expect(cb.state).toBe('closed');
    expect(await outcome(cb, backend.fn)).toBe(200);
    expect(backend.calls).toBe(5);
    expect(transitions).toEqual(['closed->open', 'open->half-open', 'half-open->closed']);
  });
});

describe('CircuitBreaker: tripping', () => {
  it('trips only when the failure ratio is strictly greater than the threshold', async () => {
    const { cb } = breaker({ volume: 4, failureThreshold: 0.5, statusCodes: [503] });
    const backend = scripted([200, 200, 503, 503, 503, 200]);
    const seen: Array<number | string> = [];
    for (let i = 0; i < 6; i++) seen.push(await outcome(cb, backend.fn));
    // before call 5: 2 of 4 failed (0.5, not > 0.5) → sent; before call 6: 3 of 5 (0.6) → open
    expect(seen).toEqual([200, 200, 503, 503, 503, 'CircuitOpenError']);
  });

  it('cannot trip below the request volume threshold', async () => {
    const { cb } = breaker({ volume: 10, failureThreshold: 0 });
    const backend = scripted([new TimeoutError(1)]);
    const seen: string[] = [];
    for (let i = 0; i < 11; i++) seen.push(String(await outcome(cb, backend.fn)));
    expect(seen.slice(0, 10)).toEqual(Array(10).fill('TimeoutError'));
    expect(seen[10]).toBe('CircuitOpenError');
    expect(backend.calls).toBe(10);
  });

  it('threshold 1 never trips, threshold 0 trips on any failure', async () => {
    const never = breaker({ volume: 0, failureThreshold: 1, statusCodes: [500] });
    const b1 = scripted([500]);
    for (let i = 0; i < 5; i++) await outcome(never.cb, b1.fn);
    expect(b1.calls).toBe(5);
    expect(never.cb.state).toBe('closed');
    const any = breaker({ volume: 0, failureThreshold: 0, statusCodes: [500] });
    const b2 = scripted([200, 200, 500, 200]);
    const seen: Array<number | string> = [];
    for (let i = 0; i < 4; i++) seen.push(await outcome(any.cb, b2.fn));
    expect(seen).toEqual([200, 200, 500, 'CircuitOpenError']);
  });

  it('counts a listed status as a failure yet returns it; other statuses are successes', async () => {
    const { cb } = breaker({ volume: 0, failureThreshold: 0.4, statusCodes: [502] });
    const backend = scripted([500, 404, 502, 200]);
    const first = await cb.execute(backend.fn);
    expect(first.status).toBe(500);
    await cb.execute(backend.fn);
    const listed = await cb.execute(backend.fn);
    expect(listed.status).toBe(502);
    expect(listed.disposed).toBe(0);
    expect(cb.stats()).toEqual({ total: 3, failures: 1, rejected: 0 });
    expect(cb.state).toBe('closed'); // 1 of 3 ≤ 0.4
    expect(await outcome(cb, backend.fn)).toBe(200);
  });

  it('counts rejected requests in the volume but not in the ratio', async () => {
    const { cb } = breaker({ volume: 2, failureThreshold: 0.5, resetTime: 1000 });
    const backend = scripted([new TimeoutError(1), new TimeoutError(1)]);
    await outcome(cb, backend.fn);
    await outcome(cb, backend.fn);
    expect(await outcome(cb, backend.fn)).toBe('CircuitOpenError');
    expect(await outcome(cb, backend.fn)).toBe('CircuitOpenError');
    expect(cb.stats()).toEqual({ total: 4, failures: 2, rejected: 2 });
  });

  it('failures older than resetTime that trip the circuit lead straight to a trial (closed → open → half-open)', async () => {
    const { clock, cb, transitions } = breaker({ volume: 2, failureThreshold: 0.5, resetTime: 1000 });
    const backend = scripted([new TimeoutError(1), new TimeoutError(1), 200]);
    await outcome(cb, backend.fn);
    await outcome(cb, backend.fn);
    await clock.advance(1001);
    expect(cb.canExecute()).toBe(true);
    expect(await outcome(cb, backend.fn)).toBe(200);
    expect(transitions).toEqual(['closed->open', 'open->half-open', 'half-open->closed']);
  });

  it('CircuitOpenError says how long until a trial is allowed', async () => {
    const { clock, cb } = breaker({ volume: 0, failureThreshold: 0, resetTime: 1000 });
    await outcome(cb, scripted([new TimeoutError(1)]).fn);
    await clock.advance(300);
    const error = await cb.execute(scripted([200]).fn).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error).toMatchObject({ code: 'CG_CIRCUIT_OPEN', retryAfter: 700 });
    expect(cb.retryAfter).toBe(700);
  });
});

describe('CircuitBreaker: rolling window', () => {
  const window = { volume: 3, failureThreshold: 0.4, statusCodes: [500], resetTime: 60_000 };
  function windowed() {
    return breaker({ ...window, rollingWindow: { timeWindow: 10_000, bucketSize: 5000, requestVolumeThreshold: 3 } });
  }

  it('keeps counts from earlier buckets inside the time window', async () => {
    const { clock, cb } = windowed();
    const backend = scripted([500, 500, 200, 200]);
    await outcome(cb, backend.fn); // bucket 0
    await outcome(cb, backend.fn); // bucket 0
    await clock.advance(6000);
    await outcome(cb, backend.fn); // bucket 1
    await clock.advance(3000); // still bucket 1: 2 of 3 failed
    expect(await outcome(cb, backend.fn)).toBe('CircuitOpenError');
  });

  it('resets a bucket when time wraps back onto it', async () => {
    const { clock, cb } = windowed();
    const backend = scripted([500, 500, 200, 200]);
    await outcome(cb, backend.fn); // bucket 0
    await outcome(cb, backend.fn); // bucket 0
    await clock.advance(6000);
    await outcome(cb, backend.fn); // bucket 1
    await clock.advance(4500); // t = 10 500: bucket 0 of the next window, its old failures are gone
    expect(cb.stats()).toEqual({ total: 1, failures: 0, rejected: 0 });
    expect(await outcome(cb, backend.fn)).toBe(200);
    expect(cb.state).toBe('closed');
  });

  it('resets every bucket after an idle period longer than the time window', async () => {
    const { clock, cb } = windowed();
    const backend = scripted([500, 500, 500, 200]);
    for (let i = 0; i < 3; i++) await outcome(cb, backend.fn);
    await clock.advance(10_001);
    expect(cb.stats()).toEqual({ total: 0, failures: 0, rejected: 0 });
    expect(await outcome(cb, backend.fn)).toBe(200);
  });

  it('allows a time window that is not a multiple of the bucket size', async () => {
    const { clock, cb } = breaker({ ...window, rollingWindow: { timeWindow: 15_000, bucketSize: 10_000, requestVolumeThreshold: 3 } });
    const backend = scripted([500]);
    await outcome(cb, backend.fn); // t=0 bucket 0
    await clock.advance(12_000);
    await outcome(cb, backend.fn); // t=12 000 bucket 1 (short)
    await clock.advance(4000);
    await outcome(cb, backend.fn); // t=16 000 bucket 0 again, reset: 1 earlier count kept
    expect(cb.stats()).toEqual({ total: 2, failures: 2, rejected: 0 });
  });
});

describe('CircuitBreaker: half-open', () => {
  async function tripped() {
    const b = breaker({ volume: 0, failureThreshold: 0, resetTime: 1000 });
    await outcome(b.cb, scripted([new TimeoutError(1)]).fn);
    expect(b.cb.state).toBe('closed');
    expect(await outcome(b.cb, scripted([200]).fn)).toBe('CircuitOpenError');
    await b.clock.advance(1001);
    return b;
  }

  it('lets exactly one trial through; concurrent calls are rejected without calling fn', async () => {
    const { cb, transitions } = await tripped();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const trial = cb.execute(async () => {
      await gate;
      return result(200);
    });
    expect(cb.state).toBe('half-open');
    const others = scripted([200]);
    expect(cb.canExecute()).toBe(false);
    expect(await outcome(cb, others.fn)).toBe('CircuitOpenError');
    expect(await outcome(cb, others.fn)).toBe('CircuitOpenError');
    expect(others.calls).toBe(0);
    release();
    expect((await trial).status).toBe(200);
    expect(cb.state).toBe('closed');
    expect(cb.canExecute()).toBe(true);
    expect(transitions).toEqual(['closed->open', 'open->half-open', 'half-open->closed']);
  });

  it('a successful trial closes the circuit with a clean window (deviation from Ballerina)', async () => {
    const { cb } = await tripped();
    // the window holds 1 failure and 1 rejection; kept, they would trip threshold 0 again at once
    expect(cb.stats()).toEqual({ total: 2, failures: 1, rejected: 1 });
    expect(await outcome(cb, scripted([200]).fn)).toBe(200);
    expect(cb.stats()).toEqual({ total: 0, failures: 0, rejected: 0 });
    const backend = scripted([200]);
    for (let i = 0; i < 3; i++) expect(await outcome(cb, backend.fn)).toBe(200);
    expect(cb.state).toBe('closed');
  });

  it('a failed trial reopens the circuit for another resetTime from that failure', async () => {
    const { clock, cb, transitions } = await tripped();
    await clock.advance(50);
    expect(await outcome(cb, scripted([new TimeoutError(1)]).fn)).toBe('TimeoutError');
    expect(cb.state).toBe('open');
    await clock.advance(1000);
    expect(await outcome(cb, scripted([200]).fn)).toBe('CircuitOpenError');
    await clock.advance(1);
    expect(await outcome(cb, scripted([200]).fn)).toBe(200);
    expect(transitions).toEqual(['closed->open', 'open->half-open', 'half-open->open', 'open->half-open', 'half-open->closed']);
  });

  it('a trial aborted by the caller decides nothing: the next call is the trial', async () => {
    const { cb } = await tripped();
    const controller = new AbortController();
    const aborted = cb.execute(
      (signal) =>
        new Promise<HttpResult>((_resolve, reject) => signal.addEventListener('abort', () => reject(new AbortedError()))),
      controller.signal,
    );
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortedError);
    expect(cb.state).toBe('half-open');
    expect(await outcome(cb, scripted([200]).fn)).toBe(200);
    expect(cb.state).toBe('closed');
  });

  it('canExecute and retryAfter peek without changing state', async () => {
    const { clock, cb } = breaker({ volume: 0, failureThreshold: 0, resetTime: 1000 });
    await outcome(cb, scripted([new TimeoutError(1)]).fn);
    expect(cb.canExecute()).toBe(false); // the next request would trip it
    expect(cb.state).toBe('closed');
    await outcome(cb, scripted([200]).fn);
    expect(cb.state).toBe('open');
    await clock.advance(1001);
    expect(cb.canExecute()).toBe(true);
    expect(cb.retryAfter).toBe(0);
    expect(cb.state).toBe('open');
  });
});

describe('CircuitBreaker: abort, events and options', () => {
  it('an already-aborted signal rejects AbortedError without counting or calling fn', async () => {
    const { cb } = breaker();
    const controller = new AbortController();
    controller.abort();
    const backend = scripted([200]);
    await expect(cb.execute(backend.fn, controller.signal)).rejects.toMatchObject({ code: 'CG_ABORTED' });
    expect(backend.calls).toBe(0);
    expect(cb.stats()).toEqual({ total: 0, failures: 0, rejected: 0 });
  });

  it('a caller abort is not a failure', async () => {
    const { cb } = breaker({ volume: 0, failureThreshold: 0 });
    const controller = new AbortController();
    const pending = cb.execute(
      (signal) => new Promise<HttpResult>((_r, reject) => signal.addEventListener('abort', () => reject(new Error('fetch aborted')))),
      controller.signal,
    );
    await until(() => cb.stats().total === 1);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
    expect(cb.stats()).toEqual({ total: 1, failures: 0, rejected: 1 });
    expect(await outcome(cb, scripted([200]).fn)).toBe(200);
  });

  it('onStateChange returns an unsubscribe function', async () => {
    const { cb } = breaker({ volume: 0, failureThreshold: 0 });
    const seen: string[] = [];
    const off = cb.onStateChange((e) => seen.push(e.to));
    off();
    await outcome(cb, scripted([new TimeoutError(1)]).fn);
    await outcome(cb, scripted([200]).fn);
    expect(cb.state).toBe('open');
    expect(seen).toEqual([]);
  });

  it.each<[string, Partial<CircuitBreakerOptions>]>([
    ['failureThreshold', { failureThreshold: 1.5 }],
    ['failureThreshold', { failureThreshold: -0.1 }],
    ['failureThreshold', { failureThreshold: Number.NaN }],
    ['rollingWindow.bucketSize', { rollingWindow: { timeWindow: 10_000, bucketSize: 20_000 } }],
    ['rollingWindow.bucketSize', { rollingWindow: { bucketSize: 0 } }],
    ['rollingWindow.requestVolumeThreshold', { rollingWindow: { requestVolumeThreshold: -1 } }],
    ['resetTime', { resetTime: -1 }],
  ])('rejects an invalid %s with CG_INVALID_OPTIONS', (option, options) => {
    const make = () => new CircuitBreaker({ failureThreshold: 0.5, resetTime: 1000, ...options });
    expect(make).toThrow(InvalidOptionsError);
    expect(make).toThrow(expect.objectContaining({ code: 'CG_INVALID_OPTIONS', option }));
  });

  it('accepts the boundaries: threshold 0 and 1, bucketSize equal to timeWindow', () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0, resetTime: 0 })).not.toThrow();
    expect(() => new CircuitBreaker({ failureThreshold: 1, resetTime: 0, rollingWindow: { timeWindow: 5000, bucketSize: 5000 } })).not.toThrow();
  });
});
