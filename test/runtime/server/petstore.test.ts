import { generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListener, HttpError, registerOperations, type Handler, type Listener } from '../../../runtime/src/server/index.js';
import { petstore } from './fixtures/petstore.js';

let server: Listener;
let privateKey: CryptoKey;
let otherKey: CryptoKey;
const logs: string[] = [];

type Pet = { id: number; name: string; tag?: string | null; status?: string; secret?: string };
const pets = new Map<number, Pet>([[1, { id: 1, name: 'Rex', tag: null, status: 'available', secret: 'hidden' }]]);

const handlers: Record<string, Handler> = {
  listPets: async (req: { query: { limit: number; status?: string } }) => {
    const all = [...pets.values()].filter((p) => !req.query.status || p.status === req.query.status).slice(0, req.query.limit);
    return { status: 200, body: all, headers: { 'X-Total': all.length, 'X-Limit': req.query.limit } };
  },
  createPet: async (req: { body: Pet; auth: { scheme: string; claims: { sub: string } } }) => {
    const id = pets.size + 1;
    const pet = { ...req.body, id, tag: req.auth.claims.sub };
    pets.set(id, pet);
    return { status: 201, body: pet };
  },
  getPet: async (req: { path: { petId: number }; auth: Record<string, unknown> }, ctx) => {
    const pet = pets.get(req.path.petId);
    if (!pet) throw new HttpError(404, { code: 404, message: `pet ${req.path.petId} not found` });
    if (ctx.request.headers.accept === 'text/plain') return { status: 200, contentType: 'text/plain', body: pet.name };
    return { status: 200, body: pet, headers: { 'X-Auth': String(req.auth['scheme']) } };
  },
  headPet: async (req: { path: { petId: number } }) =>
    pets.has(req.path.petId) ? { status: 200, headers: { 'X-Exists': true } } : { status: 404 },
  deletePet: async (req: { path: { petId: number } }) => {
    pets.delete(req.path.petId);
    return { status: 204 };
  },
  adminReset: async () => ({ status: 204 }),
};

async function token(claims: Record<string, unknown>, opts: { key?: CryptoKey; exp?: string | number } = {}): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }).setIssuer('https://issuer.test').setAudience('petstore').setIssuedAt();
  jwt.setExpirationTime(opts.exp ?? '5m');
  return jwt.sign(opts.key ?? privateKey);
}

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  privateKey = pair.privateKey;
  otherKey = (await generateKeyPair('ES256')).privateKey;
  const jwt = { key: pair.publicKey, issuer: 'https://issuer.test', audience: 'petstore', algorithms: ['ES256', 'none'] };
  server = await createListener(
    { logger: { level: 'warn', stream: { write: (line: string) => void logs.push(line) } } },
    (app) =>
      registerOperations(app, petstore, handlers, {
        security: {
          basicAuth: { verify: (user: string, pass: string) => (user === 'alice' && pass === 's3cr:et' ? { role: 'admin' } : false) },
          bearerAuth: { jwt },
          apiKeyHeader: { keys: ['k-header-1', 'k-header-2'] },
          apiKeyQuery: { keys: ['k-query'] },
          apiKeyCookie: { verify: (key: string) => key === 'k-cookie' && { owner: 'carol' } },
          oauth: { jwt },
        },
      }),
  );
});
afterAll(async () => {
  await server?.close();
});

const url = (path: string) => `${server.url}${path}`;
const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

