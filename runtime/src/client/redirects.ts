/**
 * Redirects followed by the client itself (fetch with `redirect: 'manual'`, or
 * undici.request): 301/302/303 turn a POST into a body-less GET (303: every
 * method but HEAD), 307/308 repeat the method and body.
 *
 * Policy (issues 13.2, 13.15): only http(s) targets, only to the origins
 * `allowedOrigins` allows (default: any); a malformed Location, another scheme
 * (`data:`, `file:`, `javascript:`) or a refused origin is RedirectRefusedError.
 * When the origin (scheme, host or port) changes, every credential is dropped —
 * Authorization, Proxy-Authorization, Cookie, the spec's API-key headers and
 * query parameters, and every header the auth layer added — and stays dropped
 * for the rest of the chain.
 */
import { mapQuery, type CredentialNames } from './credentials.js';
import { InvalidOptionsError } from '../resilience/errors.js';
import { ContractgenError } from '../errors.js';
import { RedirectRefusedError } from './errors.js';
import type { ReadBody } from './response-body.js';
import type { WireRequest } from './transport.js';
import type { FollowRedirectsOptions } from './types.js';

/** One attempt's outcome with its body already read (or handed over as a stream). */
export interface Received {
  status: number;
  headers: Headers;
  url: string;
  body: ReadBody;
  dispose(): Promise<void>;
}

/** More redirects than `followRedirects.maxCount`. */
export class TooManyRedirectsError extends ContractgenError {
  readonly maxCount: number;
  readonly url: string;
  constructor(maxCount: number, url: string) {
    super('CG_TOO_MANY_REDIRECTS', `more than ${maxCount} redirects (last: ${url})`);
    this.maxCount = maxCount;
    this.url = url;
  }
}

/** The URL without its credential query parameters (a redirect to another origin). */
function stripCredentialQuery(url: string, names: CredentialNames): string {
  return mapQuery(url, names.query, () => undefined);
}

/** Deletes every credential header, in place. */
function stripCredentialHeaders(headers: Headers, names: CredentialNames): void {
  for (const name of names.headers) headers.delete(name);
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The client's redirect policy (from `followRedirects`). */
export interface RedirectPolicy {
  follow: boolean;
  maxCount: number;
  /** Origins (`https://api.example.com`) a redirect may go to besides the request's own; undefined: any. */
  allowedOrigins?: ReadonlySet<string> | undefined;
}

/**
 * The policy from `followRedirects`. Unset: up to 20 hops (fetch's own limit), any http(s)
 * origin; fetch follows them itself unless the request carries credentials it would not
 * drop (the client then follows them, see status-code-client).
 */
export function resolveRedirectPolicy(option: FollowRedirectsOptions | undefined): RedirectPolicy {
  const policy: RedirectPolicy = { follow: option?.enabled ?? true, maxCount: option?.maxCount ?? (option === undefined ? 20 : 5) };
  if (!(Number.isInteger(policy.maxCount) && policy.maxCount >= 0)) {
    throw new InvalidOptionsError('followRedirects.maxCount', 'expected a non-negative integer');
  }
  if (option?.allowedOrigins !== undefined) {
    policy.allowedOrigins = new Set(
      option.allowedOrigins.map((origin) => {
        let url: URL | undefined;
        try {
          url = new URL(origin);
        } catch {
          url = undefined;
        }
        if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
          throw new InvalidOptionsError('followRedirects.allowedOrigins', `"${origin}" is not an http(s) origin`);
        }
        return url.origin;
      }),
    );
  }
  return policy;
}

export interface RedirectSettings extends RedirectPolicy {
  /** Whether the body can be sent again (false for a stream). */
  replayable: boolean;
  /** What to strip when the origin changes. */
  credentials: CredentialNames;
  /** A URL as it may appear in an error message. */
  redact: (url: string) => string;
}

export async function withRedirects(
  first: WireRequest,
  send: (request: WireRequest) => Promise<Received>,
  settings: RedirectSettings,
): Promise<Received> {
  let request = first;
  for (let hops = 0; ; hops++) {
    const received = await send(request);
    const location = received.headers.get('location');
    if (!settings.follow || !REDIRECTS.has(received.status) || location === null) return received;
    let next: WireRequest;
    try {
      next = redirectedRequest(request, received.status, location, settings);
    } catch (error) {
      await received.dispose();
      throw error;
    }
    if (next.body !== undefined && !settings.replayable) return received;
    await received.dispose();
    if (hops >= settings.maxCount) throw new TooManyRedirectsError(settings.maxCount, settings.redact(next.url));
    request = next;
  }
}

function redirectedRequest(request: WireRequest, status: number, location: string, settings: RedirectSettings): WireRequest {
  let target: URL;
  try {
    target = new URL(location, request.url);
  } catch (error) {
    throw new RedirectRefusedError('malformed', status, settings.redact(location), { cause: error });
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new RedirectRefusedError('scheme', status, settings.redact(`${target.protocol}…`));
  }
  const from = new URL(request.url);
  const headers = new Headers(request.headers);
  let url = target.href;
  if (target.origin !== from.origin) {
    if (settings.allowedOrigins !== undefined && !settings.allowedOrigins.has(target.origin)) {
      throw new RedirectRefusedError('origin', status, settings.redact(url));
    }
    stripCredentialHeaders(headers, settings.credentials);
    url = stripCredentialQuery(url, settings.credentials);
  }
  const toGet =
    (status === 303 && request.method !== 'HEAD') || ((status === 301 || status === 302) && request.method === 'POST');
  if (!toGet) return { url, method: request.method, headers, body: request.body };
  for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) {
    headers.delete(name);
  }
  return { url, method: 'GET', headers, body: undefined };
}
