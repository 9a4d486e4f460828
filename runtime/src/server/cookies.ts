/**
 * Parses a `Cookie` request header (RFC 6265 §4.2) into name -> value. Hand-written because
 * @fastify/cookie needs Node 22; reading the header is all the server side needs.
 * The first occurrence of a name wins; values are percent-decoded when valid, and a pair of
 * surrounding double quotes is removed.
 */
export function parseCookieHeader(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (!header) return out;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim();
    if (!name || name in out) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // not percent-encoded: keep as sent
    }
    out[name] = value;
  }
  return out;
}
