/** The generated stream-3.2 server on 127.0.0.1 (port chosen at run time) for the stream tests, and how to stop it. */
import { createListener } from '../../runtime/src/server/index.js';
import { register, type Handlers } from '../golden/stream-3.2/server.js';

export type StreamServer = Awaited<ReturnType<typeof createListener>>;

/** Serves `handlers` with the API key `k1` and the given register() options (logger off). */
export function serveStreamApi(handlers: Handlers, options: Omit<NonNullable<Parameters<typeof register>[2]>, 'security'> = {}): Promise<StreamServer> {
  return createListener({ port: 0, logger: false }, (app) => register(app, handlers, { security: { apiKey: { keys: ['k1'] } }, ...options }));
}

/**
 * undici opens a fresh connection after a fetch body is cancelled (abort tests); it never sends a
 * request, so Fastify's close (which ends idle keep-alive connections only) would wait for it.
 */
export async function stopStreamApi(server: StreamServer | undefined): Promise<void> {
  server?.server.closeAllConnections();
  await server?.close();
}
