/**
 * Issue 17.3: the cookie jar over real HTTP on 127.0.0.1. The server sets whatever the test
 * asks for (`?c=<Set-Cookie value>`, repeatable) and every request's Cookie header is recorded.
 * Other host names (`*.test`) are routed to 127.0.0.1 by the test's fetch, so the jar sees
 * other sites while nothing leaves loopback.
 */
import { CookieJar } from 'tough-cookie';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cookieJar } from '../../../runtime/src/client/cookies.js';
import { context, localServer, viaFetch, type LocalServer } from './wire.js';

let a: LocalServer; // the API
let b: LocalServer; // another origin on the same host (another port)

function handler(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  res.writeHead(200, { 'content-type': 'text/plain', 'set-cookie': url.searchParams.getAll('c') }).end(req.headers.cookie ?? '');
}

beforeAll(async () => {
  a = await localServer(handler);
  b = await localServer(handler);
});
afterAll(async () => {
  await a.close();
  await b.close();
});
beforeEach(() => {
  a.seen.length = 0;
  b.seen.length = 0;
});

const set = (...cookies: string[]) => `?${cookies.map((c) => `c=${encodeURIComponent(c)}`).join('&')}`;
const lastCookie = (server: LocalServer) => server.seen.at(-1)!.headers.cookie;

describe('cookieJar()', () => {
  it('stores Set-Cookie and sends it back by path; HttpOnly cookies too (an HTTP API)', async () => {
    const send = viaFetch(cookieJar(), context({ baseUrls: [a.url] }));
    await send(`${a.url}/app/login${set('sid=abc; Path=/app; HttpOnly', 'theme=dark; Path=/', 'step=2')}`);
    await send(`${a.url}/app/page`);
    expect(lastCookie(a)).toBe('sid=abc; step=2; theme=dark'); // longer paths first (RFC 6265 §5.4)
    await send(`${a.url}/other`);
    // Path=/app does not match /other; nor does step's default path, /app (the request's directory, §5.1.4)
    expect(lastCookie(a)).toBe('theme=dark');
  });

  it('Max-Age=0 and an Expires in the past delete a cookie (RFC 6265 §5.3)', async () => {
    const send = viaFetch(cookieJar(), context({ baseUrls: [a.url] }));
    await send(`${a.url}/${set('x=1', 'y=2', 'z=3; Max-Age=3600')}`);
    await send(`${a.url}/${set('x=; Max-Age=0', 'y=; Expires=Thu, 01 Jan 1970 00:00:00 GMT')}`);
    await send(`${a.url}/`);
    expect(lastCookie(a)).toBe('z=3');
  });

  it('a Domain attribute the host does not domain-match, or a public suffix, is refused', async () => {
    const send = viaFetch(cookieJar(), context({ baseUrls: ['http://api.shop.co.uk'] }));
    const origin = `http://api.shop.co.uk:${a.port}`;
    await send(`${origin}/${set('evil=1; Domain=example.com', 'suffix=1; Domain=co.uk', 'ok=1; Domain=shop.co.uk')}`);
    await send(`${origin}/`);
    expect(lastCookie(a)).toBe('ok=1');
  });

  it('never to another origin: not to another port of the same host, nor to another host', async () => {
    const send = viaFetch(cookieJar(), context({ baseUrls: [a.url] }));
    await send(`${a.url}/${set('sid=secret; Domain=127.0.0.1')}`);
    await send(`${b.url}/`);
    expect(lastCookie(b)).toBeUndefined();
    await send(`http://other.test:${a.port}/`);
    expect(lastCookie(a)).toBeUndefined();
    await send(`${a.url}/`);
    expect(lastCookie(a)).toBe('sid=secret');
  });

  it('a jar of your own follows RFC 6265 as given (ports are not part of cookie scope) and may be shared', async () => {
    const jar = new CookieJar();
    const first = viaFetch(cookieJar(jar), context({ baseUrls: [a.url] }));
    const second = viaFetch(cookieJar(jar), context({ baseUrls: [a.url] }));
    await first(`${a.url}/${set('shared=1')}`);
    await second(`${b.url}/`);
    expect(lastCookie(b)).toBe('shared=1');
    expect(await jar.getCookieString(`${a.url}/`)).toBe('shared=1');
  });

  it('Secure: a jar that treats loopback as insecure neither stores nor sends Secure cookies over http', async () => {
    // tough-cookie 6 option (5.x, the version a test resolves here, treats every plain-http URL as insecure anyway)
    const jar = new CookieJar(undefined, { allowSecureOnLocal: false } as ConstructorParameters<typeof CookieJar>[1]);
    const send = viaFetch(cookieJar(jar), context({ baseUrls: [a.url] }));
    await send(`${a.url}/${set('s=1; Secure', 'p=1')}`);
    await send(`${a.url}/`);
    expect(lastCookie(a)).toBe('p=1');
  });

  it('SameSite: on another site only SameSite=None (or unmarked) cookies are accepted and sent', async () => {
    const send = viaFetch(cookieJar(), context({ baseUrls: [a.url] })); // first party: 127.0.0.1
    const login = `http://login.test:${b.port}`;
    await send(`${login}/${set('strict=1; SameSite=Strict', 'lax=1; SameSite=Lax', 'none=1; SameSite=None; Secure', 'plain=1')}`);
    await send(`${login}/`);
    expect(lastCookie(b)).toBe('plain=1'); // none=1 is Secure: not over plain http to a non-loopback name
    // first party: SameSite=Strict and Lax cookies are stored and sent
    await send(`${a.url}/${set('strict=1; SameSite=Strict', 'lax=1; SameSite=Lax')}`);
    await send(`${a.url}/`);
    expect(lastCookie(a)).toBe('strict=1; lax=1');
  });

  it('cookies of the request (a cookie parameter, an apiKey cookie) come first; clear() forgets the jar', async () => {
    const jar = cookieJar();
    const send = viaFetch(jar, context({ baseUrls: [a.url] }));
    await send(`${a.url}/${set('j=1')}`);
    await send(`${a.url}/`, { headers: { cookie: 'key=k' } });
    expect(lastCookie(a)).toBe('key=k; j=1');
    await jar.clear();
    await send(`${a.url}/`);
    expect(lastCookie(a)).toBeUndefined();
  });

  it('each cookieJar() is its own jar: two clients with their own share nothing', async () => {
    const one = viaFetch(cookieJar(), context({ baseUrls: [a.url] }));
    const two = viaFetch(cookieJar(), context({ baseUrls: [a.url] }));
    await one(`${a.url}/${set('mine=1')}`);
    await two(`${a.url}/`);
    expect(lastCookie(a)).toBeUndefined();
  });
});
