import type { Clock } from './types.js';
import type { CallInfo, Policy, PolicyFn } from './policy.js';
import { systemClock } from './clock.js';
import { checkNumber } from './validate.js';
import { withTimeoutOf, type Aborter } from './with-timeout.js';

const newAbortController: Aborter<AbortSignal> = () => new AbortController();

/**
 * The per-attempt timeout as a policy: `call.timeout` (a per-call override) wins over `ms`.
 * `aborter` makes each attempt's signal (default: an AbortController). The client's pipeline passes
 * its connection's: on Node the light signal its transports take (an AbortController costs ~10 µs
 * to create there), which is why it must be the innermost policy, in front of the transport only.
 */
export class TimeoutPolicy implements Policy {
  readonly #ms: number | undefined;
  readonly #clock: Clock;
  readonly #aborter: Aborter<AbortSignal>;

  constructor(ms: number | undefined, clock: Clock = systemClock, aborter: Aborter<AbortSignal> = newAbortController) {
    if (ms !== undefined && ms !== Infinity) checkNumber('timeout', ms, 0);
    this.#ms = ms;
    this.#clock = clock;
    this.#aborter = aborter;
  }

  execute<T>(fn: PolicyFn<T>, signal?: AbortSignal, call: CallInfo = {}): Promise<T> {
    return withTimeoutOf(call.timeout ?? this.#ms, (s) => fn(s, call), signal, this.#clock, this.#aborter);
  }
}
