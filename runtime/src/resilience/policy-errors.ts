/** The errors only the resilience policies throw (apart from the core's, so a bundle without the policies has none of them). */
import { ContractgenError } from '../errors.js';

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
