/**
 * End to end: the generated Petstore server (register + the user's handler file)
 * started with createListener on 127.0.0.1, driven by the generated Client.
 */
import path from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListener } from '../../runtime/src/server/index.js';
import { Client, PetstoreClient } from '../golden/petstore/client.js';
import * as generated from '../golden/petstore/client.js';
import { CLIENT_FORMS, clientFactory, comparable } from '../helpers/client-forms.js';
import { register } from '../golden/petstore/server.js';
import { documented } from '../helpers/assert.js';
import { ROOT, typecheck } from '../helpers/generated.js';
import { createHandlers } from './petstore-handlers.js';

const API_KEY = 'key-123';
const JWT_SECRET = new TextEncoder().encode('a-test-secret-that-is-long-enough-for-hs256');
let server: Awaited<ReturnType<typeof createListener>>;
let handlers: ReturnType<typeof createHandlers>;
let client: Client;

async function token(claims: Record<string, unknown> = {}, expiresIn = '5m'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime(expiresIn).sign(JWT_SECRET);
}

// every test runs through both forms of the client: new Client(...) and createClient + the functions
for (const form of CLIENT_FORMS) {
  describe(form, () => {
    const newClient = clientFactory(generated, form);
    beforeAll(async () => {
      handlers = createHandlers();
      server = await createListener({ host: '127.0.0.1', port: 0 }, (app) =>
        register(app, handlers, {
          prefix: '/v1',
          security: {
            apiKey: { keys: [API_KEY] },
            bearerAuth: { jwt: { key: JWT_SECRET, algorithms: ['HS256'] } },
          },
        }),
      );
      client = newClient({ baseUrl: `${server.url}/v1`, auth: { apiKey: API_KEY } });
    });

    afterAll(async () => {
      await server?.close();
    });

    describe('generated Petstore server + client over HTTP', () => {
      it('the handler file type-checks against the generated Handlers (tsc --strict)', async () => {
        expect(await typecheck([path.join(ROOT, 'test/e2e/petstore-handlers.ts')])).toBe('');
      });

      it('creates, reads, lists and deletes pets through typed unions', async () => {
        expect(PetstoreClient).toBe(Client);
        const created = await client.createPet({ body: { name: 'Rex', tag: 'dog', status: 'available' } });
        expect(created.status).toBe(201);
        if (created.status !== 201) throw new Error('unreachable');
        expect(created.body).toEqual({ id: 1, name: 'Rex', tag: 'dog', status: 'available' });

        const got = await client.getPet({ path: { petId: created.body.id } });
        expect(got).toMatchObject({ status: 200, ok: true, documented: true, body: { name: 'Rex' } });

        const missing = await client.getPet({ path: { petId: 999 } });
        expect(documented(missing, 404).body.detail).toBe('no pet 999');
        expect(missing.ok).toBe(false);

        await client.createPet({ body: { name: 'Tom', tag: 'cat' } });
        const list = await client.listPets({ query: { tags: ['cat'], limit: 10 } });
        expect(documented(list, 200).body.map((p) => p.name)).toEqual(['Tom']);
        expect(documented(list, 200).headers['X-Total-Count']).toBe(1);

        const deleted = await client.deletePet({ path: { petId: 1 } });
        expect(deleted.status).toBe(204);
        expect(handlers.store.has(1)).toBe(false);
        const again = await client.deletePet({ path: { petId: 1 } });
        expect(again.status).toBe(404);
      });

      it('validation failures are 400 problem+json, typed as the documented 4XX member', async () => {
        // name must be non-empty (minLength: 1); the client sends what it is given
        const res = await client.createPet({ body: { name: '' } });
        expect(documented(res, 400).body).toMatchObject({ status: 400, errors: [expect.objectContaining({ in: 'body', pointer: '/name' })] });
        expect(res.contentType).toMatch(/^application\/problem\+json/);
        // readOnly id may not be sent
        const raw = await fetch(`${server.url}/v1/pets`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify({ id: 5, name: 'x' }) });
        expect(raw.status).toBe(400);
        const problem = (await raw.json()) as { errors: Array<{ in: string; pointer: string }> };
        expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'body', pointer: '/id' })]));
        // a path parameter that is not an integer
        const badPath = await fetch(`${server.url}/v1/pets/abc`, { headers: { 'X-API-Key': API_KEY } });
        expect(badPath.status).toBe(400);
        expect(badPath.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      });

      it('enforces security from the spec: public, inherited, OR of requirements', async () => {
        // listPets is public (security: [])
        const anonymous = newClient({ baseUrl: `${server.url}/v1` });
        expect((await anonymous.listPets()).status).toBe(200);
        // createPet inherits the global apiKey requirement
        const denied = await anonymous.createPet({ body: { name: 'Nope' } });
        expect(denied.status).toBe(401);
        const wrongKey = newClient({ baseUrl: `${server.url}/v1`, auth: { apiKey: 'wrong' } });
        expect((await wrongKey.createPet({ body: { name: 'Nope' } })).status).toBe(401);
        // deletePet accepts bearer OR apiKey
        const pet = await client.createPet({ body: { name: 'Temp' } });
        if (pet.status !== 201) throw new Error('create failed');
        const bearer = newClient({ baseUrl: `${server.url}/v1`, auth: { bearer: () => token() } });
        expect((await bearer.deletePet({ path: { petId: pet.body.id } })).status).toBe(204);
        const expired = newClient({ baseUrl: `${server.url}/v1`, auth: { bearer: await token({}, '-1m') } });
        expect((await expired.deletePet({ path: { petId: 1 } })).status).toBe(401);
      });

      it('multipart upload with a file, and a binary body, through the same operation', async () => {
        const pet = await client.createPet({ body: { name: 'Photogenic' } });
        if (pet.status !== 201) throw new Error('create failed');
        const petId = pet.body.id;
        const file = new Blob([new Uint8Array([1, 2, 3, 4])], { type: 'image/png' });
        const multipart = await client.uploadPhoto({ path: { petId }, body: { file, caption: 'smile' } });
        expect(multipart.status).toBe(204);
        expect(handlers.photos.get(petId)).toEqual({ type: 'image/png', size: 4, caption: 'smile' });
        const binary = await client.uploadPhoto({ path: { petId }, contentType: 'application/octet-stream', body: new Uint8Array(10) });
        expect(binary.status).toBe(204);
        expect(handlers.photos.get(petId)).toEqual({ type: 'application/octet-stream', size: 10 });
      });

      it('Client.expect returns the body or throws UnexpectedStatusError with the response', async () => {
        const pets = await client.listPets();
        expect(Array.isArray(Client.expect(pets, 200))).toBe(true);
        const missing = await client.getPet({ path: { petId: 424242 } });
        expect(() => Client.expect(missing, 200)).toThrow(expect.objectContaining({ code: 'CG_UNEXPECTED_STATUS' }));
      });
    });
  });
}

