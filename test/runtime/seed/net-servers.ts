/**
 * Loopback servers for issue 17.6: an HTTP/2 server (node:http2 over TLS with the test
 * certificate for 127.0.0.1, HTTP/1.1 fallback) that records each request's protocol version,
 * and a forward proxy (CONNECT tunnels and absolute-form requests) that records what it was
 * asked. Both listen on 127.0.0.1 with a port chosen at run time; the proxy only ever connects
 * to 127.0.0.1.
 */
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createSecureServer } from 'node:http2';
import { connect, type AddressInfo, type Socket } from 'node:net';

export const cert = readFileSync(new URL('../server/fixtures/localhost-cert.pem', import.meta.url), 'utf8');
const key = readFileSync(new URL('../server/fixtures/localhost-key.pem', import.meta.url), 'utf8');

export interface H2Server {
  url: string;
  versions: string[];
  close(): Promise<void>;
}

export async function h2Server(): Promise<H2Server> {
  const versions: string[] = [];
  const server = createSecureServer({ cert, key, allowHTTP1: true }, (req, res) => {
    versions.push(req.httpVersion);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ httpVersion: req.httpVersion, path: req.url }));
  });
  const sessions = new Set<{ destroy(): void }>();
  server.on('session', (session) => sessions.add(session));
  server.on('secureConnection', (socket) => sessions.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    versions,
    close: async () => {
      for (const session of sessions) session.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface ProxyServer {
  url: string;
  /** `CONNECT host:port` targets and absolute-form request URLs, in order. */
  asked: string[];
  /** The Proxy-Authorization header of each request to the proxy. */
  authorizations: Array<string | undefined>;
  close(): Promise<void>;
}

/** A forward proxy; with `credentials` ('user:pass') it answers 407 without matching Basic Proxy-Authorization. */
export async function proxyServer(credentials?: string): Promise<ProxyServer> {
  const asked: string[] = [];
  const authorizations: Array<string | undefined> = [];
  const sockets = new Set<Socket>();
  const allowed = (headers: IncomingHttpHeaders) =>
    credentials === undefined || headers['proxy-authorization'] === `Basic ${Buffer.from(credentials).toString('base64')}`;
  const server = createServer((req, res) => {
    // absolute-form: GET http://127.0.0.1:port/path HTTP/1.1
    asked.push(req.url ?? '');
    authorizations.push(req.headers['proxy-authorization']);
    if (!allowed(req.headers)) return void res.writeHead(407, { 'proxy-authenticate': 'Basic realm="proxy"' }).end();
    const target = new URL(req.url ?? '');
    if (target.hostname !== '127.0.0.1') return void res.writeHead(502).end('loopback only');
    const { 'proxy-authorization': _drop, ...headers } = req.headers;
    const upstream = httpRequest(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    asked.push(`CONNECT ${req.url}`);
    authorizations.push(req.headers['proxy-authorization']);
    sockets.add(client);
    if (!allowed(req.headers)) return void client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="proxy"\r\n\r\n');
    const [host, port] = (req.url ?? '').split(':');
    if (host !== '127.0.0.1') return void client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    const upstream = connect(Number(port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (socket: Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    asked,
    authorizations,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
