/**
 * Redirects followed by the client itself (fetch with `redirect: 'manual'`, or
 * undici.request): 301/302/303 turn a POST into a body-less GET (303: every
 * method but HEAD), 307/308 repeat the method and body. Authorization, Cookie
 * and Proxy-Authorization are dropped when the origin changes.
 */
import { TooManyRedirectsError } from './errors.js';
import type { ReadBody } from './response-body.js';
import type { WireRequest } from './transport.js';

/** One attempt's outcome with its body already read (or handed over as a stream). */
export interface Received {
  status: number;
  headers: Headers;
  url: string;
  body: ReadBody;
  dispose(): Promise<void>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CREDENTIALS = ['authorization', 'cookie', 'proxy-authorization'];

export interface RedirectSettings {
  follow: boolean;
  maxCount: number;
  /** Whether the body can be sent again (false for a stream). */
  replayable: boolean;
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
    const next = redirectedRequest(request, received.status, location);
    if (next.body !== undefined && !settings.replayable) return received;
    await received.dispose();
    if (hops >= settings.maxCount) throw new TooManyRedirectsError(settings.maxCount, next.url);
    request = next;
  }
}

function redirectedRequest(request: WireRequest, status: number, location: string): WireRequest {
  const url = new URL(location, request.url);
  const headers = new Headers(request.headers);
  if (url.origin !== new URL(request.url).origin) for (const name of CREDENTIALS) headers.delete(name);
  const toGet =
    (status === 303 && request.method !== 'HEAD') || ((status === 301 || status === 302) && request.method === 'POST');
  if (!toGet) return { url: url.href, method: request.method, headers, body: request.body };
  for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) {
    headers.delete(name);
  }
  return { url: url.href, method: 'GET', headers, body: undefined };
}
