/**
 * Prism (Stoplight's mock server and validating proxy) started in-process through its JS API: the
 * packages `prism mock` / `prism proxy` are built from (@stoplight/prism-http for the spec and the
 * validators, @stoplight/prism-http-server for the HTTP server), pinned to the versions
 * @stoplight/prism-cli 5.14.2 uses. Same config as the CLI's defaults (createServer.js in
 * prism-cli): request and response validation on, security checked, `--errors` off (violations are
 * reported in the `sl-violations` response header instead of replacing the response).
 * In-process saves the CLI's ~2 s start per spec; nothing here touches the network (the specs are
 * local files, the upstream is 127.0.0.1).
 */
import { createLogger } from '@stoplight/prism-core';
import { getHttpOperationsFromSpec } from '@stoplight/prism-http';
import { createServer } from '@stoplight/prism-http-server';

export interface PrismServer {
  url: string;
  close(): Promise<void>;
}

/** One entry of Prism's `sl-violations` header (prism-http-server's createErrorObjectWithPrefix). */
export interface Violation {
  location: string[];
  severity: string;
  code?: string | number;
  message: string;
}

type Operations = Awaited<ReturnType<typeof getHttpOperationsFromSpec>>;
const loaded = new Map<string, Promise<Operations>>();

/** Prism's view of a spec (dereferenced, transformed to its HTTP operations), loaded once per file. */
export function prismOperations(spec: string): Promise<Operations> {
  let ops = loaded.get(spec);
  if (!ops) loaded.set(spec, (ops = getHttpOperationsFromSpec(spec)));
  return ops;
}

async function start(spec: string, upstream: string | undefined): Promise<PrismServer> {
  const operations = await prismOperations(spec);
  const base = { validateRequest: true, validateResponse: true, checkSecurity: true, errors: false, upstreamProxy: undefined, mock: { dynamic: false } };
  const config = upstream === undefined ? { ...base, isProxy: false as const } : { ...base, isProxy: true as const, upstream: new URL(upstream) };
  const server = createServer(operations, { cors: false, config, components: { logger: createLogger('prism', { level: 'silent' }) } });
  const url = await server.listen(0, '127.0.0.1');
  return { url, close: () => server.close() };
}

/** `prism mock <spec>` on 127.0.0.1, a port chosen by the OS. */
export function startPrismMock(spec: string): Promise<PrismServer> {
  return start(spec, undefined);
}

/** `prism proxy <spec> <upstream>`: forwards every request to `upstream`, validating request and response. */
export function startPrismProxy(spec: string, upstream: string): Promise<PrismServer> {
  return start(spec, upstream);
}

/** The violations Prism reported for one exchange (none when the header is absent). */
export function violations(headers: Headers): Violation[] {
  const value = headers.get('sl-violations');
  if (value === null) return [];
  if (value.startsWith('Too many violations!')) return [{ location: [], severity: 'Error', message: value.slice(0, 500) }];
  return JSON.parse(value) as Violation[];
}

/** Prism's own error answers (invalid request with no documented 4xx, unauthorised, no route, …). */
export function isPrismError(contentType: string | null, body: string): boolean {
  return contentType?.startsWith('application/problem+json') === true && body.includes('https://stoplight.io/prism/errors#');
}
