import type { CircuitBreakerOptions, CircuitState, Clock, HttpResult } from './types.js';
import type { CallInfo, Policy, PolicyFn } from './policy.js';
import { AbortedError, InvalidOptionsError } from './errors.js';
import { CircuitOpenError } from './policy-errors.js';
import { abortedError, signalOrNever, throwIfAborted } from './abort.js';
import { systemClock } from './clock.js';
import { Listeners } from './listeners.js';
import { RollingWindow } from './rolling-window.js';
import type { WindowTotals } from './rolling-window.js';
import { checkNumber } from './validate.js';
import { checkStatusCodes } from './status-codes.js';

export interface StateChangeEvent {
  from: CircuitState;
  to: CircuitState;
}

type Outcome = 'success' | 'failure' | 'ignored';

/**
 * Ballerina's circuit breaker (see docs/resilience.md), written by hand: cockatiel's
 * `SamplingBreaker` keeps a sliding window of fixed-width buckets but counts outcomes only,
 * has no request-volume rule over rejected requests, no "strictly greater" ratio against a
 * threshold that may be 0, no reset measured from the last error, and no way to count a
 * response (rather than an exception) as a failure while still returning it.
 *
 * Deviations from Ballerina: HALF_OPEN lets exactly one trial request through (concurrent
 * calls are rejected with {@link CircuitOpenError}) and the trial's outcome moves the circuit
 * to CLOSED or OPEN as soon as it completes; a successful trial clears the rolling window (in
 * Ballerina the failures that opened the circuit stay in it and can trip it again on the next
 * request); a request the caller aborted is counted like a rejected one (it adds to the volume,
 * not to the failure ratio).
 */
export class CircuitBreaker implements Policy<HttpResult> {
  readonly #window: RollingWindow;
  readonly #volume: number;
  readonly #threshold: number;
  readonly #resetTime: number;
  readonly #statusCodes: ReadonlySet<number>;
  readonly #clock: Clock;
  readonly #onStateChange = new Listeners<StateChangeEvent>();
  #state: CircuitState = 'closed';
  #lastErrorTime = 0;
  #trialInFlight = false;

  constructor(options: CircuitBreakerOptions, clock: Clock = systemClock) {
    const timeWindow = options.rollingWindow?.timeWindow ?? 60_000;
    const bucketSize = options.rollingWindow?.bucketSize ?? 10_000;
    const volume = options.rollingWindow?.requestVolumeThreshold ?? 10;
    checkNumber('rollingWindow.timeWindow', timeWindow, Number.MIN_VALUE);
    checkNumber('rollingWindow.bucketSize', bucketSize, Number.MIN_VALUE);
    if (bucketSize > timeWindow) {
      throw new InvalidOptionsError('rollingWindow.bucketSize', `${bucketSize} ms is larger than timeWindow ${timeWindow} ms`);
    }
    checkNumber('rollingWindow.requestVolumeThreshold', volume, 0, true);
    if (typeof options.failureThreshold !== 'number' || !(options.failureThreshold >= 0 && options.failureThreshold <= 1)) {
      throw new InvalidOptionsError('failureThreshold', `expected a ratio in [0, 1], got ${String(options.failureThreshold)}`);
    }
    checkNumber('resetTime', options.resetTime, 0);
    checkStatusCodes('statusCodes', options.statusCodes ?? []);
    this.#clock = clock;
    this.#window = new RollingWindow(timeWindow, bucketSize, clock.now());
    this.#volume = volume;
    this.#threshold = options.failureThreshold;
    this.#resetTime = options.resetTime;
    this.#statusCodes = new Set(options.statusCodes ?? []);
  }

  /** The state as of the last request (OPEN becomes HALF_OPEN on the first request after `resetTime`). */
  get state(): CircuitState {
    return this.#state;
  }

