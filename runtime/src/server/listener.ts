import fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { ServerSetupError } from './errors.js';
import { problem, sendProblem } from './problem.js';

export interface TlsOptions {
  cert: string | Buffer;
  key: string | Buffer;
  ca?: string | Buffer | Array<string | Buffer>;
  /** Ask clients for a certificate (mutual TLS). */
  requestCert?: boolean;
  /** Refuse connections whose client certificate isn't signed by `ca` (default false: the
   * `mutualTLS` security scheme decides per operation). */
  rejectUnauthorized?: boolean;
}

export interface ListenerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port chosen by the OS. */
  port?: number;
  tls?: TlsOptions;
  /** HTTP/2 (over TLS with HTTP/1.1 fallback when `tls` is set; cleartext h2c otherwise). */
  http2?: boolean;
  /** @fastify/cors: `true` for its defaults, or its options. */
  cors?: boolean | Record<string, unknown>;
  /** @fastify/compress: `true` for its defaults, or its options. */
  compression?: boolean | Record<string, unknown>;
  /** Fastify's request/response log lines (turns the logger on when `logger` is unset). */
  accessLog?: boolean;
  /** Largest request body in bytes (Fastify's `bodyLimit`; default 1 MiB). */
  bodyLimit?: number;
  /** Fastify's `trustProxy`: honour X-Forwarded-* from these proxies. */
  trustProxy?: boolean | string | string[];
  /** Fastify's `logger` option (default off). */
  logger?: boolean | Record<string, unknown>;
}

export type Listener = FastifyInstance & { url: string };

type AnyPlugin = (instance: FastifyInstance, opts: Record<string, unknown>) => Promise<void>;

async function loadPlugin(name: '@fastify/cors' | '@fastify/compress'): Promise<AnyPlugin> {
  try {
    const mod = (await import(name)) as { default: unknown };
    return mod.default as AnyPlugin;
  } catch (cause) {
    throw new ServerSetupError('CG_PLUGIN_MISSING', `this listener option needs ${name}: npm install ${name}`, { cause });
  }
}

/**
 * Builds a Fastify instance from listener options (each option backed by its Fastify plugin),
 * answers unknown paths with a 404 problem, runs `setup` (typically `app => register(app, handlers)`),
 * listens, and returns the started instance with its base URL.
 */
export async function createListener(options: ListenerOptions, setup: (app: FastifyInstance) => Promise<void> | void): Promise<Listener> {
  const opts: Record<string, unknown> = { logger: options.logger ?? (options.accessLog === true) };
  // Only needed when a logger is on without access logs (the option is deprecated in Fastify 5.x, so don't set it needlessly).
  if (opts['logger'] && options.accessLog !== true) opts['disableRequestLogging'] = true;
  if (options.bodyLimit !== undefined) opts['bodyLimit'] = options.bodyLimit;
  if (options.trustProxy !== undefined) opts['trustProxy'] = options.trustProxy;
  if (options.tls) {
    const { rejectUnauthorized, ...tls } = options.tls;
    opts['https'] = { ...tls, rejectUnauthorized: rejectUnauthorized ?? false, ...(options.http2 ? { allowHTTP1: true } : {}) };
  }
  if (options.http2) opts['http2'] = true;
  const app = fastify(opts as FastifyServerOptions) as unknown as FastifyInstance;
  try {
    if (options.cors) await app.register(await loadPlugin('@fastify/cors'), options.cors === true ? {} : options.cors);
    if (options.compression) await app.register(await loadPlugin('@fastify/compress'), options.compression === true ? {} : options.compression);
    app.setNotFoundHandler((_req, reply) => sendProblem(reply, problem(404, 'no operation matches this path')));
    await setup(app);
    const url = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
    return Object.defineProperty(app, 'url', { value: url, enumerable: true }) as Listener;
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}
