/**
 * Issue 17.3–17.6 end to end through the client (the Node build, undici transport) on 127.0.0.1:
 * trace, cookies and cache as client options; the cache revalidating against our own listener's
 * ETags; throwOnError; the default timeout; option errors.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  cookieJar,
  httpCache,
  HttpStatusError,
  InvalidOptionsError,
  TimeoutError,
  traceLog,
  type ClientOptions,
  type TraceRecord,
} from '../../../runtime/src/client/node.js';
import { createListener, registerOperations, type Listener } from '../../../runtime/src/server/index.js';
import type { ApiSpec } from '../../../runtime/src/spec.js';
import { TestClient, api, jsonResponse, op } from '../client/helpers.js';
import { TestClock } from '../resilience/test-clock.js';
import { itemsApi, itemStore } from './items-api.js';
import { localServer, type LocalServer } from './wire.js';

let server: LocalServer;
let other: LocalServer;

beforeAll(async () => {
  other = await localServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ cookie: req.headers.cookie ?? null })));
  server = await localServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (status: number, body: unknown, headers: Record<string, string | string[]> = {}) =>
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    switch (url.pathname) {
      case '/login': // a redirect hop that sets the session cookie
        return void res.writeHead(302, { location: '/me', 'set-cookie': 'sid=s3cr3t-session; Path=/; HttpOnly' }).end();
      case '/me':
        return json(200, { cookie: req.headers.cookie ?? null });
      case '/away': // a redirect to another origin
        return void res.writeHead(302, { location: `${other.url}/elsewhere` }).end();
      case '/cached':
        return json(200, { n: server.seen.filter((s) => s.url === '/cached').length }, { 'cache-control': 'max-age=60' });
      case '/missing':
        return json(404, { title: 'no' });
      case '/teapot':
        return json(418, { title: 'short and stout' });
      case '/hang':
        return; // never answers
      default:
        return json(200, {});
    }
  });
});
afterAll(async () => {
  await server.close();
  await other.close();
});
beforeEach(() => {
  server.seen.length = 0;
  other.seen.length = 0;
});

const spec: ApiSpec = api({
  login: op({ path: '/login' }),
  me: op({ path: '/me' }),
  away: op({ path: '/away' }),
  cached: op({ path: '/cached' }),
  missing: op({ path: '/missing', responses: [jsonResponse('200'), jsonResponse('404')] }),
  teapot: op({ path: '/teapot' }),
  hang: op({ path: '/hang' }),
});
const client = (options: ClientOptions) => new TestClient(spec, { baseUrl: server.url, ...options });

describe('cookies: cookieJar()', () => {
  it('a cookie set on a redirect hop is sent on the next hop and later calls; never across the origin change', async () => {
    const c = client({ cookies: cookieJar() });
    expect((await c.run('login')).body).toEqual({ cookie: 'sid=s3cr3t-session' });
    expect((await c.run('me')).body).toEqual({ cookie: 'sid=s3cr3t-session' });
    expect((await c.run('away')).body).toEqual({ cookie: null }); // the other origin gets nothing
    expect(other.seen[0]!.headers.cookie).toBeUndefined();
  });

  it('without the option no cookie is kept', async () => {
    const c = client({});
    expect((await c.run('login')).body).toEqual({ cookie: null });
  });

  it('`cookies: true` is a clear option error naming cookieJar()', () => {
    expect(() => client({ cookies: true as never })).toThrow(/cookieJar\(\)/);
    expect(() => client({ cookies: true as never })).toThrow(InvalidOptionsError);
  });
});

describe('trace: traceLog()', () => {
  it('traces every hop with the cookie the jar added redacted', async () => {
    const records: TraceRecord[] = [];
    const c = client({ cookies: cookieJar(), trace: traceLog((_line, record) => records.push(record)) });
    await c.run('login');
    expect(records.map((r) => [r.kind, r.method, new URL(r.url).pathname, r.status])).toEqual([
      ['request', 'GET', '/login', undefined],
      ['response', 'GET', '/login', 302],
      ['request', 'GET', '/me', undefined],
      ['response', 'GET', '/me', 200],
    ]);
    expect(records[1]!.headers['set-cookie']).toBe('REDACTED');
    expect(records[2]!.headers['cookie']).toBe('REDACTED');
    expect(JSON.stringify(records)).not.toContain('s3cr3t-session');
  });
});

describe('cache: httpCache()', () => {
  it('a fresh response is served from the cache: the server sees one request', async () => {
    const c = client({ cache: httpCache() });
    const first = await c.run('cached');
    const second = await c.run('cached');
    expect([first.body, second.body]).toEqual([{ n: 1 }, { n: 1 }]);
    expect(server.seen.filter((s) => s.url === '/cached')).toHaveLength(1);
  });

  it('revalidates against createListener({ etag: true }): the second GET is a 304 carrying the stored body', async () => {
    let seen: Array<string | undefined> = [];
    const listener: Listener = await createListener({ logger: false, etag: true }, async (app) => {
      app.addHook('onRequest', async (req) => void seen.push(req.headers['if-none-match']));
      // the server's caching policy: storable, but revalidate before each use
      app.addHook('onSend', async (_req, reply, payload) => (reply.header('cache-control', 'no-cache'), payload));
      await registerOperations(app, itemsApi, itemStore().handlers as never);
    });
    try {
      const items = new TestClient(itemsApi, { baseUrl: listener.url, cache: httpCache() });
      await items.run('putItem', { path: { id: 'a' }, body: { text: 'hello' } });
      seen = [];
      const first = await items.run('getItem', { path: { id: 'a' } });
      const second = await items.run('getItem', { path: { id: 'a' } });
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(second.body).toEqual({ id: 'a', text: 'hello' });
      expect(seen).toHaveLength(2); // no-cache: stored, but revalidated every time
      expect(seen[0]).toBeUndefined();
      expect(seen[1]).toMatch(/^"[^"]+"$/); // the listener's ETag, answered 304
    } finally {
      await listener.close();
    }
  });

  it('on the node:http or fetch transport it is an option error, not a cache that never caches', () => {
    expect(() => client({ cache: httpCache(), transport: 'node:http' })).toThrow(InvalidOptionsError);
    expect(() => client({ cache: httpCache(), transport: 'fetch' })).toThrow(/undici/);
  });
});

describe('throwOnError', () => {
  it('true: a documented 404 and an undocumented 418 reject with HttpStatusError carrying the response', async () => {
    const c = client({ throwOnError: true });
    const missing = await c.run('missing').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(HttpStatusError);
    expect(missing).toMatchObject({ code: 'CG_HTTP_STATUS', status: 404, documented: true, response: { body: { title: 'no' } } });
    await expect(c.run('teapot')).rejects.toMatchObject({ status: 418, documented: false });
    expect((await c.run('me')).status).toBe(200);
  });

  it("'undocumented': only responses the spec does not document", async () => {
    const c = client({ throwOnError: 'undocumented' });
    expect((await c.run('missing')).status).toBe(404);
    await expect(c.run('teapot')).rejects.toBeInstanceOf(HttpStatusError);
  });

  it('a function decides; error interceptors see the HttpStatusError', async () => {
    const seen: unknown[] = [];
    const c = client({ throwOnError: (res) => res.status === 404, interceptors: { error: [(e) => void seen.push(e)] } });
    expect((await c.run('teapot')).status).toBe(418);
    await expect(c.run('missing')).rejects.toBeInstanceOf(HttpStatusError);
    expect(seen).toHaveLength(1);
  });

  it('off by default: every status resolves', async () => {
    expect((await client({}).run('teapot')).status).toBe(418);
  });
});

describe('default timeout', () => {
  it('30 s per attempt unless set: a hanging server ends in TimeoutError (fake clock)', async () => {
    const clock = new TestClock();
    const pending = client({ clock }).run('hang');
    await waitFor(() => clock.pending > 0);
    expect(clock.sleeps).toEqual([30_000]);
    clock.advance(30_000);
    await expect(pending).rejects.toBeInstanceOf(TimeoutError);
  });

  it('timeout: 0 (or init.timeout: 0) is none; another value replaces the default', async () => {
    const clock = new TestClock();
    const none = new AbortController();
    const unbounded = client({ clock, timeout: 0 }).run('hang', undefined, { signal: none.signal });
    const own = client({ clock, timeout: 5_000 }).run('hang');
    const perCall = client({ clock }).run('hang', undefined, { timeout: 0, signal: none.signal });
    await waitFor(() => clock.pending > 0);
    expect(clock.sleeps).toEqual([5_000]);
    clock.advance(5_000);
    await expect(own).rejects.toBeInstanceOf(TimeoutError);
    none.abort();
    await expect(unbounded).rejects.toMatchObject({ code: 'CG_ABORTED' });
    await expect(perCall).rejects.toMatchObject({ code: 'CG_ABORTED' });
  });

  it('a negative timeout is an option error', () => {
    expect(() => client({ timeout: -1 })).toThrow(InvalidOptionsError);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('through a generated client: createClient(options) and a per-operation function', () => {
  it('trace, cookies and throwOnError apply to ingestEvents(client, …)', async () => {
    const { createClient, ingestEvents } = await import('../../golden/sink/client.js');
    const records: TraceRecord[] = [];
    const ingest = await localServer((req, res) => {
      const status = req.headers.cookie === 'sid=1' ? 503 : 202;
      res.writeHead(status, { 'content-type': status === 202 ? 'application/json' : 'application/problem+json', 'set-cookie': 'sid=1' }).end(status === 202 ? '{"accepted":1}' : '{"title":"busy","status":503}');
    });
    try {
      const client = createClient({ baseUrl: ingest.url, trace: traceLog((_line, record) => records.push(record)), cookies: cookieJar(), throwOnError: true });
      const first = await ingestEvents(client, { body: [{ id: 1, type: 'click' }] });
      expect(first.status).toBe(202);
      // the jar sends sid=1 back, the server answers 503 (documented), throwOnError rejects
      await expect(ingestEvents(client, { body: [{ id: 2, type: 'click' }] })).rejects.toMatchObject({ code: 'CG_HTTP_STATUS', status: 503, documented: true });
      expect(records.filter((r) => r.kind === 'response').map((r) => r.status)).toEqual([202, 503]);
      expect(records[2]!.headers['cookie']).toBe('REDACTED');
    } finally {
      await ingest.close();
    }
  });
});
