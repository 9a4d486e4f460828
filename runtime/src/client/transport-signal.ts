/**
 * The per-attempt cancellation signal a transport receives. On Node 20 an
 * `AbortSignal` costs ~10 µs to create (its EventTarget and transfer setup) —
 * more than all of a call's own bookkeeping — and the Node transports
 * (`undici.request`, `node:http`) use only `aborted`, `reason` and
 * `addEventListener`/`removeEventListener` of it. So the Node platform gives
 * its transports {@link lightAborter}'s signal; fetch, which takes only a real
 * `AbortSignal`, keeps `AbortController`.
 */

/** What a transport may use of its signal (an AbortSignal has all of it). */
export interface AttemptSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Makes one attempt's signal and aborts it (an AbortController, or the light one). */
export interface AttemptAborter<S extends AttemptSignal = AttemptSignal> {
  readonly signal: S;
  abort(reason: unknown): void;
}

/** The signal without the DOM machinery: listeners in an array, each called once with an `abort` event. */
class LightSignal implements AttemptSignal {
  aborted = false;
  reason: unknown = undefined;
  onabort: ((event: { type: 'abort' }) => void) | null = null;
  listeners: Array<(event: { type: 'abort'; target: LightSignal }) => void> | undefined = undefined;

  addEventListener(type: 'abort', listener: () => void): void {
    if (type !== 'abort' || typeof listener !== 'function' || this.aborted) return;
    (this.listeners ??= []).push(listener);
  }

  removeEventListener(type: 'abort', listener: () => void): void {
    const listeners = this.listeners;
    if (type !== 'abort' || listeners === undefined) return;
    const i = listeners.indexOf(listener);
    if (i >= 0) listeners.splice(i, 1);
  }

  throwIfAborted(): void {
    if (this.aborted) throw this.reason;
  }
}

class LightAborter implements AttemptAborter<LightSignal> {
  readonly signal = new LightSignal();

  abort(reason: unknown): void {
    const signal = this.signal;
    if (signal.aborted) return;
    signal.aborted = true;
    signal.reason = reason;
    const listeners = signal.listeners;
    signal.listeners = undefined;
    const event = { type: 'abort' as const, target: signal };
    signal.onabort?.(event);
    if (listeners !== undefined) for (const listener of listeners) listener(event);
  }
}

/** The light aborter (Node transports only: not for fetch, not for user code that wants an AbortSignal). */
export const lightAborter = (): AttemptAborter => new LightAborter();

/** A real AbortController (fetch, policies, anything handed to user code). */
export const abortController = (): AttemptAborter<AbortSignal> => new AbortController();
