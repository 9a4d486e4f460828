import { decorrelatedJitterGenerator } from 'cockatiel';
import type { IExponentialBackoffOptions } from 'cockatiel';

export type JitterMode = 'none' | 'full' | 'decorrelated';

export interface BackoffSettings {
  interval: number;
  backoffFactor: number;
  maxInterval: number;
  jitter: JitterMode;
  random: () => number;
}

/** Maps the `jitter` option: true → 'full', false/undefined → 'none'. */
export function jitterMode(jitter: boolean | JitterMode | undefined): JitterMode {
  if (jitter === true) return 'full';
  if (jitter === false || jitter === undefined) return 'none';
  return jitter;
}

/**
 * The waits of one `execute` call, retry by retry.
 *
 * - none: `min(maxInterval, interval × backoffFactor^k)` for the k-th retry (k from 0), Ballerina's formula.
 * - full: a uniform draw in `[0, that)` ("full jitter", AWS architecture blog).
 * - decorrelated: cockatiel's `decorrelatedJitterGenerator` (Polly's DecorrelatedJitterV2) with
 *   `initialDelay = interval`, `exponent = backoffFactor`, `maxDelay = maxInterval`; it draws from `Math.random`.
 *
 * cockatiel's own no-jitter and full-jitter generators hard-code an exponent of 2, so they cannot express
 * `backoffFactor`; only the decorrelated generator is reused.
 */
export class Backoff {
  readonly #settings: BackoffSettings;
  #retry = 0;
  #decorrelatedState: [number, number] | undefined;

  constructor(settings: BackoffSettings) {
    this.#settings = settings;
  }

  /** The wait before the next retry. */
  next(): number {
    const { interval, backoffFactor, maxInterval, jitter, random } = this.#settings;
    const k = this.#retry++;
    if (jitter === 'decorrelated') {
      const options: IExponentialBackoffOptions<[number, number]> = {
        generator: decorrelatedJitterGenerator,
        initialDelay: interval,
        exponent: backoffFactor,
        maxDelay: maxInterval,
      };
      const [delay, state] = decorrelatedJitterGenerator(this.#decorrelatedState, options);
      this.#decorrelatedState = state;
      return Math.min(maxInterval, Math.max(0, Math.floor(delay)));
    }
    const exact = Math.min(maxInterval, interval * backoffFactor ** k);
    return jitter === 'full' ? Math.floor(random() * exact) : exact;
  }
}
