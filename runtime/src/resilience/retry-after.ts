/**
 * Parses a Retry-After header (RFC 9110 §10.2.3): either delay-seconds or an
 * HTTP date. Returns the wait in ms (never negative), or undefined when the
 * header is absent or malformed (the computed backoff is used then).
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // an HTTP date always names a weekday or month; a bare number like "1.5" or "-1" is malformed
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
