/**
 * Issue 13.5 / issue 15 "safe by default": createListener sets request, header, keep-alive and
 * connection timeouts (and exposes them); a slowloris-style client dripping its headers or its body
 * is cut off. Bounded: a socket the server never closes fails the test at its timeout, and every
 * socket is destroyed after each test.
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { createListener, LISTENER_DEFAULTS, ServerSetupError, type Listener, type ListenerOptions } from '../../runtime/src/server/index.js';
import { api, echoResponse, op } from './server-request-helpers.js';
import { registerOperations } from '../../runtime/src/server/index.js';

const spec = api({
  listPets: op({ operationId: 'listPets', method: 'GET', path: '/pets', responses: echoResponse }),
  addPet: op({ operationId: 'addPet', method: 'POST', path: '/pets', responses: echoResponse }),
  big: op({ operationId: 'big', method: 'GET', path: '/big', responses: echoResponse }),
});
/** More than loopback's socket buffers hold: a client that reads nothing stalls the server's writes. */
const BIG = 'x'.repeat(32 * 1024 * 1024);
const handlers = { listPets: async () => ({ status: 200, body: [] }), addPet: async () => ({ status: 200, body: {} }), big: async () => ({ status: 200, body: BIG }) };

let server: Listener | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await server?.close();
  server = undefined;
});

const listen = async (options: ListenerOptions): Promise<Listener> => {
  server = await createListener({ logger: false, ...options }, (app) => registerOperations(app, spec, handlers));
  return server;
};

/** Opens a socket that sends `head`, then one more byte every `everyMs` until the server closes it;
 * resolves with what the server wrote. */
function drip(url: string, head: string, next: () => string, everyMs: number): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    let received = '';
    const socket = connect(Number(port), '127.0.0.1');
    sockets.push(socket);
    let timer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (!socket.destroyed && socket.writable) socket.write(next());
      }, everyMs);
    });
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve(received);
    });
  });
}

describe('createListener timeouts', () => {
  it('has request, header, keep-alive and connection timeouts by default, headersTimeout <= requestTimeout', async () => {
    const s = (await listen({})).server as unknown as { requestTimeout: number; headersTimeout: number; keepAliveTimeout: number; timeout: number; maxHeaderSize: number };
    expect(s.requestTimeout).toBe(LISTENER_DEFAULTS.requestTimeout);
    expect(s.headersTimeout).toBe(LISTENER_DEFAULTS.headersTimeout);
    expect(s.keepAliveTimeout).toBe(LISTENER_DEFAULTS.keepAliveTimeout);
    expect(s.maxHeaderSize).toBe(LISTENER_DEFAULTS.maxHeaderSize);
    for (const value of [s.requestTimeout, s.headersTimeout, s.keepAliveTimeout, LISTENER_DEFAULTS.connectionTimeout]) expect(value).toBeGreaterThan(0);
    expect(s.headersTimeout).toBeLessThanOrEqual(s.requestTimeout);
  });

  it('exposes each one as an option; a requestTimeout below the header default lowers headersTimeout with it', async () => {
    const s = (await listen({ requestTimeout: 4000, keepAliveTimeout: 1000, connectionTimeout: 9000, maxRequestsPerSocket: 5, maxHeaderSize: 8192 })).server as unknown as Record<string, number>;
    expect([s['requestTimeout'], s['headersTimeout'], s['keepAliveTimeout'], s['maxRequestsPerSocket'], s['maxHeaderSize']]).toEqual([4000, 4000, 1000, 5, 8192]);
  });

  it('refuses headersTimeout > requestTimeout and negative values (CG_LISTENER_CONFIG)', async () => {
    for (const bad of [{ requestTimeout: 1000, headersTimeout: 2000 }, { keepAliveTimeout: -1 }, { requestTimeout: 1.5 }]) {
      const err = await createListener(bad, () => undefined).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ServerSetupError);
      expect((err as ServerSetupError).code).toBe('CG_LISTENER_CONFIG');
    }
  });

  it('slowloris: 20 clients dripping header lines are all cut off (408) by headersTimeout', async () => {
    const { url } = await listen({ headersTimeout: 400, requestTimeout: 800 });
    let n = 0;
    const answers = await Promise.all(Array.from({ length: 20 }, () => drip(url, 'GET /pets HTTP/1.1\r\nHost: 127.0.0.1\r\n', () => `X-Drip-${n++}: 1\r\n`, 100)));
    for (const answer of answers) expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  }, 20_000);

  it('a client dripping its body is cut off (408) by requestTimeout', async () => {
    const { url } = await listen({ headersTimeout: 300, requestTimeout: 600 });
    const answer = await drip(url, 'POST /pets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{', () => ' ', 100);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  }, 20_000);

  it('an idle keep-alive socket is closed after keepAliveTimeout', async () => {
    const { url } = await listen({ keepAliveTimeout: 300 });
    const answer = await drip(url, 'GET /pets HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', () => '', 100);
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  }, 20_000);

  /** Asks for /big, reads nothing for `stallMs` once the answer has begun (so a server slow to start, under load, still meets
   * the stall), then reads until the server closes; resolves with the bytes received. */
  function stalledReader(url: string, stallMs: number, tls: boolean): Promise<number> {
    const { port } = new URL(url);
    return new Promise((resolve) => {
      const socket = tls ? tlsConnect({ port: Number(port), host: '127.0.0.1', rejectUnauthorized: false }) : connect(Number(port), '127.0.0.1');
      sockets.push(socket);
      let received = 0;
      socket.once(tls ? 'secureConnect' : 'connect', () => {
        socket.write('GET /big HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
      });
      socket.once('data', () => {
        socket.pause();
        setTimeout(() => socket.resume(), stallMs);
      });
      socket.on('data', (chunk: Buffer) => (received += chunk.length));
      socket.on('error', () => undefined);
      socket.on('close', () => resolve(received));
    });
  }

  it('a client that stops reading a response is cut off after connectionTimeout (the rest is never sent); 0 = never', async () => {
    const cut = await stalledReader((await listen({ connectionTimeout: 300 })).url, 1500, false);
    expect(cut).toBeLessThan(BIG.length);
    await server?.close();
    const whole = await stalledReader((await listen({ connectionTimeout: 0 })).url, 1500, false);
    expect(whole).toBeGreaterThan(BIG.length);
  }, 20_000);

  it('the same over TLS', async () => {
    const tls = { cert: readFileSync(new URL('../runtime/server/fixtures/localhost-cert.pem', import.meta.url)), key: readFileSync(new URL('../runtime/server/fixtures/localhost-key.pem', import.meta.url)) };
    const cut = await stalledReader((await listen({ connectionTimeout: 300, tls })).url, 1500, true);
    expect(cut).toBeLessThan(BIG.length);
    await server?.close();
    const whole = await stalledReader((await listen({ connectionTimeout: 0, tls })).url, 1500, true);
    expect(whole).toBeGreaterThan(BIG.length);
  }, 20_000);
});
