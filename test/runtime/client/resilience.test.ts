import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import {
  AllEndpointsFailedError,
  CircuitOpenError,
  NetworkError,
  TooManyRedirectsError,
  noPolicy,
  wrap,
  type Policy,
} from '../../../runtime/src/client/index.js';
import { TestClient, api, echoRoutes, op, startServer, type TestServer } from './helpers.js';

type Echo = { method: string; url: string; headers: Record<string, string | undefined>; body: unknown };

let a: TestServer;
let b: TestServer;
const hits = { a: 0, b: 0 };
let failuresLeft = 0;

async function backend(name: 'a' | 'b'): Promise<TestServer> {
  return startServer((app) => {
    echoRoutes(app);
    app.route({
      method: ['GET', 'POST'],
      url: '/flaky',
      handler: async (_req, reply) => {
        hits[name]++;
        if (failuresLeft > 0) {
          failuresLeft--;
          return reply.code(503).send({ title: 'busy' });
        }
        return { from: name };
      },
    });
    app.get('/down', async (_req, reply) => {
      hits[name]++;
      return name === 'a' ? reply.code(503).send({}) : { from: name };
    });
    app.get('/always500', async (_req, reply) => {
      hits[name]++;
      return reply.code(500).send({});
    });
    app.get('/hop/:n', async (req, reply) => {
      const n = Number((req.params as { n: string }).n);
      return reply.redirect(n > 0 ? `/hop/${n - 1}` : '/echo/done', 302);
    });
    app.post('/see-other', async (_req, reply) => reply.redirect('/echo/after', 303));
    app.post('/temporary', async (_req, reply) => reply.redirect('/echo/kept', 307));
    app.get('/elsewhere', async (_req, reply) => reply.redirect(`${b.url}/echo/other`, 302));
  });
}

beforeAll(async () => {
  a = await backend('a');
  b = await backend('b');
});
afterAll(async () => {
  await a.close();
  await b.close();
});
beforeEach(() => {
  hits.a = 0;
  hits.b = 0;
  failuresLeft = 0;
});

const spec = api({
  get: op({ path: '/flaky' }),
  post: op({ path: '/flaky', method: 'POST' }),
  down: op({ path: '/down' }),
  always500: op({ path: '/always500' }),
  hop: op({ path: '/hop/{n}', parameters: [{ name: 'n', in: 'path', required: true, style: 'simple', explode: false, allowReserved: false, shape: 'primitive', schema: {} }] }),
  seeOther: op({ path: '/see-other', method: 'POST', requestBody: { required: true, content: [{ mediaType: 'application/json', kind: 'json' }] } }),
  temporary: op({ path: '/temporary', method: 'POST', requestBody: { required: true, content: [{ mediaType: 'application/json', kind: 'json' }] } }),
  elsewhere: op({ path: '/elsewhere' }),
  bin: op({ path: '/echo/bin', method: 'PUT', requestBody: { required: true, content: [{ mediaType: 'application/octet-stream', kind: 'binary' }] } }),
  echo: op({ path: '/echo/x', method: 'POST', requestBody: { required: true, content: [{ mediaType: 'multipart/form-data', kind: 'multipart' }] } }),
});

describe('retry', () => {
  const retry = { count: 2, interval: 0 };

  it('retries a GET on 503 until it succeeds', async () => {
    failuresLeft = 2;
    const client = new TestClient(spec, { baseUrl: a.url, retry });
    expect(await client.run('get')).toMatchObject({ status: 200, body: { from: 'a' } });
    expect(hits.a).toBe(3);
  });

  it('does not retry a POST by default', async () => {
    failuresLeft = 2;
    const client = new TestClient(spec, { baseUrl: a.url, retry });
    expect((await client.run('post')).status).toBe(503);
    expect(hits.a).toBe(1);
  });

  it('returns the last response when retries run out', async () => {
    failuresLeft = 10;
    const client = new TestClient(spec, { baseUrl: a.url, retry });
    expect((await client.run('get')).status).toBe(503);
    expect(hits.a).toBe(3);
  });
});

