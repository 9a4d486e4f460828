/**
 * Issue 12.5 (server side): register()'s typed error mapper turns the runtime's own problems into a
 * response the operation declares; petstore-expanded (`default: Error {code, message}`) is the
 * fixture, through its generated server.ts. Issue 15: `onError` interceptors see every problem the
 * runtime answers, in the documented order (security → validation → before → handler → after).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorInterceptor, Handler, RuntimeProblem } from '../../../runtime/src/server/index.js';
import { createListener, type Listener } from '../../../runtime/src/server/index.js';
import { register, type ErrorMapper, type Handlers } from '../../golden/conformance-petstore-expanded/server.js';
import { api, op, param, serve, type Served } from '../../security/server-request-helpers.js';

/** GET /things/{id} (integer id) behind an API key `X-Key`, answering JSON with these schemas per status. */
function guardedThing(responses: Record<string, unknown>) {
  return api(
    {
      getThing: op({
        operationId: 'getThing',
        method: 'GET',
        path: '/things/{id}',
        parameters: [param({ name: 'id', in: 'path', schema: { type: 'integer' } })],
        security: [{ key: [] }],
        responses: Object.entries(responses).map(([status, schema]) => ({ status, content: [{ mediaType: 'application/json', kind: 'json' as const, schema: schema as never }], headers: [] })),
      }),
    },
    { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Key' } } },
  );
}

const toError: ErrorMapper = (problem) => ({ status: problem.status, body: { code: problem.status, message: problem.detail ?? problem.title } });

const handlers: Handlers = {
  async findPets() {
    return { status: 200, body: [{ id: 1, name: 'Rex' }] };
  },
  async addPet(req) {
    if (req.body.name === 'boom') throw new Error('database password is hunter2');
    return { status: 200, body: { ...req.body, id: 2 } };
  },
  async findPetById() {
    return { status: 200, body: { id: 1, name: 'Rex' } };
  },
  async deletePet() {
    return { status: 204 };
  },
};

describe('12.5 error mapper on petstore-expanded (default: Error {code, message})', () => {
  let server: Listener;
  const lines: string[] = [];
  beforeAll(async () => {
    server = await createListener({ bodyLimit: 1024, logger: { level: 'error', stream: { write: (l: string) => void lines.push(l) } } }, (app) =>
      register(app, handlers, { validateResponses: true, errorMapper: toError }),
    );
  });
  afterAll(() => server.close());

  const cases: Array<[string, string, RequestInit, number]> = [
    ['400 (a query parameter fails its schema)', '/pets?limit=many', {}, 400],
    ['400 (malformed JSON)', '/pets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' }, 400],
    ['404 (no operation at this path)', '/nowhere', {}, 404],
    ['405 (a method the path does not serve)', '/pets', { method: 'PATCH' }, 405],
    ['406 (Accept matches no response media type)', '/pets', { headers: { accept: 'text/csv' } }, 406],
    ['413 (body over bodyLimit)', '/pets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x'.repeat(2000) }) }, 413],
    ['415 (a content type the operation does not accept)', '/pets', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'Rex' }, 415],
    ['500 (the handler threw)', '/pets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"boom"}' }, 500],
  ];
  for (const [label, path, init, status] of cases) {
    it(`${label} comes back as the declared Error {code, message}`, async () => {
      const res = await fetch(`${server.url}${path}`, init);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/json');
      const body = (await res.json()) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(['code', 'message']);
      expect(body['code']).toBe(status);
      expect(typeof body['message']).toBe('string');
      expect(JSON.stringify(body)).not.toContain('hunter2');
    });
  }

  it('405 keeps its Allow header', async () => {
    const res = await fetch(`${server.url}/pets/1`, { method: 'PUT' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, DELETE, OPTIONS');
  });
});

