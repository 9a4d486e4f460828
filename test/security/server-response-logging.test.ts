/**
 * Issue 13.10: with accessLog on, credentials (query and header names from securitySchemes,
 * Authorization, cookies) are redacted in log lines. Issue 15: handler throws and contract breaks
 * are logged by default at error level (one line, operation id, no secrets), `logger: false`
 * silences it, and Fastify's deprecated `disableRequestLogging` is not used (no FSTDEP023).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerOperations } from '../../runtime/src/server/index.js';
import { ROOT } from '../helpers/generated.js';
import { api, echoResponse, op, param, serve, type Served } from './server-request-helpers.js';

const SECRETS = ['s3cret-query', 's3cret-header', 's3cret-bearer', 's3cret-cookie', 's3cret-token'];
const spec = api(
  {
    listPets: op({
      operationId: 'listPets',
      method: 'GET',
      path: '/pets',
      parameters: [param({ name: 'limit', in: 'query', schema: { type: 'integer' } })],
      security: [{ queryKey: [] }, { headerKey: [] }, { bearer: [] }],
      responses: echoResponse,
    }),
  },
  {
    securitySchemes: {
      queryKey: { type: 'apiKey', in: 'query', name: 'api_key' },
      headerKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      bearer: { type: 'http', scheme: 'bearer' },
    },
  },
);
const security = { queryKey: { keys: ['s3cret-query'] }, headerKey: { keys: ['s3cret-header'] }, bearer: { verify: (t: string) => t === 's3cret-bearer' } };

async function traffic(url: string): Promise<void> {
  const answers = await Promise.all([
    fetch(`${url}/pets?api_key=s3cret-query&limit=2`),
    fetch(`${url}/pets?limit=3&API_KEY=s3cret-query`, { headers: { 'X-API-Key': 's3cret-header', cookie: 'sid=s3cret-cookie' } }),
    fetch(`${url}/pets`, { headers: { authorization: 'Bearer s3cret-bearer' } }),
    fetch(`${url}/nowhere?access_token=s3cret-token`),
  ]);
  expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 404]);
}

describe('13.10 accessLog redacts credentials', () => {
  let served: Served;
  const lines: string[] = [];
  beforeAll(async () => {
    served = await serve(spec, { security }, { accessLog: true, logger: { level: 'info', stream: { write: (l: string) => void lines.push(l) } } });
    await traffic(served.url);
  });
  afterAll(() => served.close());

  it('no log line carries a credential; the rest of the URL is kept', () => {
    expect(lines.filter((l) => l.includes('incoming request')).length).toBeGreaterThanOrEqual(4);
    for (const line of lines) for (const secret of SECRETS) expect(line).not.toContain(secret);
    const urls = lines.map((l) => (JSON.parse(l) as { req?: { url?: string } }).req?.url).filter(Boolean);
    expect(urls).toContain('/pets?api_key=[REDACTED]&limit=2');
    expect(urls).toContain('/pets?limit=3&API_KEY=[REDACTED]');
    expect(urls).toContain('/nowhere?access_token=[REDACTED]');
  });
});

describe('13.10 a request serializer of your own sees the redacted request', () => {
  let served: Served;
  const lines: string[] = [];
  beforeAll(async () => {
    const serializers = { req: (req: { url: string; headers: Record<string, string> }) => ({ url: req.url, headers: req.headers }) };
    served = await serve(spec, { security }, { accessLog: true, logger: { level: 'info', serializers, stream: { write: (l: string) => void lines.push(l) } } });
    await traffic(served.url);
  });
  afterAll(() => served.close());

  it('headers are logged, credential headers are [REDACTED]', () => {
    const logged = lines.map((l) => JSON.parse(l) as { req?: { headers?: Record<string, string> } }).filter((l) => l.req?.headers);
    expect(logged.some((l) => l.req?.headers?.['x-api-key'] === '[REDACTED]')).toBe(true);
    expect(logged.some((l) => l.req?.headers?.['authorization'] === '[REDACTED]')).toBe(true);
    expect(logged.some((l) => l.req?.headers?.['cookie'] === '[REDACTED]')).toBe(true);
    for (const line of lines) for (const secret of SECRETS) expect(line).not.toContain(secret);
  });
});

describe('13.10 register() on your own Fastify instance redacts its routes too', () => {
  it('no credential in the request log lines of the API routes', async () => {
    const lines: string[] = [];
    const app = fastify({ logger: { level: 'info', stream: { write: (l: string) => void lines.push(l) } } });
    await registerOperations(app, spec, { listPets: async () => ({ status: 200, body: [] }) }, { security });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      expect((await fetch(`${url}/pets?api_key=s3cret-query&limit=2`)).status).toBe(200);
    } finally {
      await app.close();
    }
    expect(lines.some((l) => l.includes('/pets?api_key=[REDACTED]&limit=2'))).toBe(true);
    for (const line of lines) expect(line).not.toContain('s3cret-query');
  });
});

const run = promisify(execFile);

/** A listener in a fresh Node process (its real stdout/stderr), one throwing handler, one request each. */
async function child(listenerOptions: string): Promise<{ stdout: string; stderr: string }> {
  const script = `
    import { createListener, registerOperations } from '@contractgen/runtime/server';
    const json = [{ mediaType: 'application/json', kind: 'json', schema: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } } }];
    const op = (operationId, path) => ({ operationId, name: operationId, method: 'GET', path, parameters: [], responses: [{ status: '200', content: json, headers: [] }], security: [], tags: [] });
    const api = { title: 'T', version: '1', servers: [], schemaId: 'urn:contractgen:t', securitySchemes: {}, schemas: {}, operations: { boom: op('boom', '/boom'), broken: op('broken', '/broken') } };
    const handlers = {
      boom: async () => { throw new Error('the database is down'); },
      broken: async () => ({ status: 200, body: { id: 'not an integer', password: 's3cret-row' } }),
    };
    const server = await createListener(${listenerOptions}, (app) => registerOperations(app, api, handlers, { validateResponses: true }));
    const codes = [];
    for (const path of ['/boom', '/broken?api_key=s3cret-query']) codes.push((await fetch(server.url + path, { headers: { authorization: 'Bearer s3cret-bearer' } })).status);
    await server.close();
    process.stderr.write('codes ' + codes.join(',') + '\\n');
  `;
  return run(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, timeout: 30_000 });
}

