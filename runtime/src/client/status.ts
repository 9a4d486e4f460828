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