describe('failover and round-robin', () => {
  it('fails over to the next base URL on 503, then starts from the one that worked', async () => {
    const client = new TestClient(spec, { baseUrls: [a.url, b.url] });
    expect((await client.run('down')).body).toEqual({ from: 'b' });
    expect((await client.run('down')).body).toEqual({ from: 'b' });
    expect(hits).toEqual({ a: 1, b: 2 });
  });

  it('fails over on a network error', async () => {
    const closed = await startServer(() => undefined);
    await closed.close();
    const client = new TestClient(spec, { baseUrls: [closed.url, b.url] });
    expect((await client.run('get')).body).toEqual({ from: 'b' });
  });

  it('all targets failing is AllEndpointsFailedError with each failure', async () => {
    failuresLeft = 10;
    const client = new TestClient(spec, { baseUrls: [a.url, b.url] });
    const error = await client.run('get').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AllEndpointsFailedError);
    expect((error as AllEndpointsFailedError).failures).toEqual([
      { baseUrl: a.url, status: 503 },
      { baseUrl: b.url, status: 503 },
    ]);
  });

  it('round-robin alternates between base URLs', async () => {
    const client = new TestClient(spec, { baseUrls: [a.url, b.url], strategy: 'round-robin' });
    const from = [];
    for (let i = 0; i < 4; i++) from.push(((await client.run('get')).body as { from: string }).from);
    expect(from).toEqual(['a', 'b', 'a', 'b']);
  });
});

describe('circuit breaker', () => {
  it('opens once the failure ratio passes the threshold at the request volume, then fails fast', async () => {
    const client = new TestClient(spec, {
      baseUrl: a.url,
      circuitBreaker: { rollingWindow: { requestVolumeThreshold: 2 }, failureThreshold: 0.5, resetTime: 60_000, statusCodes: [500] },
    });
    expect((await client.run('always500')).status).toBe(500);
    expect((await client.run('always500')).status).toBe(500);
    await expect(client.run('always500')).rejects.toBeInstanceOf(CircuitOpenError);
    expect(hits.a).toBe(2);
  });
});

describe('one policy shape: your own policies and wrap', () => {
  it('a user policy runs around the whole call (failover, retries) and sees the method and base URL', async () => {
    failuresLeft = 1;
    const seen: Array<{ method: string | undefined; baseUrl: string | undefined }> = [];
    let inFlight = 0;
    const log: Policy = {
      async execute(fn, signal, call) {
        seen.push({ method: call?.method, baseUrl: call?.baseUrl });
        inFlight++;
        try {
          return await fn(signal ?? new AbortController().signal, call ?? {});
        } finally {
          inFlight--;
        }
      },
    };
    const client = new TestClient(spec, { baseUrl: a.url, retry: { count: 2, interval: 0 }, policies: [log] });
    expect(await client.run('get')).toMatchObject({ status: 200, body: { from: 'a' } });
    expect(hits.a).toBe(2); // one retry inside the user policy's single run
    expect(seen).toEqual([{ method: 'GET', baseUrl: a.url }]);
    expect(inFlight).toBe(0);
  });

  it('a user policy can refuse a call without sending it; its error is what the call rejects with', async () => {
    const refusal = new Error('quota used up');
    const gate: Policy = { execute: () => Promise.reject(refusal) };
    const client = new TestClient(spec, { baseUrl: a.url, policies: [gate] });
    await expect(client.run('get')).rejects.toBe(refusal);
    expect(hits.a).toBe(0);
  });

  it('wrap composes outer to inner and passes the call on', async () => {
    const order: string[] = [];
    const named = (name: string): Policy => ({
      execute: async (fn, signal, call) => {
        order.push(`${name}>${call?.method ?? ''}`);
        const out = await fn(signal ?? new AbortController().signal, call ?? {});
        order.push(`<${name}`);
        return out;
      },
    });
    const composed = wrap(named('a'), named('b'), named('c'));
    expect(await composed.execute(async (_signal, call) => `done ${call.method ?? ''}`, undefined, { method: 'PUT' })).toBe('done PUT');
    expect(order).toEqual(['a>PUT', 'b>PUT', 'c>PUT', '<c', '<b', '<a']);
    expect(wrap()).toBe(noPolicy);
  });
});