describe('15 the listener logs handler throws and contract breaks by default', () => {
  it('by default: one error line each, with the operation id and the cause, no secrets, no request lines', async () => {
    const { stdout, stderr } = await child('{}');
    expect(stderr).toContain('codes 500,500');
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { level: number; operationId?: string; msg: string; err?: { message?: string } });
    expect(lines.map((l) => [l.level, l.operationId])).toEqual([
      [50, 'boom'],
      [50, 'broken'],
    ]);
    expect(lines[0]?.err?.message).toBe('the database is down');
    expect(lines[1]?.msg).toMatch(/broken: response 200 breaks the contract \(body \/id: must be integer\)/);
    for (const secret of ['s3cret-row', 's3cret-query', 's3cret-bearer']) expect(stdout).not.toContain(secret);
  });

  it('logger: false silences it', async () => {
    const { stdout, stderr } = await child('{ logger: false }');
    expect(stderr).toContain('codes 500,500');
    expect(stdout).toBe('');
  });

  it('a logger at info without accessLog: no request lines and no FSTDEP023 deprecation warning', async () => {
    const { stdout, stderr } = await child("{ logger: { level: 'info' } }");
    expect(stderr).not.toContain('FSTDEP');
    expect(stdout).not.toContain('incoming request');
    expect(stdout).toContain('"operationId":"boom"');
  });
});
