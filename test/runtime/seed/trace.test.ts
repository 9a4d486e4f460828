/**
 * Issue 17.5: trace logs on the client (a transport feature) and on the listener — one record per
 * request and per response with method, URL, status, timing and headers, and never a credential:
 * each secret below is a unique string, and no line may contain it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceLog, type TraceRecord } from '../../../runtime/src/client/trace.js';
import { createListener, registerOperations, type Listener } from '../../../runtime/src/server/index.js';
import type { ApiSpec } from '../../../runtime/src/spec.js';
import { context, localServer, viaFetch, type LocalServer } from './wire.js';

const SECRETS = ['s3cr3t-bearer', 's3cr3t-apikey-header', 's3cr3t-apikey-query', 's3cr3t-cookie', 's3cr3t-set-cookie', 's3cr3t-custom', 's3cr3t-token-query'];

const keyed: ApiSpec = {
  title: 'Keyed',
  version: '1',
  servers: [],
  schemaId: 'urn:test:keyed',
  schemas: {},
  securitySchemes: {
    headerKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
    queryKey: { type: 'apiKey', in: 'query', name: 'api_key' },
  },
  operations: {
    getThing: {
      operationId: 'getThing',
      name: 'getThing',
      method: 'GET',
      path: '/things',
      parameters: [],
      responses: [{ status: '200', content: [{ mediaType: 'application/json', kind: 'json', schema: { type: 'object' } }], headers: [] }],
      security: [],
      tags: [],
    },
  },
};

function collector() {
  const lines: string[] = [];
  const records: TraceRecord[] = [];
  return {
    lines,
    records,
    logger: (line: string, record: TraceRecord) => {
      lines.push(line);
      records.push(record);
    },
  };
}

const secretHeaders = {
  authorization: `Bearer ${SECRETS[0]}`,
  'x-api-key': SECRETS[1]!,
  cookie: `sid=${SECRETS[3]}`,
  'x-custom-secret': SECRETS[5]!,
  accept: 'application/json',
};

describe('client traceLog()', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await localServer((req, res) => {
      res.writeHead(req.url?.startsWith('/missing') ? 404 : 200, { 'content-type': 'application/json', 'set-cookie': [`a=${SECRETS[4]}`, 'b=2'], 'x-request-id': 'r-1' }).end('{}');
    });
  });
  afterAll(() => server.close());

  it('one request and one response record per exchange: method, URL, status, timing, headers — secrets redacted', async () => {
    const { lines, records, logger } = collector();
    const send = viaFetch(traceLog({ logger, redact: ['X-Custom-Secret', 'token'] }), context({ api: keyed }));
    await send(`${server.url}/things?api_key=${SECRETS[2]}&token=${SECRETS[6]}&limit=2`, { headers: secretHeaders });
    await send(`${server.url}/missing`, { method: 'DELETE' });
    expect(records.map((r) => [r.kind, r.id, r.method, r.status])).toEqual([
      ['request', '1', 'GET', undefined],
      ['response', '1', 'GET', 200],
      ['request', '2', 'DELETE', undefined],
      ['response', '2', 'DELETE', 404],
    ]);
    const [request, response] = records;
    expect(request!.url).toBe(`${server.url}/things?api_key=REDACTED&token=REDACTED&limit=2`);
    expect(request!.headers).toMatchObject({ authorization: 'REDACTED', 'x-api-key': 'REDACTED', cookie: 'REDACTED', 'x-custom-secret': 'REDACTED', accept: 'application/json' });
    expect(response!.headers).toMatchObject({ 'set-cookie': 'REDACTED (2)', 'x-request-id': 'r-1', 'content-type': 'application/json' });
    expect(response!.durationMs).toBeGreaterThanOrEqual(0);
    expect(lines[1]).toMatch(/^client < #1 200 GET http:\/\/127\.0\.0\.1:\d+\/things\?api_key=REDACTED&token=REDACTED&limit=2 \d+\.\dms \{/);
    for (const secret of SECRETS) expect(lines.join('\n')).not.toContain(secret);
  });

  it('a failed exchange is an error record (the connection refused), and the error still reaches the caller', async () => {
    const { records, logger } = collector();
    const closed = await localServer(() => undefined);
    await closed.close();
    const send = viaFetch(traceLog(logger), context({ api: keyed }));
    await expect(send(`${closed.url}/x?api_key=${SECRETS[2]}`)).rejects.toMatchObject({ code: 'CG_NETWORK' });
    expect(records.map((r) => r.kind)).toEqual(['request', 'error']);
    expect(records[1]!.error).toMatch(/^CG_NETWORK /);
    expect(JSON.stringify(records)).not.toContain(SECRETS[2]);
  });

  it('a pino/console-style logger gets (record, line) through info()', async () => {
    const seen: Array<[TraceRecord, string]> = [];
    const send = viaFetch(traceLog({ logger: { info: (record, line) => seen.push([record, line]) } }), context());
    await send(`${server.url}/things`);
    expect(seen.map(([record, line]) => [record.kind, line.slice(0, 10)])).toEqual([
      ['request', 'client > #'],
      ['response', 'client < #'],
    ]);
  });
});

describe('createListener({ trace })', () => {
  let listener: Listener;
  const { lines, records, logger } = collector();
  beforeAll(async () => {
    listener = await createListener({ logger: false, trace: { logger, redact: ['x-custom-secret'] } }, async (app) => {
      await registerOperations(app, keyed, { getThing: async () => ({ status: 200, body: { ok: true } }) });
      app.get('/login', (_req, reply) => reply.header('set-cookie', `sid=${SECRETS[4]}`).send('ok'));
    });
  });
  afterAll(() => listener.close());

  it('one line per request and per response, with the spec credentials, cookies and extra names redacted', async () => {
    await fetch(`${listener.url}/things?api_key=${SECRETS[2]}&access_token=${SECRETS[6]}`, { headers: secretHeaders });
    await fetch(`${listener.url}/login`);
    await fetch(`${listener.url}/nowhere`);
    expect(records.map((r) => [r.side, r.kind, r.method, r.status])).toEqual([
      ['server', 'request', 'GET', undefined],
      ['server', 'response', 'GET', 200],
      ['server', 'request', 'GET', undefined],
      ['server', 'response', 'GET', 200],
      ['server', 'request', 'GET', undefined],
      ['server', 'response', 'GET', 404],
    ]);
    expect(records[0]!.url).toBe('/things?api_key=[REDACTED]&access_token=[REDACTED]');
    expect(records[0]!.headers).toMatchObject({ authorization: '[REDACTED]', 'x-api-key': '[REDACTED]', cookie: '[REDACTED]', 'x-custom-secret': '[REDACTED]' });
    expect(records[3]!.headers['set-cookie']).toBe('[REDACTED]');
    expect(records[1]!.id).toBe(records[0]!.id);
    expect(records[1]!.durationMs).toBeGreaterThanOrEqual(0);
    expect(lines[1]).toMatch(/^server < #\S+ 200 GET \/things\?api_key=\[REDACTED\]&access_token=\[REDACTED\] \d+\.\dms \{/);
    for (const secret of SECRETS) expect(lines.join('\n')).not.toContain(secret);
  });
});

describe('off by default', () => {
  it('a listener without trace writes no trace lines to stderr', async () => {
    const writes: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => (writes.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const plain = await createListener({ logger: false }, (app) => registerOperations(app, keyed, { getThing: async () => ({ status: 200, body: {} }) }));
      await fetch(`${plain.url}/things`);
      await plain.close();
    } finally {
      process.stderr.write = original;
    }
    expect(writes.filter((w) => /^(server|client) [<>]/.test(w))).toEqual([]);
  });

  it('trace: true writes the lines to stderr', async () => {
    const writes: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => (writes.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const traced = await createListener({ logger: false, trace: true }, (app) => registerOperations(app, keyed, { getThing: async () => ({ status: 200, body: {} }) }));
      await fetch(`${traced.url}/things`, { headers: { 'x-api-key': SECRETS[1]! } });
      await traced.close();
    } finally {
      process.stderr.write = original;
    }
    const trace = writes.filter((w) => /^server [<>]/.test(w));
    expect(trace).toHaveLength(2);
    expect(trace.join('')).not.toContain(SECRETS[1]);
  });
});
