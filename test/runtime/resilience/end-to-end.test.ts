import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortedError,
  CircuitBreaker,
  EndpointPool,
  NetworkError,
  RetryPolicy,
  TimeoutError,
  withTimeout,
} from '../../../runtime/src/resilience/index.js';
import type { HttpResult } from '../../../runtime/src/resilience/index.js';

interface FetchResult extends HttpResult {
  response: Response;
}

/** fetch wrapped as an HttpResult, with transport failures mapped to the runtime's errors. */
async function fetchResult(url: string, signal: AbortSignal): Promise<FetchResult> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    if (signal.aborted) throw signal.reason instanceof TimeoutError ? signal.reason : new AbortedError({ cause: error });
    throw new NetworkError(`GET ${url} failed`, { cause: error });
  }
  return { status: response.status, headers: response.headers, dispose: () => response.body?.cancel(), response };
}

describe('resilience end to end over 127.0.0.1', () => {
  const servers: FastifyInstance[] = [];
  let brokenUrl = '';
  let flakyUrl = '';
  const hits = { broken: 0, flaky: 0 };

  beforeAll(async () => {
    const broken = Fastify();
    broken.get('/flaky', async (request) => {
      hits.broken += 1;
      request.raw.socket.destroy(); // the connection drops before any response
    });
    const flaky = Fastify();
    flaky.get('/flaky', async (_request, reply) => {
      hits.flaky += 1;
      if (hits.flaky <= 2) return reply.code(503).send({ error: 'warming up' });
      return reply.code(200).send('ok');
    });
    servers.push(broken, flaky);
    brokenUrl = await broken.listen({ port: 0, host: '127.0.0.1' });
    flakyUrl = await flaky.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  it('retries, fails over past a dead endpoint and reaches the flaky one once it recovers', async () => {
    const retry = new RetryPolicy({ count: 3, interval: 0 });
    const retries: Array<{ attempt: number; status?: number; error?: string }> = [];
    retry.onRetry((e) => retries.push({ attempt: e.attempt, ...(e.status !== undefined ? { status: e.status } : { error: (e.error as Error).constructor.name }) }));
    const breakers = new Map([
      [brokenUrl, new CircuitBreaker({ failureThreshold: 0, resetTime: 60_000, rollingWindow: { requestVolumeThreshold: 0 } })],
      [flakyUrl, new CircuitBreaker({ failureThreshold: 0.5, resetTime: 60_000, statusCodes: [503] })],
    ]);
    const pool = new EndpointPool({ baseUrls: [brokenUrl, flakyUrl], strategy: 'failover', breaker: (url) => breakers.get(url) });
    const call = () =>
      pool.execute((signal, { baseUrl }) =>
        (breakers.get(baseUrl!) as CircuitBreaker).execute(
          (s1) => retry.execute((s2) => withTimeout(5000, (s3) => fetchResult(`${baseUrl}/flaky`, s3), s2), s1, { method: 'GET' }),
          signal,
        ),
      );

    const first = await call();
    expect(first.status).toBe(200);
    expect(await first.response.text()).toBe('ok');
    expect(hits).toEqual({ broken: 4, flaky: 3 });
    expect(retries).toEqual([
      { attempt: 1, error: 'NetworkError' },
      { attempt: 2, error: 'NetworkError' },
      { attempt: 3, error: 'NetworkError' },
      { attempt: 1, status: 503 },
      { attempt: 2, status: 503 },
    ]);
    expect(breakers.get(flakyUrl)?.state).toBe('closed');
    expect(breakers.get(brokenUrl)?.canExecute()).toBe(false);

    const second = await call(); // starts at the endpoint that worked
    expect(await second.response.text()).toBe('ok');
    expect(hits).toEqual({ broken: 4, flaky: 4 });
  });
});
