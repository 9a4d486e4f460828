/**
 * Issue 12.9: both transports decode gzip, br and deflate responses (the undici
 * dispatcher path used not to: CG_RESPONSE_PARSE). Issue 12.10: a spec GET/HEAD
 * with a requestBody is refused before sending on the fetch path (it used to fail
 * as a retried CG_NETWORK) and sent by the undici path; TRACE never carries one.
 * Real HTTP on 127.0.0.1.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientOptions } from '../../../runtime/src/client/index.js';
import { TestClient, api, jsonResponse, op } from './helpers.js';

const PAYLOAD = { pets: Array.from({ length: 50 }, (_, i) => ({ id: i, name: `pet ${i}` })) };
const json = Buffer.from(JSON.stringify(PAYLOAD));
const ENCODED: Record<string, Buffer> = {
  gzip: gzipSync(json),
  'x-gzip': gzipSync(json),
  br: brotliCompressSync(json),
  deflate: deflateSync(json),
  'gzip, br': brotliCompressSync(gzipSync(json)),
  identity: json,
};

let server: Server;
let base = '';
const received: Array<{ method: string; url: string; body: string }> = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, body: Buffer.concat(chunks).toString() });
      const coding = decodeURIComponent(new URL(req.url!, 'http://x').searchParams.get('coding') ?? '');
      if (coding !== '') {
        // sent whatever the request's Accept-Encoding says (as some CDNs and misconfigured servers do)
        const type = req.url!.includes('bin=1') ? 'application/octet-stream' : 'application/json';
        res.writeHead(200, { 'content-type': type, 'content-encoding': coding });
        res.end(ENCODED[coding]);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, body: Buffer.concat(chunks).toString() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
let agent: Agent;
beforeAll(() => {
  agent = new Agent();
});
afterAll(async () => {
  await agent.close();
  await new Promise((resolve) => server.close(resolve));
});

const transports: Array<[string, () => ClientOptions]> = [
  ['fetch', () => ({ baseUrl: base, transport: 'fetch' })],
  ['undici (the Node default)', () => ({ baseUrl: base })],
  ['node:http', () => ({ baseUrl: base, transport: 'node:http' })],
  ['undici dispatcher', () => ({ baseUrl: base, dispatcher: agent })],
];

describe('12.9: compressed responses are decoded on both transports', () => {
  const spec = api({
    get: op({ path: '/data' }),
    bytes: op({ path: '/data', responses: [{ status: '200', content: [{ mediaType: 'application/octet-stream', kind: 'binary' }], headers: [] }] }),
  });
  for (const [name, options] of transports) {
    for (const coding of Object.keys(ENCODED)) {
      it(`${name}: Content-Encoding ${coding}`, async () => {
        const res = await new TestClient(spec, options()).run('get', { query: { coding } });
        expect(res).toMatchObject({ status: 200, documented: true, body: PAYLOAD });
      });
    }
    it(`${name}: a streamed body is decoded too`, async () => {
      const res = await new TestClient(spec, options()).run('bytes', { query: { coding: 'gzip', bin: 1 } }, { responseType: 'stream' });
      const text = await new Response(res.body as ReadableStream<Uint8Array>).text();
      expect(JSON.parse(text)).toEqual(PAYLOAD);
    });
  }
});

describe('12.10: GET and HEAD with a request body', () => {
  const body = { required: true, content: [{ mediaType: 'application/json', kind: 'json' as const }] };
  const spec = api({
    search: op({ path: '/search', method: 'GET', requestBody: body, responses: [jsonResponse()] }),
    head: op({ path: '/search', method: 'HEAD', requestBody: body, responses: [{ status: '200', content: [], headers: [] }] }),
    trace: op({ path: '/search', method: 'TRACE', requestBody: body, responses: [{ status: '200', content: [], headers: [] }] }),
  });

  it('fetch path: refused before sending with CG_INVALID_REQUEST, never a (retried) CG_NETWORK', async () => {
    const before = received.length;
    const client = new TestClient(spec, { baseUrl: base, transport: 'fetch', retry: { count: 3, interval: 0 } });
    for (const name of ['search', 'head']) {
      const error = await client.run(name, { body: { q: 'rex' } }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'CG_INVALID_REQUEST', message: expect.stringContaining('transport') });
    }
    expect(received.length).toBe(before);
  });

  it('the Node transports (undici default, node:http, a dispatcher): the body is sent', async () => {
    for (const [name, options] of transports.slice(1)) {
      const res = await new TestClient(spec, options()).run('search', { body: { q: 'rex' } });
      expect(res.body, name).toEqual({ method: 'GET', body: '{"q":"rex"}' });
    }
  });

  it('without a body, GET goes out on both paths', async () => {
    for (const [, options] of transports) {
      expect((await new TestClient(spec, options()).run('search')).body).toEqual({ method: 'GET', body: '' });
    }
  });

  it('TRACE never carries a body (RFC 9110 §9.3.8), on any transport', async () => {
    for (const [, options] of transports) {
      await expect(new TestClient(spec, options()).run('trace', { body: { q: 1 } })).rejects.toMatchObject({ code: 'CG_INVALID_REQUEST' });
    }
  });
});
