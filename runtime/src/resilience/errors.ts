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

/** A resilience option is out of range (e.g. `failureThreshold` outside [0, 1], `bucketSize > timeWindow`). */
export class InvalidOptionsError extends ContractgenError {
  /** The offending option, dotted (`rollingWindow.bucketSize`). */
  readonly option: string;
  constructor(option: string, message: string) {
    super('CG_INVALID_OPTIONS', `invalid option ${option}: ${message}`);
    this.option = option;
  }
}