describe('petstore over HTTP', () => {
  it('lists pets with defaults, coercion and declared headers; writeOnly fields are not serialized', async () => {
    const res = await fetch(url('/pets?status=available'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-total')).toBe('1');
    expect(res.headers.get('x-limit')).toBe('20');
    const body = (await res.json()) as Pet[];
    expect(body).toEqual([{ id: 1, name: 'Rex', tag: null, status: 'available' }]);
  });

  it('rejects bad query parameters with a 400 problem naming each', async () => {
    const res = await fetch(url('/pets?limit=abc&status=eaten'));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const p = (await res.json()) as { status: number; errors: Array<{ in: string; pointer: string }> };
    expect(p.status).toBe(400);
    expect(p.errors.map((e) => `${e.in}${e.pointer}`).sort()).toEqual(['query/limit', 'query/status']);
  });

  describe('api key, basic (OR of requirements)', () => {
    it('accepts an api key in a header, the query or a cookie, and basic credentials', async () => {
      const viaHeader = await fetch(url('/pets/1'), { headers: { 'x-api-key': 'k-header-2' } });
      expect(viaHeader.status).toBe(200);
      expect(viaHeader.headers.get('x-auth')).toBe('apiKeyHeader');
      const viaQuery = await fetch(url('/pets/1?api_key=k-query'));
      expect(viaQuery.headers.get('x-auth')).toBe('apiKeyQuery');
      const viaCookie = await fetch(url('/pets/1'), { headers: { cookie: 'other=1; key=k-cookie' } });
      expect(viaCookie.headers.get('x-auth')).toBe('apiKeyCookie');
      const viaBasic = await fetch(url('/pets/1'), { headers: { authorization: basic('alice', 's3cr:et') } });
      expect(viaBasic.status).toBe(200);
      expect(viaBasic.headers.get('x-auth')).toBe('basicAuth');
      expect(await viaBasic.json()).toEqual({ id: 1, name: 'Rex', tag: null, status: 'available' });
    });

    it('answers 401 with WWW-Authenticate when missing or wrong', async () => {
      for (const headers of [{}, { 'x-api-key': 'nope' }, { authorization: basic('alice', 'wrong') }, { cookie: 'key=bad' }]) {
        const res = await fetch(url('/pets/1'), { headers });
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toMatch(/problem\+json/);
        expect(res.headers.get('www-authenticate')).toContain('Basic realm="Petstore"');
      }
    });

    it('negotiates text/plain and maps HttpError to a declared 404', async () => {
      const text = await fetch(url('/pets/1'), { headers: { 'x-api-key': 'k-header-1', accept: 'text/plain' } });
      expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await text.text()).toBe('Rex');
      const missing = await fetch(url('/pets/99'), { headers: { 'x-api-key': 'k-header-1' } });
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ code: 404, message: 'pet 99 not found' });
    });

    it('406 when Accept matches no declared media type', async () => {
      const res = await fetch(url('/pets/1'), { headers: { 'x-api-key': 'k-header-1', accept: 'application/xml' } });
      expect(res.status).toBe(406);
    });

    it('400 for a path parameter of the wrong type', async () => {
      const res = await fetch(url('/pets/abc'), { headers: { 'x-api-key': 'k-header-1' } });
      expect(res.status).toBe(400);
      const p = (await res.json()) as { errors: Array<{ in: string; pointer: string }> };
      expect(p.errors[0]).toMatchObject({ in: 'path', pointer: '/petId' });
    });
  });

  describe('bearer JWT', () => {
    it('creates a pet with a valid token; claims reach the handler', async () => {
      const res = await fetch(url('/pets'), {
        method: 'POST',
        headers: { authorization: `Bearer ${await token({ sub: 'bob' })}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Tom', status: 'pending', secret: 'pw' }),
      });
      expect(res.status).toBe(201);
      const pet = (await res.json()) as Pet;
      expect(pet).toMatchObject({ name: 'Tom', tag: 'bob', status: 'pending' });
      expect(pet.secret).toBeUndefined();
    });

    it('rejects missing, wrongly signed, expired and alg:none tokens with 401', async () => {
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
        JSON.stringify({ sub: 'eve', iss: 'https://issuer.test', aud: 'petstore', exp: Math.floor(Date.now() / 1000) + 300 }),
      ).toString('base64url')}.`;
      const cases = [undefined, await token({ sub: 'x' }, { key: otherKey }), await token({ sub: 'x' }, { exp: Math.floor(Date.now() / 1000) - 60 }), none, 'garbage'];
      for (const t of cases) {
        const res = await fetch(url('/pets'), {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(t ? { authorization: `Bearer ${t}` } : {}) },
          body: JSON.stringify({ name: 'Evil' }),
        });
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
      const expired = await fetch(url('/pets'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await token({}, { exp: Math.floor(Date.now() / 1000) - 60 })}` },
        body: '{"name":"x"}',
      });
      expect(((await expired.json()) as { detail: string }).detail).toBe('token expired');
    });

    it('rejects a readOnly property in the request body with 400', async () => {
      const res = await fetch(url('/pets'), {
        method: 'POST',
        headers: { authorization: `Bearer ${await token({ sub: 'bob' })}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id: 7, name: 'Tom' }),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { errors: unknown[] }).errors).toEqual([{ in: 'body', pointer: '/id', message: 'is read-only' }]);
    });
  });

  describe('oauth2 scopes', () => {
    it('204 with the scope, 403 without it, 401 without a token', async () => {
      pets.set(50, { id: 50, name: 'Gone' });
      const ok = await fetch(url('/pets/50'), { method: 'DELETE', headers: { authorization: `Bearer ${await token({ scope: 'pets:read pets:write' })}` } });
      expect(ok.status).toBe(204);
      expect(pets.has(50)).toBe(false);
      const scp = await fetch(url('/pets/50'), { method: 'DELETE', headers: { authorization: `Bearer ${await token({ scp: ['pets:write'] })}` } });
      expect(scp.status).toBe(204);
      const forbidden = await fetch(url('/pets/1'), { method: 'DELETE', headers: { authorization: `Bearer ${await token({ scope: 'pets:read' })}` } });
      expect(forbidden.status).toBe(403);
      expect(((await forbidden.json()) as { detail: string }).detail).toContain('pets:write');
      expect(pets.has(1)).toBe(true);
      const anonymous = await fetch(url('/pets/1'), { method: 'DELETE' });
      expect(anonymous.status).toBe(401);
    });
  });

  it('fails closed (401) for a scheme with no configured handler, and warned at registration', async () => {
    const res = await fetch(url('/admin/reset'), { method: 'POST', headers: { authorization: 'Bearer anything' } });
    expect(res.status).toBe(401);
    expect(logs.some((l) => l.includes("unconfigured"))).toBe(true);
  });

  it('serves a spec HEAD operation (not Fastify’s automatic HEAD)', async () => {
    const hit = await fetch(url('/pets/1'), { method: 'HEAD' });
    expect(hit.status).toBe(200);
    expect(hit.headers.get('x-exists')).toBe('true');
    const miss = await fetch(url('/pets/42'), { method: 'HEAD' });
    expect(miss.status).toBe(404);
  });

  it('405 with Allow for a wrong method; 404 problem for an unknown path', async () => {
    const res = await fetch(url('/pets'), { method: 'PUT' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
    const item = await fetch(url('/pets/1'), { method: 'PATCH' });
    expect(item.status).toBe(405);
    expect(item.headers.get('allow')).toBe('GET, HEAD, DELETE, OPTIONS');
    const nf = await fetch(url('/nothing/here'));
    expect(nf.status).toBe(404);
    expect(nf.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
