import { UnexpectedStatusError } from './errors.js';
import type { ClientResponse } from './types.js';

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
