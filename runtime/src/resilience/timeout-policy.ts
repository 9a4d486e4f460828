import type { Clock } from './types.js';
import type { CallInfo, Policy, PolicyFn } from './policy.js';
import { systemClock } from './clock.js';
import { checkNumber } from './validate.js';
import { withTimeout } from './with-timeout.js';

/** The per-attempt timeout as a policy: `call.timeout` (a per-call override) wins over `ms`. */
export class TimeoutPolicy implements Policy {
  readonly #ms: number | undefined;
  readonly #clock: Clock;

  constructor(ms: number | undefined, clock: Clock = systemClock) {
    if (ms !== undefined && ms !== Infinity) checkNumber('timeout', ms, 0);
    this.#ms = ms;
    this.#clock = clock;
  }

  execute<T>(fn: PolicyFn<T>, signal?: AbortSignal, call: CallInfo = {}): Promise<T> {
    return withTimeout(call.timeout ?? this.#ms, (s) => fn(s, call), signal, this.#clock);
  }
}