  /** Whether `execute` would send a request now. Changes nothing. */
  canExecute(): boolean {
    const next = this.#decide(this.#clock.now());
    return next === 'closed' || (next === 'half-open' && !this.#trialInFlight);
  }

  /** ms until OPEN lets a trial through (0 when not OPEN or already due). */
  get retryAfter(): number {
    if (this.#decide(this.#clock.now()) !== 'open') return 0;
    return Math.max(0, this.#lastErrorTime + this.#resetTime - this.#clock.now());
  }

  /** Counts in the rolling window as of now (rejected and aborted requests are in `total` and `rejected`). */
  stats(): WindowTotals {
    return this.#window.totals(this.#clock.now());
  }

  /**
   * Runs `fn` unless the circuit is open. OPEN (or HALF_OPEN with its trial running) → rejects
   * {@link CircuitOpenError} without calling `fn`. A result whose status is in `statusCodes`
   * counts as a failure but is still returned; any rejection except a caller abort is a failure.
   */
  async execute<T extends HttpResult>(fn: PolicyFn<T>, signal?: AbortSignal, call: CallInfo = {}): Promise<T> {
    throwIfAborted(signal);
    const now = this.#clock.now();
    const next = this.#decide(now);
    if (this.#state === 'closed' && next === 'half-open') this.#moveTo('open');
    this.#moveTo(next);
    const bucket = this.#window.current(now);
    bucket.total += 1;
    if (this.#state === 'open' || (this.#state === 'half-open' && this.#trialInFlight)) {
      bucket.rejected += 1;
      throw new CircuitOpenError(this.#state === 'open' ? Math.max(0, this.#lastErrorTime + this.#resetTime - now) : 0);
    }
    const trial = this.#state === 'half-open';
    if (trial) this.#trialInFlight = true;
    let result: T;
    try {
      result = await fn(signalOrNever(signal), call);
    } catch (error) {
      const aborted = error instanceof AbortedError || signal?.aborted === true;
      this.#record(aborted ? 'ignored' : 'failure', trial);
      throw signal?.aborted ? abortedError(signal) : error;
    }
    this.#record(this.#statusCodes.has(result.status) ? 'failure' : 'success', trial);
    return result;
  }

  /** Listens to state changes; returns a function that removes the listener. */
  onStateChange(listener: (e: StateChangeEvent) => void): () => void {
    return this.#onStateChange.add(listener);
  }

  /**
   * The state a request arriving at `now` sees (Ballerina's updateCircuitState, without side
   * effects). Deviation: OPEN → HALF_OPEN is checked right after CLOSED → OPEN, so failures older
   * than `resetTime` that trip the circuit lead straight to a trial instead of one rejection first
   * (a pool that only reads the breaker would otherwise skip such a target for ever).
   */
  #decide(now: number): CircuitState {
    let state = this.#state;
    if (state === 'closed') {
      const totals = this.#window.totals(now);
      if (totals.total >= this.#volume && failureRatio(totals) > this.#threshold) state = 'open';
    }
    if (state === 'open' && now - this.#lastErrorTime > this.#resetTime) state = 'half-open';
    return state;
  }

  #record(outcome: Outcome, trial: boolean): void {
    const now = this.#clock.now();
    const bucket = this.#window.current(now);
    if (outcome === 'failure') {
      bucket.failures += 1;
      this.#lastErrorTime = now;
    } else if (outcome === 'ignored') {
      bucket.rejected += 1;
    }
    if (!trial) return;
    this.#trialInFlight = false;
    if (outcome === 'failure') this.#moveTo('open');
    if (outcome === 'success') {
      // start CLOSED with a clean window: the failures that opened the circuit would otherwise trip it again at once
      this.#window.reset(now);
      this.#moveTo('closed');
    }
  }

  #moveTo(to: CircuitState): void {
    const from = this.#state;
    if (from === to) return;
    this.#state = to;
    this.#onStateChange.emit({ from, to });
  }
}

/** failures / (failures + successes); requests counted but not yet answered count as successes, as in Ballerina. */
function failureRatio(totals: WindowTotals): number {
  const answered = totals.total - totals.rejected;
  return answered > 0 ? totals.failures / answered : 0;
}

/**
 * One {@link CircuitBreaker} per base URL (`call.baseUrl`; calls without one share a breaker), so
 * a failing endpoint opens only its own circuit. What `circuitBreaker` in the client options builds.
 */
export class EndpointBreakers implements Policy<HttpResult> {
  readonly #options: CircuitBreakerOptions;
  readonly #clock: Clock;
  readonly #breakers = new Map<string, CircuitBreaker>();

  constructor(options: CircuitBreakerOptions, clock: Clock = systemClock) {
    this.#options = options;
    this.#clock = clock;
    this.get(''); // validates the options now
  }

  /** The breaker of `baseUrl` (created on first use). */
  get(baseUrl: string): CircuitBreaker {
    let breaker = this.#breakers.get(baseUrl);
    if (breaker === undefined) {
      breaker = new CircuitBreaker(this.#options, this.#clock);
      this.#breakers.set(baseUrl, breaker);
    }
    return breaker;
  }

  execute<T extends HttpResult>(fn: PolicyFn<T>, signal?: AbortSignal, call: CallInfo = {}): Promise<T> {
    return this.get(call.baseUrl ?? '').execute(fn, signal, call);
  }
}
