import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:http2';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createListener, registerOperations, type Listener } from '../../../runtime/src/server/index.js';
import { features } from './fixtures/features.js';

// Test-only self-signed pair for 127.0.0.1 (openssl, valid 100 years): see fixtures/.
const cert = readFileSync(new URL('./fixtures/localhost-cert.pem', import.meta.url));
const key = readFileSync(new URL('./fixtures/localhost-key.pem', import.meta.url));

const handlers = Object.fromEntries(
  Object.keys(features.operations).map((k) => [k, async () => ({ status: 200, body: 'x'.repeat(4000) })]),
);
const textApi = {
  ...features,
  operations: { text: features.operations['text'] as (typeof features.operations)[string] },
};
let server: Listener | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('createListener', () => {
  it('listens on 127.0.0.1 with a random port and reports its URL', async () => {
    server = await createListener({}, (app) => registerOperations(app, textApi, handlers));
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
    const res = await fetch(`${server.url}/text`, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    expect(res.status).toBe(200);
  });

  it('serves HTTPS with tls { cert, key }', async () => {
    server = await createListener({ tls: { cert, key } }, (app) => registerOperations(app, textApi, handlers));
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:/);
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpsRequest(`${(server as Listener).url}/text`, { method: 'PUT', ca: cert, headers: { 'content-type': 'text/plain' } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => resolve(text));
      });
      req.on('error', reject).end('hi');
    });
    expect(body).toHaveLength(4000);
  });

  it('serves HTTP/2 over TLS', async () => {
    server = await createListener({ tls: { cert, key }, http2: true }, (app) => registerOperations(app, textApi, handlers));
    const client = connect(server.url, { ca: cert });
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const stream = client.request({ ':method': 'PUT', ':path': '/text', 'content-type': 'text/plain' });
        stream.on('response', (h) => resolve(Number(h[':status']))).on('error', reject);
        stream.resume();
        stream.end('hi');
      });
      expect(status).toBe(200);
    } finally {
      client.close();
    }
  });

  it('cors: true answers preflights and adds Access-Control-Allow-Origin', async () => {
    server = await createListener({ cors: { origin: 'https://app.test' } }, (app) => registerOperations(app, textApi, handlers));
    const pre = await fetch(`${server.url}/text`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.test', 'access-control-request-method': 'PUT' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://app.test');
    const res = await fetch(`${server.url}/text`, { method: 'PUT', headers: { origin: 'https://app.test', 'content-type': 'text/plain' }, body: 'x' });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.test');
  });

  it('compression: true gzips responses for clients that accept it', async () => {
    server = await createListener({ compression: true }, (app) => registerOperations(app, textApi, handlers));
    const res = await server.inject({ method: 'PUT', url: '/text', headers: { 'content-type': 'text/plain', 'accept-encoding': 'gzip' }, payload: 'hi' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.rawPayload).toString()).toBe('x'.repeat(4000));
  });

  it('accessLog logs one completion line per request (method, url, status); trustProxy honours X-Forwarded-For', async () => {
    const lines: string[] = [];
    const ips: string[] = [];
    server = await createListener(
      { accessLog: true, trustProxy: true, logger: { level: 'info', stream: { write: (l: string) => void lines.push(l) } } },
      (app) => {
        app.addHook('onRequest', async (req) => {
          ips.push(req.ip);
        });
        return registerOperations(app, textApi, handlers);
      },
    );
    const sent = [
      await fetch(`${server.url}/text`, { method: 'PUT', headers: { 'content-type': 'text/plain', 'x-forwarded-for': '203.0.113.9' }, body: 'x' }),
      await fetch(`${server.url}/nowhere`),
      await fetch(`${server.url}/text`, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: 'x' }),
    ];
    expect(sent.map((r) => r.status)).toEqual([200, 404, 415]);
    expect(ips).toEqual(['203.0.113.9', '127.0.0.1', '127.0.0.1']);

    type Line = { msg: string; reqId: string; req?: { method: string; url: string; remoteAddress: string }; res?: { statusCode: number } };
    const parsed = () => lines.map((l) => JSON.parse(l) as Line);
    // the completion line is written when the response has finished, which may be after fetch resolved
    await vi.waitFor(() => expect(parsed().filter((l) => l.msg === 'request completed')).toHaveLength(3));
    const incoming = new Map(parsed().filter((l) => l.msg === 'incoming request').map((l) => [l.reqId, l.req!]));
    const completed = parsed().filter((l) => l.msg === 'request completed');
    expect(new Set(completed.map((l) => l.reqId)).size).toBe(3); // one line per request, none twice
    const summary = completed.map((l) => {
      const req = incoming.get(l.reqId);
      return { method: req?.method, url: req?.url, remoteAddress: req?.remoteAddress, status: l.res?.statusCode };
    });
    expect(summary).toEqual([
      { method: 'PUT', url: '/text', remoteAddress: '203.0.113.9', status: 200 },
      { method: 'GET', url: '/nowhere', remoteAddress: '127.0.0.1', status: 404 },
      { method: 'PUT', url: '/text', remoteAddress: '127.0.0.1', status: 415 },
    ]);
  });
});
