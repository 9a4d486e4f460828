import fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { ServerSetupError } from './errors.js';
import { newCredentialNames, redactingRequestSerializer, shareCredentialNames } from './log-redaction.js';
import { lazyChildLoggerFactory, ownChildLoggerFactory, ownLogger } from './lazy-logger.js';
import { closeIdleSockets } from './idle-sockets.js';
import { problem, sendProblem } from './problem.js';
import type { EtagOptions } from './etag.js';
import type { TraceLogger, TraceOptions } from '../trace-log.js';

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
  /** @fastify/etag: ETags on bodies, 304 to a matching If-None-Match on GET/HEAD 2xx (RFC 9110; see server/etag.ts). */
  etag?: boolean | EtagOptions;
  /** One trace line per request and response (method, URL, status, timing, headers; credentials redacted). Off by default. */
  trace?: boolean | TraceLogger | TraceOptions;
  /** Fastify's request/response log lines, credentials redacted (turns the logger on at `info` when `logger` is unset). */
  accessLog?: boolean;
  /** Largest request body in bytes (Fastify's `bodyLimit`; default 1 MiB). */
  bodyLimit?: number;
  /** Fastify's `trustProxy`: honour X-Forwarded-* from these proxies. */
  trustProxy?: boolean | string | string[];
  /** Fastify's `logger` option (pino). Default: on at `warn` level, so handler throws and contract
   * breaks (at error level) and setup warnings are logged; `false` silences everything. */
  logger?: boolean | Record<string, unknown>;
  /** Most time to receive a whole request, headers and body, in ms (Node's `requestTimeout`; default 30 000; 0 = none). */
  requestTimeout?: number;
  /** Most time to receive the request headers, in ms (Node's `headersTimeout`; default 10 000, at most `requestTimeout`). */
  headersTimeout?: number;
  /** An idle keep-alive socket is closed after this many ms (default 72 000, Fastify's: above common load balancers' 60 s). */
  keepAliveTimeout?: number;
  /** A socket without any traffic (nothing read or written) for this many ms is closed (default 120 000; 0 = none). HTTP/1 sockets are looked at on an interval (a quarter of it), no per-request timer; HTTP/2 uses Fastify's `connectionTimeout`. */
  connectionTimeout?: number;
  /** Most requests served per keep-alive socket (default 0: no limit). */
  maxRequestsPerSocket?: number;
  /** Largest request header section in bytes (Node's `maxHeaderSize`; default 16 384). */
  maxHeaderSize?: number;
}

/** The listener's defaults (issue 13.5, issue 15 "safe by default"). */
export const LISTENER_DEFAULTS = {
  requestTimeout: 30_000,
  headersTimeout: 10_000,
  keepAliveTimeout: 72_000,
  connectionTimeout: 120_000,
  maxRequestsPerSocket: 0,
  maxHeaderSize: 16_384,
} as const;

type Limit = keyof typeof LISTENER_DEFAULTS;

function limits(options: ListenerOptions): Record<Limit, number> {
  const out = { ...LISTENER_DEFAULTS } as Record<Limit, number>;
  for (const key of Object.keys(LISTENER_DEFAULTS) as Limit[]) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 0) throw new ServerSetupError('CG_LISTENER_CONFIG', `listener option ${key} must be a non-negative integer (got ${String(value)})`);
    out[key] = value;
  }
  if (options.headersTimeout === undefined && out.requestTimeout > 0) out.headersTimeout = Math.min(out.headersTimeout, out.requestTimeout);
  if (out.requestTimeout > 0 && (out.headersTimeout === 0 || out.headersTimeout > out.requestTimeout)) {
    throw new ServerSetupError('CG_LISTENER_CONFIG', `listener option headersTimeout (${out.headersTimeout}) must be at most requestTimeout (${out.requestTimeout})`);
  }
  return out;
}

/** Node checks header and request timeouts of incomplete requests on an interval (default 30 s): a
 * quarter of the shortest timeout, so a slow client is cut off close to its deadline. */
function checkingInterval(l: Record<Limit, number>): number {
  const shortest = Math.min(...[l.headersTimeout, l.requestTimeout].filter((t) => t > 0));
  return Number.isFinite(shortest) ? Math.min(30_000, Math.max(50, Math.floor(shortest / 4))) : 30_000;
}

/**
 * @fastify/cors answers every OPTIONS request as a preflight (strictPreflight: a 400 without
 * Access-Control-Request-Method), so a spec's own OPTIONS operation — or the runtime's 204 + Allow —
 * could not be reached cross-origin. A preflight is an OPTIONS with Access-Control-Request-Method
 * (Fetch standard, CORS protocol); any other OPTIONS goes to its route, with CORS headers.
 */