describe('Client and the per-operation functions give identical results', () => {
  it('the same calls on one server: documented, 404, undocumented query, headers, upload', async () => {
    const same = createHandlers();
    const listener = await createListener({ host: '127.0.0.1', port: 0 }, (app) =>
      register(app, same, { prefix: '/v1', security: { apiKey: { keys: [API_KEY] }, bearerAuth: { jwt: { key: JWT_SECRET, algorithms: ['HS256'] } } } }),
    );
    try {
      const options = { baseUrl: `${listener.url}/v1`, auth: { apiKey: API_KEY } };
      const viaClass = new Client(options);
      const api = generated.createClient(options);
      const created = await generated.createPet(api, { body: { name: 'Rex', tag: 'dog' } });
      expect(created.status).toBe(201);
      const pairs: Array<[string, () => Promise<{ headers?: unknown; raw?: unknown }>, () => Promise<{ headers?: unknown; raw?: unknown }>]> = [
        ['getPet 200', () => viaClass.getPet({ path: { petId: 1 } }), () => generated.getPet(api, { path: { petId: 1 } })],
        ['getPet 404', () => viaClass.getPet({ path: { petId: 999 } }), () => generated.getPet(api, { path: { petId: 999 } })],
        ['listPets with headers', () => viaClass.listPets({ query: { tags: ['dog'], limit: 5 } }), () => generated.listPets(api, { query: { tags: ['dog'], limit: 5 } })],
        ['createPet 400', () => viaClass.createPet({ body: { name: '' } }), () => generated.createPet(api, { body: { name: '' } })],
      ];
      for (const [name, a, b] of pairs) expect(comparable(await b()), name).toEqual(comparable(await a()));
      // each operation brings the serializers of the locations it declares, in both forms: getPet declares
      // no query parameter, so an untyped one is refused the same way (never sent under a guessed style)
      const untyped = { path: { petId: 1 }, query: { extra: 'x' } } as unknown as Parameters<typeof viaClass.getPet>[0];
      for (const call of [() => viaClass.getPet(untyped), () => generated.getPet(api, untyped)]) {
        await expect(call()).rejects.toMatchObject({ code: 'CG_INVALID_REQUEST', message: 'getPet: declares no query parameters' });
      }
    } finally {
      await listener.close();
    }
  });
});
