/**
 * The two halves of the conformance suite, shared by every spec's test file:
 * - {@link mockConformance}: Prism mocks the spec; every operation is driven through our generated
 *   client once per documented (status, media type), chosen with `Prefer: code=` and `Accept`.
 *   Prism must see no request violation, and each result must be the documented member.
 * - {@link proxyConformance}: Prism validates traffic between the generated client (or raw fetch,
 *   for invalid requests) and our generated Fastify server; no response violation, ever.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ClientOptions } from '../../runtime/src/client/index.js';
import { createListener } from '../../runtime/src/server/index.js';
import type { ApiSpec } from '../../runtime/src/spec.js';
import { memberProblems, observed, prismOperation, wireProblems, prismProblems, recorder, responseVariants, type CallTable } from './harness.js';
import { startPrismMock, startPrismProxy, violations, type PrismServer } from './prism.js';

/** A request Prism crashes on never gets an answer: fail that call (CG_TIMEOUT) instead of the whole file. */
const BOUNDED = { timeout: 15_000 };

export interface Conformance<C> {
  /** The spec file Prism reads (the one the client and server were generated from). */
  spec: string;
  clientSpec: ApiSpec;
  createClient(options: ClientOptions): C;
  /** Every operation, by generated method name: the calls that drive it with valid input. */
  calls: CallTable<C>;
  /** Client options every call needs (credentials: Prism checks that they are present). */
  clientOptions?: ClientOptions;
}

/** The coverage guard: a fixture's new operation fails the suite until it is driven. */
export function everyOperationDriven<C>(c: Conformance<C>): void {
  it('drives every operation of the spec', () => {
    expect(Object.keys(c.calls).sort()).toEqual(Object.keys(c.clientSpec.operations).sort());
    for (const [name, calls] of Object.entries(c.calls)) expect(calls.length, name).toBeGreaterThan(0);
  });
}

export function mockConformance<C>(c: Conformance<C>): void {
  let prism: PrismServer | undefined;
  beforeAll(async () => {
    prism = await startPrismMock(c.spec);
  });
  afterAll(async () => {
    await prism?.close();
  });

  it('Prism mock: no request violation; every mocked (status, media type), static and dynamic, lands in its documented member', async () => {
    const rec = recorder();
    const client = c.createClient({ ...c.clientOptions, ...BOUNDED, baseUrl: prism!.url, fetch: rec.fetch });
    const problems: string[] = [];
    let exchanges = 0;
    for (const [name, calls] of Object.entries(c.calls)) {
      const op = await prismOperation(c.spec, c.clientSpec.operations[name]!);
      for (const [index, call] of calls.entries()) {
        // static: Prism answers the spec's examples, else values sampled from the schema; dynamic:
        // json-schema-faker data (formats, lengths, nulls), seeded so every run sends the same bytes
        for (const [variant, dynamic] of responseVariants(op).flatMap((v) => [[v, false], [v, true]] as const)) {
          const label = `${name}#${index} ${variant.code}${variant.mediaType ? ` ${variant.mediaType}` : ''}${dynamic ? ' dynamic' : ''}`;
          const headers: Record<string, string> = { prefer: dynamic ? `code=${variant.status}, dynamic=true, seed=${name}-${index}` : `code=${variant.status}` };
          if (variant.mediaType) headers.accept = variant.mediaType;
          const before = rec.exchanges.length;
          const result = await call(client, { headers });
          const exchange = observed(rec.exchanges.length > before ? rec.exchanges.at(-1) : undefined, result, op.method.toUpperCase());
          exchanges++;
          problems.push(...prismProblems(label, exchange, 'request'));
          if (exchange && exchange.status !== variant.status) problems.push(`${label}: Prism mocked ${exchange.status}, asked for ${variant.status}`);
          problems.push(...memberProblems({ label, op, result, exchange }));
        }
      }
    }
    expect(problems).toEqual([]);
    expect(exchanges).toBeGreaterThanOrEqual(Object.keys(c.calls).length);
  });
}

export interface ProxyConformance<C> extends Conformance<C> {
  /** Registers the generated server (the user's handlers and options) on the app. */
  register(app: FastifyInstance): Promise<void>;
  /** Requests our server must refuse; Prism must find the refusal documented (status, media type, body). */
  invalid?: Array<{ label: string; operation: string; method: string; path: string; headers?: Record<string, string>; body?: string }>;
}

export function proxyConformance<C>(c: ProxyConformance<C>): void {
  let server: Awaited<ReturnType<typeof createListener>> | undefined;
  let prism: PrismServer | undefined;
  let reached = 0;
  beforeAll(async () => {
    server = await createListener({ host: '127.0.0.1', port: 0 }, (app) => {
      app.addHook('onRequest', async () => void reached++);
      return c.register(app);
    });
    prism = await startPrismProxy(c.spec, server.url);
  });
  afterAll(async () => {
    await prism?.close();
    await server?.close();
  });

  it('Prism proxy, valid traffic: no request or response violation, each response a documented member', async () => {
    const rec = recorder();
    const client = c.createClient({ ...c.clientOptions, ...BOUNDED, baseUrl: prism!.url, fetch: rec.fetch });
    const problems: string[] = [];
    for (const [name, calls] of Object.entries(c.calls)) {
      const op = await prismOperation(c.spec, c.clientSpec.operations[name]!);
      for (const [index, call] of calls.entries()) {
        const label = `${name}#${index}`;
        const before = rec.exchanges.length;
        const result = await call(client, {});
        const exchange = observed(rec.exchanges.length > before ? rec.exchanges.at(-1) : undefined, result, op.method.toUpperCase());
        problems.push(...prismProblems(label, exchange));
        problems.push(...memberProblems({ label, op, result, exchange }));
      }
    }
    expect(problems).toEqual([]);
  });

  if (c.invalid?.length) {
    it('Prism proxy, invalid traffic: our refusals are documented responses (no response violation)', async () => {
      const problems: string[] = [];
      for (const request of c.invalid!) {
        const before = reached;
        const init = { method: request.method, headers: request.headers ?? {}, signal: AbortSignal.timeout(BOUNDED.timeout) };
        const res = await fetch(`${prism!.url}${request.path}`, request.body === undefined ? init : { ...init, body: request.body });
        const body = new Uint8Array(await res.arrayBuffer());
        const found = violations(res.headers);
        const op = await prismOperation(c.spec, c.clientSpec.operations[request.operation]!);
        problems.push(...wireProblems(request.label, op, { method: request.method, url: res.url, status: res.status, headers: res.headers, body }).problems);
        // the request must reach our server (Prism forwards invalid requests when --errors is off) ...
        if (reached === before) problems.push(`${request.label}: never reached our server (Prism answered ${res.status})`);
        if (res.status < 400 || res.status > 499) problems.push(`${request.label}: our server answered ${res.status}, expected a 4xx`);
        // ... and find nothing wrong with our answer
        for (const v of found.filter((v) => v.location[0] === 'response')) problems.push(`${request.label}: Prism violation ${v.location.join('.')}: ${v.message}`);
        const text = new TextDecoder().decode(body);
        if (text.includes('https://stoplight.io/prism/errors#')) problems.push(`${request.label}: Prism answered ${res.status} itself: ${text.slice(0, 300)}`);
      }
      expect(problems).toEqual([]);
    });
  }
}
