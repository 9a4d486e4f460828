import { ContractgenError } from '../errors.js';
import type { ClientResponse } from './types.js';

/** `expect(res, status)` got another status. Carries the whole response. */
export class UnexpectedStatusError extends ContractgenError {
  readonly status: number;
  readonly expected: number;
  readonly response: ClientResponse;
  constructor(response: ClientResponse, expected: number) {
    super('CG_UNEXPECTED_STATUS', `expected status ${expected}, got ${response.status}`);
    this.status = response.status;
    this.expected = expected;
    this.response = response;
  }
}

/** The body type of the member of `R` with status `S` (`unknown` when no member matches exactly). */
export type BodyOf<R extends ClientResponse, S extends number> = [Extract<R, { status: S }>] extends [never]
  ? unknown
  : Extract<R, { status: S }>['body'];

/**
 * The body of `res` when its status is `status`; otherwise throws
 * {@link UnexpectedStatusError} (CG_UNEXPECTED_STATUS) carrying the response.
 */
export function expect<R extends ClientResponse, S extends R['status']>(res: R, status: S): BodyOf<R, S> {
  if (res.status !== status) throw new UnexpectedStatusError(res, status);
  return res.body as BodyOf<R, S>;
}
