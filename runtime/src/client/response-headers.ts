/** Response headers as the caller sees them: typed-headers.ts (declared headers by their schema) and plain ones. */
export { coerce, responseHeaders } from './typed-headers.js';

/** All headers, lower-cased names, as strings (undocumented responses). */
export function plainHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}
