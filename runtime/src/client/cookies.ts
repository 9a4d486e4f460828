/**
 * The client's cookie jar (issue 17.3, Ballerina's cookie management):
 * `createClient({ cookies: cookieJar() })`. `Set-Cookie` from every response (redirect hops
 * included) is stored, and the matching cookies are sent back — by tough-cookie, the RFC 6265
 * implementation Node's ecosystem relies on: Domain and Path matching, Expires / Max-Age, Secure
 * (only over https, or to a loopback host), HttpOnly, SameSite, public suffixes refused.
 *
 * Never to another origin: the default jar is one tough-cookie jar per origin (scheme, host,
 * port), so a cookie is only ever sent back to the origin that set it — stricter than RFC 6265,
 * which would send a `Domain=example.com` cookie to every subdomain and ignores ports. A jar of
 * your own (`cookieJar(new CookieJar())`) is used as given: RFC 6265's scoping, shared by every
 * client you hand it to. SameSite: the client's base URLs are the first-party site; a request to
 * another site (a redirect to a login host) sends and accepts only `SameSite=None` (or unmarked)
 * cookies. In browsers the platform's jar applies (fetch sends the browser's cookies as its
 * `credentials` mode says): this feature then does nothing, and tough-cookie is never loaded.
 */
import { InvalidOptionsError } from '../resilience/errors.js';
import type { FeatureContext, TransportFeature } from './transport-feature.js';

type SameSite = 'strict' | 'none';

/** What the client needs of a jar: tough-cookie's `CookieJar` has it. */
export interface CookieStoreLike {
  getCookieString(url: string, options?: { sameSiteContext?: SameSite; http?: boolean }): Promise<string>;
  setCookie(cookie: string, url: string, options?: { sameSiteContext?: SameSite; ignoreError?: boolean; http?: boolean }): Promise<unknown>;
  removeAllCookies?(): Promise<void>;
}

export interface CookieJarFeature extends TransportFeature {
  /** Forgets every cookie of this jar (the default jar; a jar of your own when it has `removeAllCookies`). */
  clear(): Promise<void>;
}

type Tough = typeof import('tough-cookie');
let toughModule: Promise<Tough> | undefined;

function loadTough(): Promise<Tough> {
  // a computed specifier: browser bundlers must not resolve (or bundle) tough-cookie
  const specifier = 'tough-cookie';
  toughModule ??= (import(/* @vite-ignore */ specifier) as Promise<Tough>).catch((cause: unknown) => {
    toughModule = undefined;
    throw new InvalidOptionsError('cookies', `the cookie jar needs tough-cookie: npm install tough-cookie (${String((cause as Error)?.message ?? cause)})`);
  });
  return toughModule;
}

const inBrowser = (): boolean => typeof (globalThis as { document?: unknown }).document !== 'undefined';

/** Schemeful site: scheme and registrable domain (an IP or a single-label host is its own site). */
function site(url: URL, tough: Tough): string {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let registrable = host;
  if (!/^[\d.]+$/.test(host) && !host.includes(':')) {
    try {
      registrable = tough.getPublicSuffix(host) ?? host;
    } catch {
      // special-use names (localhost, *.local): the host is its own site
    }
  }
  return `${url.protocol}//${registrable}`;
}

export function cookieJar(jar?: CookieStoreLike): CookieJarFeature {
  const byOrigin = new Map<string, CookieStoreLike>();
  return {
    feature: 'cookies',
    async clear() {
      byOrigin.clear();
      await jar?.removeAllCookies?.();
    },
    wrap(transport, context: FeatureContext) {
      if (inBrowser()) return transport;
      let firstParty: Set<string> | undefined;
      return async (request, signal, ...rest) => {
        const tough = await loadTough();
        const url = new URL(request.url);
        firstParty ??= new Set(context.baseUrls.map((base) => site(new URL(base), tough)));
        const sameSiteContext: SameSite = firstParty.has(site(url, tough)) ? 'strict' : 'none';
        let store = jar ?? byOrigin.get(url.origin);
        if (store === undefined) {
          store = new tough.CookieJar();
          byOrigin.set(url.origin, store);
        }
        const cookies = await store.getCookieString(request.url, { sameSiteContext, http: true });
        let outgoing = request;
        if (cookies !== '') {
          const headers = new Headers(request.headers);
          const given = headers.get('cookie');
          headers.set('cookie', given === null || given === '' ? cookies : `${given}; ${cookies}`);
          outgoing = { ...request, headers };
        }
        const response = await transport(outgoing, signal, ...rest);
        for (const header of response.headers.getSetCookie()) {
          // a cookie the rules refuse (another domain, a public suffix, SameSite cross-site…) is dropped
          await store.setCookie(header, request.url, { sameSiteContext, ignoreError: true, http: true });
        }
        return response;
      };
    },
  };
}
