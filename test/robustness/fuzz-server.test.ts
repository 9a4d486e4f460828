/**
 * Property-based tests of the generated servers for the feature fixtures
 * (the committed, drift-checked outputs in test/golden/ for
 * fixtures/openapi/petstore.yaml and features-3.1.yaml): random valid requests
 * reach the handler with the right values and types; random invalid ones get
 * a 4xx problem+json; nothing answers 500 or crashes; heap use stays bounded
 * over 10,000 requests.
 *
 * Requests go through `app.inject` (no sockets: fast and deterministic); a
 * few also go over real HTTP on 127.0.0.1.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListener, type Listener } from '../../runtime/src/server/index.js';
import { register as registerFeatures, type Handlers as FeatureHandlers } from '../golden/features-3.1/server.js';
import { register as registerPetstore, type Handlers as PetstoreHandlers } from '../golden/petstore/server.js';
import { prototypeIsClean } from './helpers.js';

const RUNS = 150;
let server: Listener;
let app: FastifyInstance;
let last: { op: string; req: any } | undefined;
let handled = 0;

const petstore: PetstoreHandlers = {
  async listPets(req) {
    last = { op: 'listPets', req };
    handled++;
    return { status: 200, body: [] };
  },
  async createPet(req) {
    last = { op: 'createPet', req };
    handled++;
    return { status: 201, body: { ...req.body, id: 1 } };
  },
  async getPet(req) {
    last = { op: 'getPet', req };
    handled++;
    return { status: 200, body: { id: req.path.petId, name: 'x' } };
  },
  async deletePet(req) {
    last = { op: 'deletePet', req };
    handled++;
    return { status: 204 };
  },
  async uploadPhoto(req) {
    last = { op: 'uploadPhoto', req };
    handled++;
    return { status: 204 };
  },
};
const features: FeatureHandlers = {
  async getItem(req) {
    last = { op: 'getItem', req };
    handled++;
    return { status: 200, body: { id: req.path.id, kind: 'item', name: null } };
  },
  async putItem(req) {
    last = { op: 'putItem', req };
    handled++;
    return { status: 200, body: { id: req.path.id, kind: 'item', name: 'stored' } };
  },
  async itemsOptions() {
    return { status: 204, headers: { Allow: 'GET' } };
  },
  async itemsHead() {
    return { status: 200 };
  },
  async itemsTrace() {
    return { status: 200, body: Buffer.from('TRACE /items HTTP/1.1') };
  },
};

beforeAll(async () => {
  server = await createListener({ bodyLimit: 64 * 1024 }, async (a) => {
    await a.register((s) => registerPetstore(s, petstore, { prefix: '/v1', security: { apiKey: { keys: ['k'] }, bearerAuth: { verify: (t: string) => t === 'good' } } }));
    await a.register((s) => registerFeatures(s, features), { prefix: '/f' });
  });
  app = server;
});
afterAll(async () => {
  await server?.close();
});

type Req = { method: string; url: string; headers?: Record<string, string>; payload?: string | Buffer };
const send = (r: Req) => app.inject({ method: r.method as 'GET', url: r.url, headers: r.headers ?? {}, ...(r.payload !== undefined ? { payload: r.payload } : {}) });

function expectProblem(res: LightMyRequestResponse, what: unknown): void {
  const msg = `${JSON.stringify(what)?.slice(0, 300)} -> ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, msg).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, msg).toBeLessThan(500);
  expect(res.headers['content-type'], msg).toMatch(/^application\/problem\+json/);
  const p = JSON.parse(res.body) as { status: number; type: string };
  expect(p.status).toBe(res.statusCode);
  expect(p.type).toMatch(/^urn:contractgen:problem:/);
}

// ---------------------------------------------------------------- arbitraries
const PET_STATUS = ['available', 'pending', 'sold'] as const;
const text = fc.string({ unit: 'grapheme', maxLength: 20 });
const petBody = fc.record(
  { name: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), tag: fc.option(text, { nil: null }), status: fc.constantFrom(...PET_STATUS) },
  { requiredKeys: ['name'] },
);
const slug = fc.stringMatching(/^[a-z0-9-]{1,20}$/);
const item = fc.record(
  {
    id: text,
    kind: fc.constant('item' as const),
    name: fc.option(text, { nil: null }),
    tags: fc.array(text, { maxLength: 5 }),
    price: fc.double({ min: 0.001, max: 1e9, noNaN: true }),
    meta: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k)), fc.oneof(text, fc.integer(), fc.boolean()), { maxKeys: 4 }),
  },
  { requiredKeys: ['id', 'kind', 'name'] },
);

describe('valid requests reach the handler with the right values and types', () => {
  it('listPets: query limit/tags/status', async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }), fc.array(text, { maxLength: 4 }), fc.option(fc.constantFrom(...PET_STATUS), { nil: undefined }), async (limit, tags, status) => {
        const q = new URLSearchParams();
        if (limit !== undefined) q.set('limit', String(limit));
        for (const t of tags) q.append('tags', t);
        if (status) q.set('status', status);
        last = undefined;
        const res = await send({ method: 'GET', url: `/v1/pets?${q}` });
        expect(res.statusCode, res.body).toBe(200);
        expect(last!.op).toBe('listPets');
        const query = last!.req.query;
        expect(query.limit).toBe(limit ?? 20); // default applied, coerced to a number
        expect(query.tags).toEqual(tags.length ? tags : undefined);
        expect(query.status).toBe(status);
      }),
      { numRuns: RUNS },
    );
  });

  it('createPet: JSON body and a uuid header', async () => {
    await fc.assert(
      fc.asyncProperty(petBody, fc.option(fc.uuid(), { nil: undefined }), async (body, requestId) => {
        last = undefined;
        const res = await send({ method: 'POST', url: '/v1/pets', headers: { 'content-type': 'application/json', 'x-api-key': 'k', ...(requestId ? { 'x-request-id': requestId } : {}) }, payload: JSON.stringify(body) });
        expect(res.statusCode, res.body).toBe(201);
        expect(last!.req.body).toEqual(body);
        expect(last!.req.headers?.['X-Request-Id']).toBe(requestId);
        expect(JSON.parse(res.body)).toEqual({ ...body, id: 1 });
      }),
      { numRuns: RUNS },
    );
  });

  it('getPet / deletePet: integer path parameter, two security schemes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), fc.boolean(), async (petId, bearer) => {
        const auth = bearer ? { authorization: 'Bearer good' } : { 'x-api-key': 'k' };
        const get = await send({ method: 'GET', url: `/v1/pets/${petId}`, headers: { 'x-api-key': 'k' } });
        expect(get.statusCode, get.body).toBe(200);
        expect(last!.req.path.petId).toBe(petId);
        const del = await send({ method: 'DELETE', url: `/v1/pets/${petId}`, headers: auth });
        expect(del.statusCode, del.body).toBe(204);
        expect(last!.req.auth.scheme).toBe(bearer ? 'bearerAuth' : 'apiKey');
      }),
      { numRuns: RUNS },
    );
  });

  it('getItem: pattern path, form explode=false array, deepObject, cookie', async () => {
    await fc.assert(
      fc.asyncProperty(slug, fc.array(fc.stringMatching(/^[A-Za-z0-9_.~-]{1,8}$/), { minLength: 1, maxLength: 4 }), fc.record({ kind: slug, min: fc.integer() }), slug, async (id, fields, filter, session) => {
        const url = `/f/items/${id}?fields=${fields.join(',')}&filter[kind]=${filter.kind}&filter[min]=${filter.min}`;
        const res = await send({ method: 'GET', url, headers: { cookie: `session=${session}` } });
        expect(res.statusCode, res.body).toBe(200);
        expect(last!.req).toMatchObject({ path: { id }, query: { fields, filter }, cookies: { session } });
      }),
      { numRuns: RUNS },
    );
  });

  it('putItem: JSON, form and text bodies, with contentType set', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          item.map((body) => ({ ct: 'application/json', payload: JSON.stringify(body), expected: body })),
          fc.record({ name: text, count: fc.integer() }).map((b) => ({ ct: 'application/x-www-form-urlencoded', payload: new URLSearchParams({ name: b.name, count: String(b.count) }).toString(), expected: b })),
          text.map((t) => ({ ct: 'text/plain', payload: t, expected: t })),
        ),
        async ({ ct, payload, expected }) => {
          const res = await send({ method: 'PUT', url: '/f/items/abc', headers: { 'content-type': ct }, payload });
          if (ct === 'text/plain' && payload === '') {
            expect(res.statusCode).toBe(400); // an empty body for a required body
            return;
          }
          expect(res.statusCode, res.body).toBe(200);
          expect(last!.req.contentType).toBe(ct);
          expect(last!.req.body).toEqual(expected);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------- invalid requests
// Number() would read '0x10' as 16, '0b1' as 1 and ' 7' as 7: the runtime's strict integer syntax must refuse them.
const NOT_INTEGERS = ['abc', '1.5', '', '1e400', 'NaN', '--1', '１', 'Infinity', '1,2', '0x10', '0X1F', '0b1', '0o7', ' 7', '7 ', '1_000'];
const notAnInteger = fc.oneof(fc.constantFrom(...NOT_INTEGERS), fc.double({ noInteger: true }).map(String));
const invalid: fc.Arbitrary<{ why: string; req: Req }> = fc.oneof(
  notAnInteger.map((v) => ({ why: 'limit not an integer', req: { method: 'GET', url: `/v1/pets?limit=${encodeURIComponent(v)}` } })),
  fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 101 })).map((v) => ({ why: 'limit out of range', req: { method: 'GET', url: `/v1/pets?limit=${v}` } })),
  text.filter((s) => !PET_STATUS.includes(s as never)).map((v) => ({ why: 'status not in enum', req: { method: 'GET', url: `/v1/pets?status=${encodeURIComponent(v)}` } })),
  notAnInteger.filter((v) => v !== '').map((v) => ({ why: 'petId not an integer', req: { method: 'GET', url: `/v1/pets/${encodeURIComponent(v)}`, headers: { 'x-api-key': 'k' } } })),
  fc.string({ minLength: 1 }).filter((s) => !/^[a-z0-9-]+$/.test(s)).map((v) => ({ why: 'id breaks its pattern', req: { method: 'GET', url: `/f/items/${encodeURIComponent(v)}` } })),
  fc.string().filter((v) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) && /^[\x21-\x7e]+$/.test(v)).map((v) => ({ why: 'X-Request-Id not a uuid', req: json('/v1/pets', { name: 'a' }, { 'x-request-id': v }) })),
  fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant(''), fc.array(text)).map((name) => ({ why: 'name wrong type / too short', req: json('/v1/pets', { name }) })),
  fc.record({ tag: text }).map((b) => ({ why: 'missing required name', req: json('/v1/pets', b) })),
  petBody.map((b) => ({ why: 'readOnly id sent (forbidden in requests)', req: json('/v1/pets', { ...b, id: 5 }) })),
  item.map((b) => ({ why: 'Item without kind', req: { ...json('/f/items/a', { ...b, kind: undefined }), method: 'PUT' } })),
  item.chain((b) => fc.double({ max: 0, noNaN: true }).map((price) => ({ why: 'price not > 0', req: { ...json('/f/items/a', { ...b, price }), method: 'PUT' } }))),
  item.map((b) => ({ why: 'meta value an object', req: { ...json('/f/items/a', { ...b, meta: { x: { y: 1 } } }), method: 'PUT' } })),
  fc.constantFrom('{', '{"name":', '[', 'nul', '{"name":"a"}}', '\u0000', '{"name":"\\ud800"}x', "{'name':'a'}").map((payload) => ({ why: 'malformed JSON', req: { method: 'POST', url: '/v1/pets', headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, payload } })),
  fc.constantFrom(Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), Buffer.from([0xc3, 0x28])).map((payload) => ({ why: 'invalid UTF-8', req: { method: 'POST', url: '/v1/pets', headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, payload } })),
  fc.constantFrom('%', '%E0%A4%A', '%ZZ', '%C0%AF', '%FF').map((v) => ({ why: 'bad percent-encoding', req: { method: 'GET', url: `/v1/pets?limit=${v}` } })),
  fc.constantFrom('text/plain', 'application/xml', 'application/json-patch', 'multipart/form-data; boundary=x', '', 'application/x-www-form-urlencoded').map((ct) => ({ why: 'content type not accepted', req: { method: 'POST', url: '/v1/pets', headers: { 'content-type': ct, 'x-api-key': 'k' }, payload: '{"name":"a"}' } })),
  fc.integer({ min: 65 * 1024, max: 200 * 1024 }).map((n) => ({ why: 'oversize body', req: json('/v1/pets', { name: 'x'.repeat(n) }) })),
  fc.integer({ min: 1000, max: 20_000 }).map((d) => ({ why: 'deeply nested name', req: json('/v1/pets', `{"name":${'['.repeat(d)}${']'.repeat(d)}}`) })),
  fc.constantFrom('{"name":"a","__proto__":{"polluted":1}}', '{"name":"a","constructor":{"prototype":{"polluted":1}}}', '{"name":"a","tag":{"__proto__":{"polluted":1}}}').map((payload) => ({ why: 'prototype pollution in JSON', req: json('/v1/pets', payload) })),
  fc.constantFrom('filter[__proto__][polluted]=1&filter[min]=x', 'filter[constructor][prototype][polluted]=1&filter[min]=[]').map((q) => ({ why: 'prototype pollution in deepObject', req: { method: 'GET', url: `/f/items/a?${q}` } })),
  fc.constantFrom('__proto__=x&count=no', 'constructor[prototype][polluted]=1&count=1.5').map((payload) => ({ why: 'prototype pollution in a form', req: { method: 'PUT', url: '/f/items/a', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload } })),
  fc.constantFrom('GET', 'PATCH', 'POST').map((method) => ({ why: 'method not allowed', req: { method: method === 'GET' ? 'PATCH' : method, url: '/f/items/a' } })),
  fc.constantFrom('image/png', 'application/xml', 'text/html').map((accept) => ({ why: 'Accept not producible', req: { method: 'GET', url: '/v1/pets', headers: { accept } } })),
  fc.constantFrom({}, { 'x-api-key': 'wrong' }, { authorization: 'Bearer bad' }, { authorization: 'Basic Zm9vOmJhcg==' }).map((headers) => ({ why: 'missing or bad credentials', req: { method: 'DELETE', url: '/v1/pets/1', headers } })),
);
function json(url: string, body: unknown, headers: Record<string, string> = {}): Req {
  return { method: 'POST', url, headers: { 'content-type': 'application/json', 'x-api-key': 'k', ...headers }, payload: typeof body === 'string' ? body : JSON.stringify(body) };
}

describe('invalid requests get a 4xx problem+json, never reach the handler, never 500', () => {
  it('random invalid requests', async () => {
    await fc.assert(
      fc.asyncProperty(invalid, async ({ why, req }) => {
        const before = handled;
        const res = await send(req);
        expectProblem(res, { why, url: req.url, payload: String(req.payload ?? '').slice(0, 100) });
        expect(handled, why).toBe(before);
        expect(prototypeIsClean(), why).toBe(true);
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it.each(NOT_INTEGERS)('an integer query and path parameter refuse %j (every one, not only a random sample)', async (v) => {
    const before = handled;
    for (const url of [`/v1/pets?limit=${encodeURIComponent(v)}`, ...(v === '' ? [] : [`/v1/pets/${encodeURIComponent(v)}`])]) {
      const res = await send({ method: 'GET', url, headers: { 'x-api-key': 'k' } });
      expectProblem(res, { url });
      expect(res.statusCode, url).toBe(400);
    }
    expect(handled).toBe(before);
  });

  it('arbitrary bytes as a body, arbitrary headers and paths: never a 500, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/v1/pets', '/f/items/a', '/v1/pets/1', '/v1/pets/1/photo'),
        fc.constantFrom('POST', 'PUT', 'GET', 'DELETE'),
        fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=b', 'application/octet-stream'),
        fc.uint8Array({ maxLength: 300 }),
        async (url, method, ct, bytes) => {
          const res = await send({ method, url, headers: { 'content-type': ct, 'x-api-key': 'k' }, payload: Buffer.from(bytes) });
          expect(res.statusCode, `${method} ${url} ${ct}: ${res.body}`).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS * 2 },
    );
    expect(prototypeIsClean()).toBe(true);
  });

  it('over real HTTP too (a sample)', async () => {
    const samples = fc.sample(invalid, { numRuns: 40, seed: 42 });
    for (const { why, req } of samples) {
      const res = await fetch(`${server.url}${req.url}`, { method: req.method, headers: req.headers ?? {}, ...(req.payload !== undefined ? { body: typeof req.payload === 'string' ? req.payload : new Uint8Array(req.payload) } : {}) });
      const body = await res.text();
      expect(res.status, `${why}: ${body}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${why}: ${body}`).toBeLessThan(500);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });
});

/** `gc()` even without --expose-gc (V8 flag set at run time; the function fetched from a fresh context). */
function getGc(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

describe('memory', () => {
  it('heap use stays bounded across 10,000 mixed requests', async () => {
    const gc = getGc();
    const valid = fc.sample(petBody, { numRuns: 50, seed: 1 }).map((b) => json('/v1/pets', b));
    const bad = fc.sample(invalid, { numRuns: 50, seed: 2 }).map((x) => x.req);
    const mix = [...valid, ...bad, { method: 'GET', url: '/v1/pets?limit=5&tags=a&tags=b' }, { method: 'GET', url: '/f/items/a-b?fields=x,y&filter[min]=3', headers: { cookie: 'session=s' } }];
    const round = async (n: number) => {
      for (let i = 0; i < n; i += 50) await Promise.all(mix.slice(0, 50).map((_, j) => send(mix[(i + j) % mix.length]!)));
    };
    await round(1000); // warm up: compiled validators, JIT, pools
    gc();
    gc();
    const before = process.memoryUsage().heapUsed;
    await round(10_000);
    gc();
    gc();
    const after = process.memoryUsage().heapUsed;
    // A leak of even 2 kB per request would add 20 MB; allow 16 MB of noise.
    expect((after - before) / 1024 / 1024).toBeLessThan(16);
  }, 180_000);
});
