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

describe('a timeout or an abort cancels the request on the wire', () => {
  let n = 0;
  for (const [name, transport] of transports) {
    const options = (extra: ClientOptions = {}): ClientOptions => ({ baseUrl: base, ...(transport === undefined ? {} : { transport }), ...extra });
    /** A client that has made one call (its transport loaded and connected: the next request reaches the server). */
    const warm = async (extra: ClientOptions = {}): Promise<TestClient> => {
      const client = new TestClient(spec, options(extra));
      await client.run('ok', undefined, { timeout: 30_000 });
      return client;
    };

    it(`${name}: timeout before the headers → TimeoutError, request closed`, async () => {
      const id = `t${n++}`;
      const seen = expectClose(id);
      const error = await (await warm({ timeout: 50 })).run('hang', { query: { id } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      await seen;
    });

    it(`${name}: timeout while the body arrives → TimeoutError, request closed`, async () => {
      const id = `t${n++}`;
      const seen = expectClose(id);
      const error = await (await warm({ timeout: 80 })).run('trickle', { query: { id } }).catch((e: unknown) => e);
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
