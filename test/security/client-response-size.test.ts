/**
 * Issue 13.13: the client's response size limit (`maxResponseSize`, default 64 MiB,
 * CG_RESPONSE_TOO_LARGE), enforced while the body streams in and after
 * decompression, on the fetch and the undici dispatcher paths. Attacks: a gzip
 * bomb (1 MiB inflating to 1 GiB), a huge JSON body (600 MiB, which used to end in
 * a raw ERR_STRING_TOO_LONG), a lying Content-Length, an endless stream.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseTooLargeError, type ClientOptions } from '../../runtime/src/client/index.js';
import { parseBody } from '../../runtime/src/client/response-body.js';
import { TestClient, api, op } from '../runtime/client/helpers.js';

const MiB = 1024 * 1024;
const DEFAULT_LIMIT = 64 * MiB;
// gzip members concatenate (RFC 1952 §2.2): 64 members of 16 MiB of zeros ≈ 1 MiB on the wire, 1 GiB inflated
const member = gzipSync(Buffer.alloc(16 * MiB), { level: 9 });
const bomb = Buffer.concat(Array.from({ length: 64 }, () => member));

/** Writes `total` bytes of a JSON string body in 1 MiB chunks as the client reads them; stops when it goes away. */
function streamJson(res: ServerResponse, total: number): void {
  const chunk = Buffer.alloc(MiB, 'a');
  let sent = 0;
  const pump = (): void => {
    while (sent < total) {
      sent += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    res.end('"');
  };
  res.write('"');
  res.on('close', () => {
    sent = total + 1;
  });
  pump();
}

let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url!, 'http://x').pathname;
    if (path === '/bomb') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': bomb.length });
      res.end(bomb);
    } else if (path === '/huge-json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      streamJson(res, 600 * MiB);
    } else if (path === '/declared') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(10 * 1024 * MiB) });
      res.write('{');
    } else if (path === '/small') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.alloc(2048, 1));
    } else res.writeHead(404).end();
  });
  server.on('connection', (socket) => socket.on('error', () => undefined));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
let agent: Agent;
beforeAll(() => {
  agent = new Agent();
});
afterAll(async () => {
  await agent.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const json = [{ status: '200', content: [{ mediaType: 'application/json', kind: 'json' as const }], headers: [] }];
const binary = [{ status: '200', content: [{ mediaType: 'application/octet-stream', kind: 'binary' as const }], headers: [] }];
const spec = api({
  bomb: op({ path: '/bomb', responses: json }),
  huge: op({ path: '/huge-json', responses: json }),
  declared: op({ path: '/declared', responses: json }),
  small: op({ path: '/small', responses: binary }),
});
const transports: Array<[string, (extra?: ClientOptions) => ClientOptions]> = [
  ['fetch', (extra) => ({ baseUrl: base, ...extra })],
  ['undici dispatcher', (extra) => ({ baseUrl: base, dispatcher: agent, ...extra })],
];

for (const [name, options] of transports) {
  describe(`client response size limit (${name})`, () => {
    it('a gzip bomb (1 MiB inflating to 1 GiB) stops at the default 64 MiB limit, counted after decompression', async () => {
      const error = await new TestClient(spec, options()).run('bomb').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect(error).toMatchObject({ code: 'CG_RESPONSE_TOO_LARGE', limit: DEFAULT_LIMIT });
      // stopped within a few decoder chunks of the limit: the rest of the gigabyte was never inflated
      expect((error as ResponseTooLargeError).received).toBeLessThan(DEFAULT_LIMIT + 2 * MiB);
    });

    it('a huge JSON body (600 MiB) is CG_RESPONSE_TOO_LARGE, not a raw ERR_STRING_TOO_LONG', async () => {
      const error = await new TestClient(spec, options()).run('huge').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'CG_RESPONSE_TOO_LARGE', limit: DEFAULT_LIMIT });
      expect((error as ResponseTooLargeError).received).toBeLessThan(DEFAULT_LIMIT + 2 * MiB);
    });

    it('a Content-Length over the limit fails before the body is read', async () => {
      const error = await new TestClient(spec, options()).run('declared').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'CG_RESPONSE_TOO_LARGE', received: 10 * 1024 * MiB });
    });

    it('maxResponseSize is configurable per client and per call, and limits streamed bodies as they are read', async () => {
      const client = new TestClient(spec, options({ maxResponseSize: 1024 }));
      await expect(client.run('small')).rejects.toMatchObject({ code: 'CG_RESPONSE_TOO_LARGE', limit: 1024 });
      expect(((await client.run('small', undefined, { maxResponseSize: Number.POSITIVE_INFINITY })).body as Uint8Array).byteLength).toBe(2048);
      const streamed = await client.run('small', undefined, { responseType: 'stream' });
      await expect(new Response(streamed.body as ReadableStream<Uint8Array>).arrayBuffer()).rejects.toMatchObject({ code: 'CG_RESPONSE_TOO_LARGE' });
    });

    it('a nonsensical maxResponseSize is refused', () => {
      expect(() => new TestClient(spec, options({ maxResponseSize: -1 }))).toThrow(expect.objectContaining({ code: 'CG_INVALID_OPTIONS' }));
    });
  });
}

it('a body too large for a JavaScript string is CG_RESPONSE_TOO_LARGE (maxResponseSize: Infinity), not ERR_STRING_TOO_LONG', async () => {
  const bytes = new Uint8Array(0x1fffffe8 + 1); // one past V8's string length limit
  const error = await Promise.resolve()
    .then(() => parseBody(200, 'application/json', { kind: 'bytes', bytes }, 'json', undefined))
    .catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'CG_RESPONSE_TOO_LARGE', limit: undefined, received: bytes.byteLength });
});

it("a browser's cross-origin answer (Content-Encoding hidden, so the declared length is the wire size) is counted as it streams, not trusted", async () => {
  // what a browser hands over for a gzip answer from another origin: Content-Length visible, Content-Encoding
  // not (not a CORS-safelisted header), the body already inflated past what the length declares
  const corsFetch = async (): Promise<Response> => {
    const response = new Response(new Uint8Array(4096).fill(0x20), { status: 200, headers: { 'content-type': 'application/octet-stream', 'content-length': '100' } });
    Object.defineProperty(response, 'type', { value: 'cors' });
    return response;
  };
  const error = await new TestClient(spec, { baseUrl: 'http://127.0.0.1:9', fetch: corsFetch as typeof fetch, maxResponseSize: 1000 })
    .run('small')
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ResponseTooLargeError);
  expect(error).toMatchObject({ code: 'CG_RESPONSE_TOO_LARGE', limit: 1000 });
});
