/**
 * Issue 17.4, client side: the private HTTP cache (undici's cache interceptor) over real HTTP on
 * 127.0.0.1. The server counts what reaches it, so "served from the cache" means "the server saw
 * nothing", and revalidation means "the server saw a conditional request and answered 304".
 */
import { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { httpCache } from '../../../runtime/src/client/cache.js';
import { InvalidOptionsError } from '../../../runtime/src/client/index.js';
import { context, localServer, viaFetch, viaUndici, type LocalServer } from './wire.js';

let server: LocalServer;
let version = 1;
const agents: Agent[] = [];

beforeAll(async () => {
  server = await localServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const etag = `"v${version}"`;
    const lastModified = new Date(Date.UTC(2026, 0, version)).toUTCString();
    const body = `${path} v${version}`;
    switch (path) {
      case '/fresh':
        res.writeHead(200, { 'cache-control': 'max-age=60', etag }).end(body);
        return;
      case '/etag':
      case '/last-modified': {
        const byTag = path === '/etag';
        const matches = byTag ? req.headers['if-none-match'] === etag : req.headers['if-modified-since'] === lastModified;
        const validator = byTag ? { etag } : { 'last-modified': lastModified };
        if (matches) res.writeHead(304, { 'cache-control': 'max-age=0', ...validator }).end();
        else res.writeHead(200, { 'cache-control': 'max-age=0', ...validator }).end(body);
        return;
      }
      case '/no-store':
        res.writeHead(200, { 'cache-control': 'no-store, max-age=60' }).end(body);
        return;
      case '/no-cache':
        if (req.headers['if-none-match'] === etag) res.writeHead(304, { 'cache-control': 'no-cache', etag }).end();
        else res.writeHead(200, { 'cache-control': 'no-cache', etag }).end(body);
        return;
      case '/vary':
        res.writeHead(200, { 'cache-control': 'max-age=60', vary: 'accept-language' }).end(`${body} ${req.headers['accept-language']}`);
        return;
      default:
        res.writeHead(200, { 'cache-control': 'max-age=60' }).end(body);
    }
  });
});
afterAll(async () => {
  await Promise.all(agents.map((agent) => agent.close()));
  await server.close();
});
beforeEach(() => {
  server.seen.length = 0;
  version = 1;
});

async function client() {
  const agent = new Agent();
  agents.push(agent);
  return viaUndici(httpCache(), agent, context({ transport: 'undici', baseUrls: [server.url] }));
}
const hits = (path: string) => server.seen.filter((s) => s.url === path);

describe('httpCache()', () => {
  it('a fresh entry is served without a request; the server is not asked again within max-age', async () => {
    const send = await client();
    const first = await send(`${server.url}/fresh`);
    version = 2; // the server changed, but the stored response is still fresh
    const second = await send(`${server.url}/fresh`);
    expect([first.text, second.text]).toEqual(['/fresh v1', '/fresh v1']);
    expect(hits('/fresh')).toHaveLength(1);
  });

  it('a stale entry is revalidated with If-None-Match; a 304 serves the stored body', async () => {
    const send = await client();
    expect((await send(`${server.url}/etag`)).text).toBe('/etag v1');
    const again = await send(`${server.url}/etag`);
    expect(again).toMatchObject({ status: 200, text: '/etag v1' });
    expect(hits('/etag').map((s) => s.headers['if-none-match'])).toEqual([undefined, '"v1"']);
    version = 2; // changed: the revalidation gets the new body
    expect((await send(`${server.url}/etag`)).text).toBe('/etag v2');
  });

  it('Last-Modified revalidates with If-Modified-Since', async () => {
    const send = await client();
    await send(`${server.url}/last-modified`);
    expect((await send(`${server.url}/last-modified`)).text).toBe('/last-modified v1');
    const [, second] = hits('/last-modified');
    expect(second!.headers['if-modified-since']).toBe(new Date(Date.UTC(2026, 0, 1)).toUTCString());
  });

  it('no-store is never stored; no-cache is stored but revalidated every time', async () => {
    const send = await client();
    await send(`${server.url}/no-store`);
    await send(`${server.url}/no-store`);
    expect(hits('/no-store').map((s) => s.headers['if-none-match'])).toEqual([undefined, undefined]);
    await send(`${server.url}/no-cache`);
    expect((await send(`${server.url}/no-cache`)).text).toBe('/no-cache v1');
    expect(hits('/no-cache').map((s) => s.headers['if-none-match'])).toEqual([undefined, '"v1"']);
  });

  it('Vary: one entry per value of the named request header', async () => {
    const send = await client();
    const en = await send(`${server.url}/vary`, { headers: { 'accept-language': 'en' } });
    const de = await send(`${server.url}/vary`, { headers: { 'accept-language': 'de' } });
    const enAgain = await send(`${server.url}/vary`, { headers: { 'accept-language': 'en' } });
    expect([en.text, de.text, enAgain.text]).toEqual(['/vary v1 en', '/vary v1 de', '/vary v1 en']);
    expect(hits('/vary')).toHaveLength(2);
  });

  it('a response to a request with Authorization is not stored (RFC 9111 §3.5): another caller is never served it', async () => {
    const send = await client();
    await send(`${server.url}/private`, { headers: { authorization: 'Bearer alice' } });
    const bob = await send(`${server.url}/private`, { headers: { authorization: 'Bearer bob' } });
    const anonymous = await send(`${server.url}/private`);
    expect(bob.status).toBe(200);
    expect(anonymous.status).toBe(200);
    expect(hits('/private').map((s) => s.headers.authorization)).toEqual(['Bearer alice', 'Bearer bob', undefined]);
  });

  it('a request Cache-Control: no-cache revalidates; POST is not cached; HEAD is', async () => {
    const send = await client();
    await send(`${server.url}/etag`);
    await send(`${server.url}/fresh`);
    await send(`${server.url}/fresh`, { headers: { 'cache-control': 'no-cache' } });
    expect(hits('/fresh')).toHaveLength(2);
    await send(`${server.url}/post`, { method: 'POST' });
    await send(`${server.url}/post`, { method: 'POST' });
    expect(hits('/post')).toHaveLength(2);
    await send(`${server.url}/head`, { method: 'HEAD' });
    await send(`${server.url}/head`, { method: 'HEAD' });
    expect(hits('/head')).toHaveLength(1);
  });

  it('each client has its own store', async () => {
    const one = await client();
    const two = await client();
    await one(`${server.url}/fresh`);
    await two(`${server.url}/fresh`);
    expect(hits('/fresh')).toHaveLength(2);
  });

  it('on a transport without undici it is InvalidOptionsError, not a cache that never caches', () => {
    expect(() => viaFetch(httpCache(), context({ transport: 'node:http' }))).toThrow(InvalidOptionsError);
  });
});
