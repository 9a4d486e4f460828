/**
 * `throwOnError` (issue 17.6, Mule's `exceptionOnMessageError`): client-wide, a response the
 * caller does not want as a value rejects the call with {@link HttpStatusError} instead — besides
 * the per-call `Client.expect(res, status)`. `true`: any status ≥ 400 and any undocumented
 * response; `'undocumented'`: only responses the spec does not document (status, media type or
 * shape); a function decides per response.
 */
import { ContractgenError } from '../errors.js';
import type { ClientResponse } from './types.js';

export type ThrowOnError = boolean | 'undocumented' | ((response: ClientResponse) => boolean);

/** The call's response matched `throwOnError`; the whole response rides along. */
export class HttpStatusError extends ContractgenError {
  readonly status: number;
  /** Whether the spec documents this response. */
  readonly documented: boolean;
  readonly response: ClientResponse;
  constructor(response: ClientResponse, where: string) {
    const documented = response.documented !== false;
    super('CG_HTTP_STATUS', `${where} answered ${response.status}${documented ? '' : ' (undocumented)'}`);
    this.status = response.status;
    this.documented = documented;
    this.response = response;
  }
}

/** Whether `response` is to be thrown under `option`. */
export function shouldThrow(option: ThrowOnError | undefined, response: ClientResponse): boolean {
  if (option === undefined || option === false) return false;
  const undocumented = response.documented === false;
  if (option === 'undocumented') return undocumented;
  if (option === true) return undocumented || response.status >= 400;
  return option(response);
}
