/**
 * Client trace logs (issue 17.5): `createClient({ trace: traceLog() })` — one record per request
 * put on the wire and one per response (status, time to headers) or failure, each redirect hop
 * and retry attempt its own pair. Credentials are redacted with the client's own credential
 * names (client/credentials.ts): Authorization, Proxy-Authorization, Cookie, each apiKey scheme's
 * header and query parameter, a response's Set-Cookie, and the names in `redact`.
 */
import { flatHeaders, traceWriter, TRACE_SECRET_HEADERS, type TraceLogger, type TraceOptions, type TraceRecord } from '../trace-log.js';
import { REDACTED, redactText, redactUrl, type CredentialNames } from './credentials.js';
import type { TransportFeature } from './transport-feature.js';

export type { TraceLogger, TraceOptions, TraceRecord } from '../trace-log.js';

function redactHeaders(headers: Headers, names: CredentialNames): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = names.headers.has(name) ? REDACTED : value;
  });
  // Headers.forEach joins Set-Cookie values; say how many there were instead
  const cookies = headers.getSetCookie?.().length ?? 0;
  if (cookies > 1) out['set-cookie'] = `${REDACTED} (${cookies})`;
  return flatHeaders(out);
}

/** The trace feature: `logger` (default stderr / console.debug) and extra names to `redact`. */
export function traceLog(options: TraceLogger | TraceOptions = {}): TransportFeature {
  const settings: TraceOptions = typeof options === 'function' || 'info' in options ? { logger: options as TraceLogger } : options;
  return {
    feature: 'trace',
    wrap(transport, context) {
      const write = traceWriter(settings.logger);
      const extra = settings.redact ?? [];
      const names: CredentialNames = {
        headers: new Set([...context.credentials.headers, ...TRACE_SECRET_HEADERS, ...extra.map((n) => n.toLowerCase())]),
        query: new Set([...context.credentials.query, ...extra]),
      };
      let counter = 0;
      return async (request, signal, ...rest) => {
        const base = { side: 'client', id: String(++counter), method: request.method, url: redactUrl(request.url, names) } as const;
        write({ ...base, kind: 'request', headers: redactHeaders(request.headers, names) });
        const started = performance.now();
        try {
          const response = await transport(request, signal, ...rest);
          write({ ...base, kind: 'response', status: response.status, durationMs: performance.now() - started, headers: redactHeaders(response.headers, names) });
          return response;
        } catch (error) {
          const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
          const record: TraceRecord = { ...base, kind: 'error', durationMs: performance.now() - started, headers: {}, error: redactText([code, message].filter((x) => typeof x === 'string').join(' '), names) };
          write(record);
          throw error;
        }
      };
    },
  };
}
