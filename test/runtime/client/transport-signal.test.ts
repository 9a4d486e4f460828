/**
 * Cancellation reaches the wire on every transport: the Node transports get the light
 * per-attempt signal (transport-signal.ts), fetch a real AbortSignal. A timeout or the
 * caller's abort — before the response headers, or while the body is still arriving —
 * rejects with the typed error AND closes the request the server sees. Real HTTP on 127.0.0.1.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortedError, TimeoutError, type ClientOptions } from '../../../runtime/src/client/node.js';
import { abortController, lightAborter } from '../../../runtime/src/client/transport-signal.js';
import { Pipeline } from '../../../runtime/src/client/pipeline.js';
import { resolveRedirectPolicy } from '../../../runtime/src/client/redirects.js';
import { RetryPolicy } from '../../../runtime/src/resilience/retry-policy.js';
import { CircuitBreaker } from '../../../runtime/src/resilience/circuit-breaker.js';
import { TestClient, api, op } from './helpers.js';

let server: Server;
let base = '';
/** Resolves when the server sees the request with this id closed before it answered in full. */
const closed = new Map<string, { seen: Promise<void>; done: () => void }>();
function expectClose(id: string): Promise<void> {
  let done!: () => void;
  const seen = new Promise<void>((resolve) => (done = resolve));
  closed.set(id, { seen, done });
  return seen;
}

