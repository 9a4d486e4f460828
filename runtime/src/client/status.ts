import type { ResponseSpec } from '../spec.js';

/** True for 2xx, as `Response.ok`. */
export function isOkStatus(status: number): boolean {
  return status >= 200 && status <= 299;
}

/**
 * The documented response for `status`: an exact match first, then a range
 * (`4XX`), then `default`; undefined when the status is undocumented.
 */
export function findResponseSpec(responses: readonly ResponseSpec[], status: number): ResponseSpec | undefined {
  let byStatus = found.get(responses);
  if (byStatus === undefined) found.set(responses, (byStatus = new Map()));
  let spec = byStatus.get(status);
  if (spec === undefined) byStatus.set(status, (spec = lookup(responses, status) ?? null));
  return spec ?? undefined;
}

/** Per responses list, status → its spec (null: undocumented): a call looks its status up twice. */
const found = new WeakMap<readonly ResponseSpec[], Map<number, ResponseSpec | null>>();

function lookup(responses: readonly ResponseSpec[], status: number): ResponseSpec | undefined {
  const exact = String(status);
  const range = `${exact[0] ?? ''}XX`;
  let ranged: ResponseSpec | undefined;
  let fallback: ResponseSpec | undefined;
  for (const response of responses) {
    const key = response.status.toUpperCase();
    if (key === exact) return response;
    if (key === range) ranged ??= response;
    else if (key === 'DEFAULT') fallback ??= response;
  }
  return ranged ?? fallback;
}

/**
 * `ok` of a documented response (the runtime side of `ClientResult`): a 2xx
 * documented by its own status or by `2XX`; a 2xx that only `default` covers is
 * ok only when the operation documents no success otherwise (Stripe's
 * `200` + `default: Error`: a 201 under `default` is not ok).
 */
export function isDocumentedSuccess(responses: readonly ResponseSpec[], matched: ResponseSpec, status: number): boolean {
  if (!isOkStatus(status)) return false;
  if (matched.status.toUpperCase() !== 'DEFAULT') return true;
  return !responses.some((r) => r.status.toUpperCase() === '2XX' || isOkStatus(Number(r.status)));
}

/** Statuses and methods whose responses never carry a body. */
export function hasNoBody(method: string, status: number): boolean {
  return method === 'HEAD' || status === 204 || status === 205 || status === 304 || (status >= 100 && status < 200);
}