describe('12.5 error mapper: 401 keeps WWW-Authenticate; a mapping the operation does not declare falls back to problem+json', () => {
  const spec = guardedThing({
    200: { type: 'object' },
    401: { type: 'object', required: ['error'], properties: { error: { type: 'string' } } },
  });
  let served: Served;
  const lines: string[] = [];
  beforeAll(async () => {
    served = await serve(
      spec,
      { security: { key: { keys: ['right'] } }, errorMapper: (p: RuntimeProblem) => (p.status === 401 ? { status: 401, body: { error: p.title, internal: 'dropped' } } : { status: p.status, body: { error: p.title } }) },
      { logger: { level: 'error', stream: { write: (l: string) => void lines.push(l) } } },
    );
  });
  afterAll(() => served.close());

  it('401 is the declared 401 body (filtered by its schema), with the challenge header', async () => {
    const res = await fetch(`${served.url}/things/1`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^ApiKey /);
    expect(await res.json()).toEqual({ error: 'Unauthorized' });
  });

  it('a 400 mapped to a status the operation does not declare is answered as problem+json, and logged', async () => {
    const before = lines.length;
    const res = await fetch(`${served.url}/things/x`, { headers: { 'x-key': 'right' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ type: 'urn:contractgen:problem:validation', status: 400 });
    expect(lines.slice(before).some((l) => l.includes('"level":50') && l.includes('problem+json'))).toBe(true);
  });
});

describe('15 onError interceptors see every problem the runtime answers, in the documented order', () => {
  const spec = guardedThing({
    200: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } },
    503: { type: 'object', properties: { retry: { type: 'boolean' } } },
  });
  const seen: string[] = [];
  const record: ErrorInterceptor = (p, ctx) => void seen.push(`onError:${p.status}:${ctx.operationId ?? '-'}`);
  const reshape: ErrorInterceptor = (p) => (p.status === 500 ? { status: 503, body: { retry: true, stack: 'dropped' } } : undefined);
  let served: Served;
  beforeAll(async () => {
    const getThing: Handler = async (req: { path: { id: number } }) => {
      seen.push('handler');
      if (req.path.id === 13) throw new Error('unlucky');
      return { status: 200, body: { id: req.path.id } };
    };
    served = await serve(
      spec,
      {
        security: { key: { verify: (key: string) => (seen.push('security'), key === 'right') } },
        interceptors: {
          before: [() => void seen.push('before')],
          after: [(_req, res) => void seen.push(`after:${res.status}`)],
          onError: [record, reshape],
        },
      },
      { logger: false },
      { getThing },
    );
  });
  afterAll(() => served.close());

  const run = async (path: string, key?: string): Promise<{ status: number; seen: string[]; body: string }> => {
    seen.length = 0;
    const res = await fetch(`${served.url}${path}`, { headers: key ? { 'x-key': key } : {} });
    return { status: res.status, seen: [...seen], body: await res.text() };
  };

  it('a good request: security → (validation) → before → handler → after; no onError', async () => {
    expect(await run('/things/1', 'right')).toMatchObject({ status: 200, seen: ['security', 'before', 'handler', 'after:200'] });
  });
  it('401: security, then onError (before/handler/after never run)', async () => {
    expect(await run('/things/1', 'wrong')).toMatchObject({ status: 401, seen: ['security', 'onError:401:getThing'] });
  });
  it('400: security, validation fails, onError', async () => {
    expect(await run('/things/abc', 'right')).toMatchObject({ status: 400, seen: ['security', 'onError:400:getThing'] });
  });
  it('404 and 405 outside any operation reach onError too', async () => {
    expect((await run('/nothing')).seen).toEqual(['onError:404:-']);
    seen.length = 0;
    const res = await fetch(`${served.url}/things/1`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(seen).toEqual(['onError:405:-']);
  });
  it('a handler throw: onError sees the 500 and may answer a declared response instead (filtered by its schema)', async () => {
    const res = await run('/things/13', 'right');
    expect(res.seen).toEqual(['security', 'before', 'handler', 'onError:500:getThing']);
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toEqual({ retry: true });
  });
});