beforeAll(async () => {
  server = createServer((req, res: ServerResponse) => {
    const url = new URL(req.url!, 'http://x');
    const id = url.searchParams.get('id') ?? '';
    res.on('close', () => {
      if (!res.writableFinished) closed.get(id)?.done();
    });
    if (url.pathname === '/hang') return; // never answers
    if (url.pathname === '/trickle') {
      // headers and half a body, then nothing
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"half":');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const spec = api({
  hang: op({ path: '/hang' }),
  trickle: op({ path: '/trickle' }),
  ok: op({ path: '/ok' }),
});
const transports: Array<[string, ClientOptions['transport']]> = [
  ['undici (the Node default)', undefined],
  ['node:http', 'node:http'],
  ['fetch', 'fetch'],
];

/** The lean path (one attempt) and the pipeline (retry + breaker: their TimeoutPolicy makes the attempt's signal). */
const paths: Array<[string, ClientOptions]> = [
  ['', {}],
  [' + retry + breaker', { retry: { count: 1, interval: 1 }, circuitBreaker: { failureThreshold: 0.5, resetTime: 1_000 } }],
];

describe('a timeout or an abort cancels the request on the wire', () => {
  let n = 0;
  for (const [transportName, transport] of transports) for (const [pathName, pathOptions] of paths) {
    const name = `${transportName}${pathName}`;
    const options = (extra: ClientOptions = {}): ClientOptions => ({ baseUrl: base, ...(transport === undefined ? {} : { transport }), ...pathOptions, ...extra });
    /** A client that has made one call (its transport loaded and connected: the next request reaches the server). */
    const warm = async (extra: ClientOptions = {}): Promise<TestClient> => {
      const client = new TestClient(spec, options(extra));
      await client.run('ok', undefined, { timeout: 30_000 });
      return client;
    };

    // timeouts of a few hundred ms: under load a 50 ms timer could fire before the request is even
    // written, and a request the server never saw cannot be seen closed (a 60 s hang, seen once at load 15)
    it(`${name}: timeout before the headers → TimeoutError, request closed`, async () => {
      const id = `t${n++}`;
      const seen = expectClose(id);
      const error = await (await warm({ timeout: 400 })).run('hang', { query: { id } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      await seen;
    });

    it(`${name}: timeout while the body arrives → TimeoutError, request closed`, async () => {
      const id = `t${n++}`;
      const seen = expectClose(id);
      const error = await (await warm({ timeout: 400 })).run('trickle', { query: { id } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      await seen;
    });

    it(`${name}: the caller's abort → AbortedError, request closed`, async () => {
      const id = `t${n++}`;
      const seen = expectClose(id);
      const controller = new AbortController();
      const pending = (await warm()).run('trickle', { query: { id } }, { signal: controller.signal });
      setTimeout(() => controller.abort(), 30);
      await expect(pending).rejects.toBeInstanceOf(AbortedError);
      await seen;
    });

    it(`${name}: a finished call is not cancelled by a later abort or by its timer`, async () => {
      const controller = new AbortController();
      const client = new TestClient(spec, options({ timeout: 300 }));
      const res = await client.run('ok', undefined, { signal: controller.signal });
      controller.abort();
      await new Promise((resolve) => setTimeout(resolve, 350));
      expect(res).toMatchObject({ status: 200, body: { ok: true } });
    });
  }
});

describe('the light attempt signal behaves like an AbortSignal for what transports use', () => {
  for (const [name, make] of [
    ['light', lightAborter],
    ['AbortController', abortController],
  ] as const) {
    it(`${name}: listeners run once with an abort event; removed ones and late ones never; reason kept`, () => {
      const aborter = make();
      const calls: string[] = [];
      const a = (event?: unknown): void => void calls.push(`a:${(event as { type?: string } | undefined)?.type}`);
      const b = (): void => void calls.push('b');
      aborter.signal.addEventListener('abort', a, { once: true });
      aborter.signal.addEventListener('abort', b);
      aborter.signal.removeEventListener('abort', b);
      expect(aborter.signal.aborted).toBe(false);
      const reason = new TimeoutError(5);
      aborter.abort(reason);
      aborter.abort(new Error('second'));
      aborter.signal.addEventListener('abort', () => calls.push('late'));
      expect(calls).toEqual(['a:abort']);
      expect(aborter.signal.aborted).toBe(true);
      expect(aborter.signal.reason).toBe(reason);
    });
  }
});

describe('no AbortController per call where nothing can abort it', () => {
  it("the pipeline gives the exchange its connection's signal (the light one on Node), a fresh one per attempt", async () => {
    const seen: unknown[] = [];
    const pipeline = new Pipeline({ baseUrls: ['http://127.0.0.1:1'], retry: { count: 1, interval: 1 }, redirects: resolveRedirectPolicy(undefined), timeout: 1_000, aborter: lightAborter });
    const settings = { method: 'GET', replayable: true, credentials: { headers: new Set<string>(), query: new Set<string>() }, redact: (url: string) => url };
    let calls = 0;
    const received = await pipeline.execute(
      (baseUrl) => ({ url: `${baseUrl}/x`, method: 'GET', headers: new Headers(), body: undefined }),
      async (_request, signal) => {
        seen.push(signal);
        const status = calls++ === 0 ? 503 : 200;
        return { status, headers: new Headers(), url: '', body: { kind: 'none' }, dispose: async () => undefined };
      },
      settings,
    );
    expect(received.status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(seen[0]).not.toBe(seen[1]);
    for (const signal of seen) expect(signal).not.toBeInstanceOf(AbortSignal);
  });

  it('retry and the breaker, called without a signal, pass one shared never-aborting signal that keeps no listener', async () => {
    const seen: AbortSignal[] = [];
    const retry = new RetryPolicy({ count: 0, interval: 1 });
    const breaker = new CircuitBreaker({ failureThreshold: 0.5, resetTime: 1_000 });
    const ok = { status: 200, headers: new Headers() };
    for (let i = 0; i < 2; i++) {
      await retry.execute(async (signal) => (seen.push(signal), ok));
      await breaker.execute(async (signal) => (seen.push(signal), ok));
    }
    expect(new Set(seen).size).toBe(1);
    const [never] = seen;
    expect(never!.aborted).toBe(false);
    let called = false;
    never!.addEventListener('abort', () => (called = true));
    expect(called).toBe(false);
  });
});
