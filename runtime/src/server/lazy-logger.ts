import { createRequire } from 'node:module';
import type { FastifyBaseLogger } from 'fastify';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type Log = (...args: unknown[]) => void;
type Pino = FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean; bindings?: () => Record<string, unknown>; flush?: (cb?: (err?: Error) => void) => void };

/**
 * A request's logger (`request.log`, `reply.log`, a handler's `ctx.log`) whose pino child is made
 * on first use. Fastify makes one child logger per request, binding its `reqId`; at the listener's
 * default `warn` level almost no request logs anything, and making the child (it serializes the
 * bindings) was a measurable part of a request (issue 15). The first call at an enabled level, or
 * any use that needs the child itself (`child()`, setting `level`), makes it; log lines carry the
 * same `reqId` binding as before.
 */
export class LazyRequestLogger {
  readonly #parent: Pino;
  readonly #bindings: Record<string, unknown>;
  readonly #options: Record<string, unknown>;
  #child: Pino | undefined;

  constructor(parent: Pino, bindings: Record<string, unknown>, options: Record<string, unknown>) {
    this.#parent = parent;
    this.#bindings = bindings;
    this.#options = options;
  }

  #real(): Pino {
    return (this.#child ??= this.#parent.child(this.#bindings, this.#options) as Pino);
  }

  #log(level: Level, args: unknown[]): void {
    const current = this.#child ?? this.#parent;
    if (typeof current.isLevelEnabled === 'function' && !current.isLevelEnabled(level)) return;
    const real = this.#real();
    (real[level] as Log).apply(real, args);
  }

  get level(): string {
    return (this.#child ?? this.#parent).level;
  }

  set level(level: string) {
    this.#real().level = level;
  }

  isLevelEnabled(level: string): boolean {
    const current = this.#child ?? this.#parent;
    return typeof current.isLevelEnabled === 'function' ? current.isLevelEnabled(level) : true;
  }

  fatal(...args: unknown[]): void {
    this.#log('fatal', args);
  }
  error(...args: unknown[]): void {
    this.#log('error', args);
  }
  warn(...args: unknown[]): void {
    this.#log('warn', args);
  }
  info(...args: unknown[]): void {
    this.#log('info', args);
  }
  debug(...args: unknown[]): void {
    this.#log('debug', args);
  }
  trace(...args: unknown[]): void {
    this.#log('trace', args);
  }
  silent(): void {}

  child(bindings: Record<string, unknown>, options?: Record<string, unknown>): FastifyBaseLogger {
    return this.#real().child(bindings, options);
  }

  bindings(): Record<string, unknown> {
    return this.#child?.bindings?.() ?? { ...this.#parent.bindings?.(), ...this.#bindings };
  }

  flush(cb?: (err?: Error) => void): void {
    (this.#child ?? this.#parent).flush?.(cb);
  }
}

/** Fastify's `childLoggerFactory`, making {@link LazyRequestLogger}s. */
export function lazyChildLoggerFactory(logger: FastifyBaseLogger, bindings: Record<string, unknown>, options: Record<string, unknown>): FastifyBaseLogger {
  return new LazyRequestLogger(logger as Pino, bindings, options) as unknown as FastifyBaseLogger;
}

type PinoModule = ((options: Record<string, unknown>, stream?: unknown) => FastifyBaseLogger) & {
  destination: (file: string) => unknown;
  stdSerializers: { err: (err: unknown) => unknown };
};

/** The pino Fastify itself depends on (resolved from Fastify's own location: same version, no dependency of ours); undefined when it cannot be found (e.g. in a bundle). */
function fastifysPino(): PinoModule | undefined {
  try {
    const here = createRequire(import.meta.url);
    return createRequire(here.resolve('fastify'))('pino') as PinoModule;
  } catch {
    return undefined;
  }
}

/**
 * The listener's logger, made the way Fastify makes it from `logger` options (pino with Fastify's
 * `req`/`res`/`err` serializers, `stream` or `file` as destination, level `info` unless set), but
 * owned by the runtime: Fastify is given `logger: false` and a child-logger factory that makes
 * {@link LazyRequestLogger}s of it. With a logger of its own, Fastify adds two response listeners,
 * two clock reads and a request-completed call to every request to time and log request lines —
 * work for access logs, which this path never serves (issue 15: ~3–5 % of a small request). Returns
 * undefined where Fastify must keep its own: a logger instance passed as options, or pino not found.
 */
export function ownLogger(options: Record<string, unknown>): FastifyBaseLogger | undefined {
  if (typeof options['child'] === 'function') return undefined;
  const pino = fastifysPino();
  if (!pino) return undefined;
  const { stream, file, serializers, ...rest } = options;
  const all = { res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }), err: pino.stdSerializers.err, ...(serializers as Record<string, unknown> | undefined) };
  const destination = stream ?? (typeof file === 'string' ? pino.destination(file) : undefined);
  return pino({ ...rest, level: typeof rest['level'] === 'string' ? rest['level'] : 'info', serializers: all }, destination);
}

/** Fastify's `childLoggerFactory` with {@link ownLogger}: Fastify's own (null) logger is ignored; the instance's `log` is the parent. */
export function ownChildLoggerFactory(this: { log: FastifyBaseLogger }, _fastifys: FastifyBaseLogger, bindings: Record<string, unknown>, options: Record<string, unknown>): FastifyBaseLogger {
  return new LazyRequestLogger(this.log as Pino, bindings, options) as unknown as FastifyBaseLogger;
}
