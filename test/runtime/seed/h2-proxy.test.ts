/**
 * Issue 17.6: client HTTP/2 (`allowH2`) and proxies (`proxy`) on Node, through a local HTTP/2
 * server (node:http2 over TLS, the test certificate for 127.0.0.1) and a local forward proxy,
 * both on 127.0.0.1.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InvalidOptionsError, type ClientOptions } from '../../../runtime/src/client/node.js';
import { TestClient, api, op } from '../client/helpers.js';
import { cert, h2Server, proxyServer, type H2Server, type ProxyServer } from './net-servers.js';
import { localServer, type LocalServer } from './wire.js';

let h2: H2Server;
let proxy: ProxyServer;
let guarded: ProxyServer;
let plain: LocalServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  h2 = await h2Server();
  proxy = await proxyServer();
  guarded = await proxyServer('ann:s3cr3t');
  plain = await localServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ proxyAuthorization: req.headers['proxy-authorization'] ?? null })));
});
afterAll(async () => {
  await Promise.all([h2.close(), proxy.close(), guarded.close(), plain.close()]);
});
afterEach(() => {
  h2.versions.length = 0;
  proxy.asked.length = 0;
  guarded.asked.length = 0;
  guarded.authorizations.length = 0;
  plain.seen.length = 0;
});

const spec = api({ get: op({ path: '/thing' }) });
const client = (baseUrl: string, options: ClientOptions) => {
  const c = new TestClient(spec, { baseUrl, ...options });
  clients.push(c);
  return c;
};

describe('allowH2', () => {
  it('negotiates HTTP/2 over TLS with a server that offers it; HTTP/1.1 without the option', async () => {
    const res = await client(h2.url, { tls: { ca: cert }, allowH2: true }).run('get');
    expect(res).toMatchObject({ status: 200, body: { httpVersion: '2.0', path: '/thing' } });
    const old = await client(h2.url, { tls: { ca: cert } }).run('get');
    expect(old.body).toMatchObject({ httpVersion: '1.1' });
    expect(h2.versions).toEqual(['2.0', '1.1']);
  });

  it('needs the undici transport: an option error on node:http or fetch, and beside a dispatcher', async () => {
    expect(() => client(h2.url, { allowH2: true, transport: 'node:http' })).toThrow(InvalidOptionsError);
    expect(() => client(h2.url, { allowH2: true, transport: 'fetch' })).toThrow(/undici/);
    const { Agent } = await import('undici');
    expect(() => client(h2.url, { allowH2: true, dispatcher: new Agent() })).toThrow(/your dispatcher/);
  });
});

describe('proxy', () => {
  it('a proxy URL: the request is tunnelled through it (CONNECT), the API sees no proxy credentials', async () => {
    const url = new URL(guarded.url);
    url.username = 'ann';
    url.password = 's3cr3t';
    const res = await client(plain.url, { proxy: url.href }).run('get');
    expect(res).toMatchObject({ status: 200, body: { proxyAuthorization: null } });
    expect(guarded.asked).toEqual([`CONNECT ${new URL(plain.url).host}`]);
    expect(guarded.authorizations).toEqual([`Basic ${Buffer.from('ann:s3cr3t').toString('base64')}`]);
  });

  it('a proxy refusing the credentials fails the call (407), nothing reaches the API', async () => {
    await expect(client(plain.url, { proxy: guarded.url }).run('get')).rejects.toMatchObject({ code: 'CG_NETWORK' });
    expect(plain.seen).toHaveLength(0);
  });

  it('https through the proxy, with tls and allowH2 applying to the target', async () => {
    const res = await client(h2.url, { proxy: proxy.url, tls: { ca: cert }, allowH2: true }).run('get');
    expect(res.body).toMatchObject({ httpVersion: '2.0' });
    expect(proxy.asked).toEqual([`CONNECT ${new URL(h2.url).host}`]);
  });

  it("'env' reads HTTP_PROXY / HTTPS_PROXY / NO_PROXY; { http, noProxy } gives them explicitly", async () => {
    const saved = { HTTP_PROXY: process.env['HTTP_PROXY'], NO_PROXY: process.env['NO_PROXY'] };
    try {
      process.env['HTTP_PROXY'] = proxy.url;
      delete process.env['NO_PROXY'];
      await client(plain.url, { proxy: 'env' }).run('get');
      expect(proxy.asked).toHaveLength(1);
      process.env['NO_PROXY'] = '127.0.0.1';
      await client(plain.url, { proxy: 'env' }).run('get');
      expect(proxy.asked).toHaveLength(1); // NO_PROXY: direct
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    await client(plain.url, { proxy: { http: proxy.url } }).run('get');
    expect(proxy.asked).toHaveLength(2);
    await client(plain.url, { proxy: { http: proxy.url, noProxy: '127.0.0.1' } }).run('get');
    expect(proxy.asked).toHaveLength(2);
    expect(plain.seen).toHaveLength(4);
  });

  it('off by default: HTTP_PROXY in the environment is not used unless asked', async () => {
    const saved = process.env['HTTP_PROXY'];
    process.env['HTTP_PROXY'] = proxy.url;
    try {
      await client(plain.url, {}).run('get');
    } finally {
      if (saved === undefined) delete process.env['HTTP_PROXY'];
      else process.env['HTTP_PROXY'] = saved;
    }
    expect(proxy.asked).toHaveLength(0);
    expect(plain.seen).toHaveLength(1);
  });

  it('a proxy that is not an http(s) URL is an option error', () => {
    expect(() => client(plain.url, { proxy: 'socks5://127.0.0.1:1080' })).toThrow(InvalidOptionsError);
    expect(() => client(plain.url, { proxy: 'not a url' })).toThrow(/proxy/);
  });
});
