/**
 * Test helpers for the issue 17 client features at the transport level: a feature wrapped
 * around the fetch transport (or composed onto an undici Agent), and a node:http server on
 * 127.0.0.1 that records what it received.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { specCredentials } from '../../../runtime/src/client/credentials.js';
import { fetchTransport, type Transport } from '../../../runtime/src/client/transport.js';
import { undiciTransport } from '../../../runtime/src/client/node-transport.js';
import type { FeatureContext, TransportFeature } from '../../../runtime/src/client/transport-feature.js';
import type { DispatcherLike } from '../../../runtime/src/client/types.js';
import { systemClock } from '../../../runtime/src/resilience/clock.js';
import type { ApiSpec } from '../../../runtime/src/spec.js';

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

export interface LocalServer {
  url: string;
  port: number;
  seen: Seen[];
  close(): Promise<void>;
}

export async function localServer(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<LocalServer> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export const noSpec: ApiSpec = { title: 't', version: '1', servers: [], securitySchemes: {}, schemaId: 't', schemas: {}, operations: {} };

export function context(partial: Partial<FeatureContext> & { api?: ApiSpec } = {}): FeatureContext {
  return { credentials: specCredentials(partial.api ?? noSpec), baseUrls: [], clock: systemClock, transport: 'fetch', ...partial };
}

/** `host.test:PORT` → 127.0.0.1:PORT, so a test can use other host names (sites) on loopback. */
export const routedFetch: typeof fetch = (input, init) => {
  const url = new URL(String(input));
  if (url.hostname !== '127.0.0.1') url.hostname = '127.0.0.1';
  return fetch(url, init);
};

export interface Sent {
  status: number;
  headers: Headers;
  text: string;
}

/** A send function through `feature` wrapped around the fetch transport (redirects not followed). */
export function viaFetch(feature: TransportFeature, ctx: FeatureContext): (url: string, init?: { method?: string; headers?: Record<string, string> }) => Promise<Sent> {
  return sender(feature.wrap!(fetchTransport(routedFetch, 'manual'), ctx));
}

/** A send function through undici.request over `dispatcher` composed by `feature`. */
export async function viaUndici(feature: TransportFeature, dispatcher: DispatcherLike, ctx: FeatureContext) {
  const undici = await import('undici');
  const composed = feature.dispatcher!(dispatcher, undici, ctx);
  const transport = feature.wrap ? feature.wrap(undiciTransport(composed), ctx) : undiciTransport(composed);
  return sender(transport);
}

function sender(transport: Transport) {
  return async (url: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<Sent> => {
    const response = await transport({ url, method: init.method ?? 'GET', headers: new Headers(init.headers), body: undefined }, new AbortController().signal);
    const read = await response.read('bytes', 1 << 20);
    return { status: response.status, headers: response.headers, text: read.kind === 'bytes' ? new TextDecoder().decode(read.bytes) : '' };
  };
}
