import { describe, expect, it } from 'vitest';
import { AbortedError, InvalidOptionsError, TimeoutError, withTimeout } from '../../../runtime/src/resilience/index.js';
import { TestClock, flush, result } from './test-clock.js';

/** An attempt that never settles on its own; it rejects when its signal aborts, as fetch does. */
function hanging(seen: AbortSignal[]) {
  return (signal: AbortSignal) =>
    new Promise<never>((_resolve, reject) => {
      seen.push(signal);
      signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
}

function track<T>(promise: Promise<T>) {
  const state: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  promise.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error: unknown) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

describe('withTimeout', () => {
  it('resolves with the value when fn finishes in time and cancels the timer', async () => {
    const clock = new TestClock();
    const value = await withTimeout(100, async () => 'ok', undefined, clock);
    expect(value).toBe('ok');
    expect(clock.sleeps).toEqual([100]);
    expect(clock.pending).toBe(0);
  });

  it('rejects TimeoutError after ms and aborts the attempt signal with it', async () => {
    const clock = new TestClock();
    const seen: AbortSignal[] = [];
    const state = track(withTimeout(100, hanging(seen), undefined, clock));
    await clock.advance(99);
    expect(state.settled).toBe(false);
    expect(seen[0]?.aborted).toBe(false);
    await clock.advance(1);
    expect(state.error).toBeInstanceOf(TimeoutError);
    expect(state.error).toMatchObject({ code: 'CG_TIMEOUT', timeout: 100 });
    expect(seen[0]?.aborted).toBe(true);
    expect(seen[0]?.reason).toBe(state.error);
  });

  it('rejects AbortedError at once when the caller aborts, and aborts the attempt', async () => {
    const clock = new TestClock();
    const controller = new AbortController();
    const seen: AbortSignal[] = [];
    const state = track(withTimeout(100, hanging(seen), controller.signal, clock));
    await flush();
    controller.abort('user gave up');
    await flush();
    expect(state.error).toBeInstanceOf(AbortedError);
    expect((state.error as AbortedError).cause).toBe('user gave up');
    expect(seen[0]?.aborted).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it('disposes a result that arrives after the timeout', async () => {
    const clock = new TestClock();
    const late = result(200);
    let deliver!: () => void;
    const state = track(
      withTimeout(10, () => new Promise<typeof late>((resolve) => (deliver = () => resolve(late))), undefined, clock),
    );
    await clock.advance(10);
    expect(state.error).toBeInstanceOf(TimeoutError);
    deliver();
    await flush();
    expect(late.disposed).toBe(1);
  });

  it('passes fn rejections through unchanged', async () => {
    const boom = new Error('boom');
    await expect(withTimeout(100, async () => Promise.reject(boom), undefined, new TestClock())).rejects.toBe(boom);
    const thrown = new Error('sync');
    await expect(
      withTimeout(100, () => {
        throw thrown;
      }, undefined, new TestClock()),
    ).rejects.toBe(thrown);
  });

  it('with ms undefined sets no timer but still honours the caller signal', async () => {
    const clock = new TestClock();
    const controller = new AbortController();
    const seen: AbortSignal[] = [];
    const state = track(withTimeout(undefined, hanging(seen), controller.signal, clock));
    await clock.advance(1_000_000);
    expect(state.settled).toBe(false);
    expect(clock.sleeps).toEqual([]);
    controller.abort();
    await flush();
    expect(state.error).toBeInstanceOf(AbortedError);
  });

  it('does not abort the attempt signal after fn resolved (a body may still be streaming)', async () => {
    const clock = new TestClock();
    let kept: AbortSignal | undefined;
    await withTimeout(50, async (signal) => {
      kept = signal;
      return 1;
    }, undefined, clock);
    await clock.advance(100);
    expect(kept?.aborted).toBe(false);
  });

  it('rejects at once when the signal has already aborted, without calling fn', async () => {
    const controller = new AbortController();
    controller.abort();
    let called = false;
    await expect(
      withTimeout(100, async () => {
        called = true;
      }, controller.signal, new TestClock()),
    ).rejects.toBeInstanceOf(AbortedError);
    expect(called).toBe(false);
  });

  it('rejects a negative timeout with CG_INVALID_OPTIONS', () => {
    expect(() => withTimeout(-1, async () => 1)).toThrow(InvalidOptionsError);
  });
});
