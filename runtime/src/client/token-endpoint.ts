/**
 * Where the client may send its OAuth2 client secret (issue 13.11):
 * - only over https, unless the host is loopback (127.0.0.0/8, ::1, localhost) or
 *   the user opted in with `allowInsecureTokenUrl` — for the token endpoint and the
 *   OpenID Connect discovery document that names it alike;
 * - a discovery document must name the issuer its URL was derived from (OpenID
 *   Connect Discovery 1.0 §4.3; RFC 8414 §3.3 for the `/.well-known/…` insertion
 *   form) and a token endpoint on that issuer's origin. A provider whose token
 *   endpoint lives elsewhere (Google's) is configured with an explicit
 *   `auth.oauth2.tokenUrl`.
 */
import { AuthError } from './auth-error.js';

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** Refuses a URL the secret must not travel to (`what` names it in the message). */
export function checkSecretUrl(url: string, allowInsecure: boolean, what: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AuthError(`the ${what} "${url}" is not a URL`);
  }
  if (parsed.protocol === 'https:') return parsed;
  if (parsed.protocol === 'http:' && (isLoopback(parsed.hostname) || allowInsecure)) return parsed;
  throw new AuthError(
    `refusing to use the ${what} ${parsed.origin}: client credentials go only over https (or to a loopback host); ` +
      'set auth.oauth2.allowInsecureTokenUrl to allow plain http',
  );
}

const OIDC_SUFFIX = '/.well-known/openid-configuration';
const WELL_KNOWN = /^\/\.well-known\/(?:openid-configuration|oauth-authorization-server)(\/.*)?$/;

/** The issuer a discovery URL was built from; undefined when the URL has neither well-known form. */
export function expectedIssuer(discoveryUrl: URL): string | undefined {
  const path = discoveryUrl.pathname;
  // OpenID Connect Discovery §4: <issuer>/.well-known/openid-configuration
  if (path.endsWith(OIDC_SUFFIX)) return `${discoveryUrl.origin}${path.slice(0, -OIDC_SUFFIX.length)}`;
  // RFC 8414 §3.1: https://host/.well-known/oauth-authorization-server/<issuer path>
  const inserted = WELL_KNOWN.exec(path);
  if (inserted !== null) return `${discoveryUrl.origin}${inserted[1] ?? ''}`;
  return undefined;
}

const trim = (url: string): string => url.replace(/\/+$/, '');

/** The token endpoint of a discovery document, after the issuer and origin checks. */
export function discoveredTokenEndpoint(discoveryUrl: URL, document: Record<string, unknown>, allowInsecure: boolean): string {
  const where = `OpenID Connect discovery at ${discoveryUrl.href}`;
  const issuer = document['issuer'];
  if (typeof issuer !== 'string') throw new AuthError(`${where} has no issuer`);
  const expected = expectedIssuer(discoveryUrl);
  let issuerUrl: URL;
  try {
    issuerUrl = new URL(issuer);
  } catch {
    throw new AuthError(`${where} names an issuer that is not a URL`);
  }
  if (expected === undefined ? issuerUrl.origin !== discoveryUrl.origin : trim(issuer) !== trim(expected)) {
    throw new AuthError(`${where} names the issuer "${issuer}", expected "${expected ?? discoveryUrl.origin}" (RFC 8414 §3.3)`);
  }
  const endpoint = document['token_endpoint'];
  if (typeof endpoint !== 'string') throw new AuthError(`${where} has no token_endpoint`);
  const tokenUrl = checkSecretUrl(endpoint, allowInsecure, 'token endpoint');
  if (tokenUrl.origin !== issuerUrl.origin) {
    throw new AuthError(
      `${where} names a token endpoint on ${tokenUrl.origin}, not on the issuer's origin ${issuerUrl.origin}: ` +
        'if that is right, give auth.oauth2.tokenUrl explicitly',
    );
  }
  return tokenUrl.href;
}
