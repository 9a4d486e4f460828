/**
 * `createListener({ trace })` (issue 17.5): one trace record per request (on arrival) and one per
 * response (when it is sent, with Fastify's elapsed time), credentials redacted by the listener's
 * log redaction — the spec's apiKey headers and query names, Authorization, Cookie — plus the
 * response's Set-Cookie and the names given in `trace.redact`.
 */
import type { FastifyInstance } from 'fastify';
import { flatHeaders, traceOptions, traceWriter, TRACE_SECRET_HEADERS, type TraceLogger, type TraceOptions } from '../trace-log.js';
import { redactHeaders, redactUrl, type CredentialNames } from './log-redaction.js';

export function installTrace(app: FastifyInstance, option: true | TraceLogger | TraceOptions, names: CredentialNames): void {
  const options = traceOptions(option);
  const write = traceWriter(options.logger);
  const extra = (options.redact ?? []).map((name) => name.toLowerCase());
  // register() adds the spec's names to `names` after this runs: the union is taken per record
  const redacting = (): CredentialNames => ({
    query: new Set([...names.query, ...extra]),
    headers: new Set([...names.headers, ...extra, ...TRACE_SECRET_HEADERS]),
  });
  app.addHook('onRequest', (req, _reply, done) => {
    const redact = redacting();
    write({
      side: 'server',
      kind: 'request',
      id: String(req.id),
      method: req.method,
      url: redactUrl(req.url, redact) ?? req.url,
      headers: flatHeaders(redactHeaders(req.headers, redact) ?? {}),
    });
    done();
  });
  app.addHook('onResponse', (req, reply, done) => {
    const redact = redacting();
    write({
      side: 'server',
      kind: 'response',
      id: String(req.id),
      method: req.method,
      url: redactUrl(req.url, redact) ?? req.url,
      status: reply.statusCode,
      durationMs: reply.elapsedTime,
      headers: flatHeaders(redactHeaders(reply.getHeaders(), redact) ?? {}),
    });
    done();
  });
}