describe('redirects', () => {
  it('fetch follows redirects itself when followRedirects is unset', async () => {
    const client = new TestClient(spec, { baseUrl: a.url });
    const res = await client.run('hop', { path: { n: 3 } });
    expect((res.body as Echo).url).toBe('/echo/done');
    expect(res.raw?.url).toBe(`${a.url}/echo/done`);
  });

  it('maxCount: followed up to the limit, then TooManyRedirectsError', async () => {
    const client = new TestClient(spec, { baseUrl: a.url, followRedirects: { enabled: true, maxCount: 2 } });
    expect(((await client.run('hop', { path: { n: 1 } })).body as Echo).url).toBe('/echo/done');
    await expect(client.run('hop', { path: { n: 2 } })).rejects.toBeInstanceOf(TooManyRedirectsError);
  });

  it('enabled: false returns the 3xx response', async () => {
    const client = new TestClient(spec, { baseUrl: a.url, followRedirects: { enabled: false } });
    const res = await client.run('hop', { path: { n: 0 } });
    expect(res.status).toBe(302);
    expect(res.headers['location']).toBe('/echo/done');
  });

  it('303 turns a POST into a GET without body; 307 repeats method and body', async () => {
    const client = new TestClient(spec, { baseUrl: a.url, followRedirects: { enabled: true } });
    const after = (await client.run('seeOther', { body: { x: 1 } })).body as Echo;
    expect(after).toMatchObject({ method: 'GET', url: '/echo/after' });
    expect(after.headers['content-type']).toBeUndefined();
    const kept = (await client.run('temporary', { body: { x: 1 } })).body as Echo;
    expect(kept).toMatchObject({ method: 'POST', url: '/echo/kept', body: { x: 1 } });
  });

  it('drops Authorization when the redirect changes origin', async () => {
    const client = new TestClient(spec, { baseUrl: a.url, followRedirects: { enabled: true }, headers: { authorization: 'Bearer secret' } });
    const other = (await client.run('elsewhere')).body as Echo;
    expect(other.url).toBe('/echo/other');
    expect(other.headers.authorization).toBeUndefined();
  });
});

describe('undici dispatcher path', () => {
  let agent: Agent;
  beforeAll(() => {
    agent = new Agent({ connections: 2 });
  });
  afterAll(() => agent.close());

  it('sends through undici.request: multipart bodies, retries, redirects', async () => {
    const client = new TestClient(spec, { baseUrl: a.url, dispatcher: agent, retry: { count: 1, interval: 0 } });
    const echo = (await client.run('echo', { body: { f: new File(['x'], 'x.txt', { type: 'text/plain' }), n: 1 } })).body as Echo;
    expect(echo.body).toEqual([
      { name: 'f', filename: 'x.txt', type: 'text/plain', text: 'x' },
      { name: 'n', value: '1' },
    ]);
    const stream = new Blob([new Uint8Array([1, 2])]).stream();
    expect(((await client.run('bin', { body: stream })).body as Echo).body).toEqual({ bytes: [1, 2] });
    expect(((await client.run('bin', { body: new Blob([new Uint8Array([3])]) })).body as Echo).body).toEqual({ bytes: [3] });
    failuresLeft = 1;
    expect((await client.run('get')).status).toBe(200);
    expect(hits.a).toBe(2);
    expect(((await client.run('hop', { path: { n: 2 } })).body as Echo).url).toBe('/echo/done');
  });

  it('maps connection failures to NetworkError', async () => {
    const closed = await startServer(() => undefined);
    await closed.close();
    const client = new TestClient(spec, { baseUrl: closed.url, dispatcher: agent });
    await expect(client.run('get')).rejects.toBeInstanceOf(NetworkError);
  });
});