function corsOptions(cors: true | Record<string, unknown>): Record<string, unknown> {
  const base = cors === true ? {} : cors;
  if (base['delegator'] !== undefined || base['preflight'] === false) return base;
  const preflight = { ...base, preflight: true };
  const plain = { ...base, preflight: false };
  return {
    ...(base['hook'] === undefined ? {} : { hook: base['hook'] }),
    delegator: (req: { headers: Record<string, unknown> }, done: (err: null, options: Record<string, unknown>) => void) =>
      done(null, req.headers['access-control-request-method'] === undefined ? plain : preflight),
  };
}

type LogControllerClass = new (options: { disableRequestLogging: boolean }) => unknown;

function loggerOptions(options: ListenerOptions, names: ReturnType<typeof newCredentialNames>): Record<string, unknown> | false {
  const given = options.logger ?? (options.accessLog === true ? true : { level: 'warn' });
  if (given === false) return false;
  const base = given === true ? {} : given;
  const serializers = (base['serializers'] ?? {}) as Record<string, unknown>;
  const userReq = typeof serializers['req'] === 'function' ? (serializers['req'] as (req: never) => unknown) : undefined;
  return { ...base, serializers: { ...serializers, req: redactingRequestSerializer(names, userReq) } };
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
  const l = limits(options);
  const names = newCredentialNames();
  const logger = loggerOptions(options, names);
  const http = { headersTimeout: l.headersTimeout, requestTimeout: l.requestTimeout, maxHeaderSize: l.maxHeaderSize, connectionsCheckingInterval: checkingInterval(l) };
  // HTTP/1: connectionTimeout by a sweep over the sockets' byte counters (idle-sockets.ts), not by
  // Node's per-socket timer that every keep-alive request re-arms; HTTP/2 keeps Fastify's.
  const sweep = options.http2 !== true && l.connectionTimeout > 0;
  const opts: Record<string, unknown> = {
    logger,
    requestTimeout: l.requestTimeout,
    keepAliveTimeout: l.keepAliveTimeout,
    connectionTimeout: sweep ? 0 : l.connectionTimeout,
    maxRequestsPerSocket: l.maxRequestsPerSocket,
    http,
  };
  if (logger && options.accessLog !== true) {
    // Request lines off with the logger on. Fastify 5.8+ deprecates the top-level option (FSTDEP023) for a LogController.
    const LogController = (fastify as unknown as { LogController?: LogControllerClass }).LogController;
    if (LogController) opts['logController'] = new LogController({ disableRequestLogging: true });
    else opts['disableRequestLogging'] = true;
    // No request line to log: each request's child logger is made when something logs.
    opts['childLoggerFactory'] = lazyChildLoggerFactory;
  }
  // Without request lines, the runtime owns the logger (lazy-logger.ts ownLogger): Fastify skips its per-request timing.
  const own = logger && options.accessLog !== true ? ownLogger(logger) : undefined;
  if (own) {
    opts['logger'] = false;
    opts['childLoggerFactory'] = ownChildLoggerFactory;
  }
  if (options.bodyLimit !== undefined) opts['bodyLimit'] = options.bodyLimit;
  if (options.trustProxy !== undefined) opts['trustProxy'] = options.trustProxy;
  if (options.tls) {
    const { rejectUnauthorized, ...tls } = options.tls;
    opts['https'] = { ...http, ...tls, rejectUnauthorized: rejectUnauthorized ?? false, ...(options.http2 ? { allowHTTP1: true } : {}) };
  }
  if (options.http2) opts['http2'] = true;
  const app = fastify(opts as FastifyServerOptions) as unknown as FastifyInstance;
  // Plugin instances inherit `log` from this one (Object.create), so all of them log through it.
  if (own) Object.defineProperty(app, 'log', { value: own, writable: true, enumerable: true, configurable: true });
  shareCredentialNames(app, names);
  if (sweep) {
    // TLS: the TLS socket (its own byte counts); a stalled handshake is TLS's handshakeTimeout.
    const stop = closeIdleSockets(app.server, l.connectionTimeout, options.tls ? 'secureConnection' : 'connection');
    app.addHook('onClose', (_instance, done) => {
      stop();
      done();
    });
  }
  try {
    if (options.trace) (await import('./trace.js')).installTrace(app, options.trace, names);
    if (options.cors) await app.register(await loadPlugin('@fastify/cors'), corsOptions(options.cors));
    if (options.etag) await (await import('./etag.js')).registerEtag(app, options.etag, options.compression !== undefined && options.compression !== false);
    if (options.compression) await app.register(await loadPlugin('@fastify/compress'), options.compression === true ? {} : options.compression);
    await setup(app);
    try {
      // After setup: register() sets its own (mapped) 404 handler when it can.
      app.setNotFoundHandler((_req, reply) => sendProblem(reply, problem(404, 'no operation matches this path')));
    } catch (error) {
      app.log.debug({ err: error }, 'contractgen: a not-found handler is already set; keeping it');
    }
    const url = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
    return Object.defineProperty(app, 'url', { value: url, enumerable: true }) as Listener;
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}
