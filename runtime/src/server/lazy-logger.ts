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
