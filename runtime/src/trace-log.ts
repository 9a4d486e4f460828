/**
 * HTTP trace logs (issue 17.5, Ballerina's trace logs), shared by the client and the listener:
 * one record per request and one per response — method, URL, status, timing, headers — with
 * credentials already redacted by the side that builds the record (the client through
 * client/credentials.ts, the listener through server/log-redaction.ts).
 */

export interface TraceRecord {
  side: 'client' | 'server';
  /** `error`: the client's exchange failed before a response (connect, TLS, abort). */
  kind: 'request' | 'response' | 'error';
  /** Pairs a response with its request (a counter on the client, Fastify's request id on the listener). */
  id: string;
  method: string;
  /** Credential query parameters redacted. */
  url: string;
  status?: number;
  /** ms from the request record: to the response headers (client), to the response end (listener). */
  durationMs?: number;
  /** Lower-case names; credential headers redacted. */
  headers: Record<string, string>;
  /** The error's code and message, for `kind: 'error'`. */
  error?: string;
}

/** Where trace records go: a function of the formatted line and the record, or a pino/console-style logger (`info(record, line)`). */
export type TraceLogger = ((line: string, record: TraceRecord) => void) | { info(record: TraceRecord, line: string): void };

export interface TraceOptions {
  /** Default: one line per record on stderr (Node) or `console.debug` (browsers). */
  logger?: TraceLogger;
  /** More header or query parameter names to redact, beyond the credentials the spec declares. */
  redact?: readonly string[];
}

/** One line: `client > #1 GET https://… {headers}` / `client < #1 200 GET https://… 12.3ms {headers}`. */
export function formatTrace(record: TraceRecord): string {
  const arrow = record.kind === 'request' ? '>' : '<';
  const status = record.kind === 'response' ? ` ${record.status}` : record.kind === 'error' ? ' ERROR' : '';
  const timing = record.durationMs === undefined ? '' : ` ${record.durationMs.toFixed(1)}ms`;
  const error = record.error === undefined ? '' : ` ${record.error}`;
  return `${record.side} ${arrow} #${record.id}${status} ${record.method} ${record.url}${timing}${error} ${JSON.stringify(record.headers)}`;
}

/** The write function for a trace option. */
export function traceWriter(logger: TraceLogger | undefined): (record: TraceRecord) => void {
  if (typeof logger === 'function') return (record) => logger(formatTrace(record), record);
  if (logger !== undefined) return (record) => logger.info(record, formatTrace(record));
  const stderr = (globalThis as { process?: { stderr?: { write(text: string): unknown } } }).process?.stderr;
  if (stderr !== undefined) return (record) => void stderr.write(`${formatTrace(record)}\n`);
  return (record) => console.debug(formatTrace(record));
}

/** Header names the trace redacts besides the credential names of each side (a response's cookies). */
export const TRACE_SECRET_HEADERS = ['set-cookie'] as const;

/** `true`, a logger, or the options object, as the options. */
export function traceOptions(option: true | TraceLogger | TraceOptions): TraceOptions {
  if (option === true) return {};
  if (typeof option === 'function' || typeof (option as { info?: unknown }).info === 'function') return { logger: option as TraceLogger };
  return option as TraceOptions;
}

/** Header values as one string each (a repeated header joined by `, `, numbers as text). */
export function flatHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}
