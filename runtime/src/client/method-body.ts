/**
 * Which methods may carry a request body (issue 12.10). A spec may give a GET or
 * HEAD a `requestBody` (OpenAPI 3.1 allows it; RFC 9110 §9.3.1 gives such content
 * no defined semantics). The fetch standard refuses it (a TypeError that used to
 * surface as a retried CG_NETWORK), so on the fetch path the call is refused
 * before anything is sent; undici.request and node:http send it (an origin the
 * spec says supports it). TRACE must not carry content (RFC 9110 §9.3.8), nor
 * CONNECT: refused on every transport. Never retried: nothing was sent.
 */
import { InvalidRequestError } from './errors.js';

const NO_BODY_ON_FETCH = new Set(['GET', 'HEAD']);
const NEVER_A_BODY = new Set(['TRACE', 'CONNECT']);

export function checkMethodBody(method: string, hasBody: boolean, viaFetch: boolean): void {
  if (!hasBody) return;
  const upper = method.toUpperCase();
  if (NEVER_A_BODY.has(upper)) throw new InvalidRequestError(`a ${upper} request cannot carry a body (RFC 9110)`);
  if (viaFetch && NO_BODY_ON_FETCH.has(upper)) {
    throw new InvalidRequestError(
      `fetch cannot send a ${upper} request with a body: on Node leave \`transport\` unset (undici.request or node:http send it)`,
    );
  }
}
