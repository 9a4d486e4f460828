import { ContractgenError } from '../errors.js';

/** The attempt (or the whole call) ran past its timeout. */
export class TimeoutError extends ContractgenError {
  readonly timeout: number;
  constructor(timeout: number, options?: { cause?: unknown }) {
    super('CG_TIMEOUT', `request timed out after ${timeout} ms`, options);
    this.timeout = timeout;
  }
}

/** The caller aborted the request through its AbortSignal. */
export class AbortedError extends ContractgenError {
  constructor(options?: { cause?: unknown }) {
    super('CG_ABORTED', 'request aborted by the caller', options);
  }
}

/** The connection failed: refused, reset, DNS, TLS, truncated body… */
export class NetworkError extends ContractgenError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CG_NETWORK', message, options);
  }
}

/** The circuit breaker is open: the request was not sent. */
export class CircuitOpenError extends ContractgenError {
  /** ms until a trial request will be allowed. */
  readonly retryAfter: number;
  constructor(retryAfter: number) {
    super('CG_CIRCUIT_OPEN', `upstream unavailable (circuit open), retry in ${Math.ceil(retryAfter / 1000)} s`);
    this.retryAfter = retryAfter;
  }
}

/** Every base URL failed; `failures` holds each target's error or status. */
export class AllEndpointsFailedError extends ContractgenError {
  readonly failures: ReadonlyArray<{ baseUrl: string; error?: unknown; status?: number }>;
  constructor(failures: ReadonlyArray<{ baseUrl: string; error?: unknown; status?: number }>) {
    super('CG_ALL_ENDPOINTS_FAILED', `all ${failures.length} endpoints failed`);
    this.failures = failures;
  }
}

/** A resilience option is out of range (e.g. `failureThreshold` outside [0, 1], `bucketSize > timeWindow`). */
export class InvalidOptionsError extends ContractgenError {
  /** The offending option, dotted (`rollingWindow.bucketSize`). */
  readonly option: string;
  constructor(option: string, message: string) {
    super('CG_INVALID_OPTIONS', `invalid option ${option}: ${message}`);
    this.option = option;
  }
}
