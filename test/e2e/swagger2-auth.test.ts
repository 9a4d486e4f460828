/**
 * End to end on the upgraded Swagger 2.0 Petstore: Basic, API key in the query,
 * and OAuth2 client credentials against a local token endpoint — driven by the
 * generated client, enforced by the generated server.
 */
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListener } from '../../runtime/src/server/index.js';
import { Client } from '../golden/petstore-swagger2/client.js';
import * as generated from '../golden/petstore-swagger2/client.js';
import { CLIENT_FORMS, clientFactory } from '../helpers/client-forms.js';
import { register, type Handlers } from '../golden/petstore-swagger2/server.js';
import { documented } from '../helpers/assert.js';
import { ROOT, typecheck } from '../helpers/generated.js';

const handlers: Handlers = {
  async listPets(req) {
    return { status: 200, body: [{ id: 1, name: `scope:${String((req.auth as { scopes?: string[] } | undefined)?.scopes)}` }] };
  },
  async createPets(req) {
    return req.body.name ? { status: 201 } : { status: 400, body: { code: 400, message: 'name' } };
  },
  async showPetById(req) {
    return { status: 200, body: [{ id: Number(req.path.petId), name: 'Rex' }] };
  },
  async uploadImage(req) {
    return req.body.file instanceof Blob && req.body.file.size === 3 ? { status: 204 } : { status: 500, body: { code: 500, message: 'no file' } } as never;
  },
};

let server: Awaited<ReturnType<typeof createListener>>;
let tokenServer = Fastify();
let tokenUrl = '';
const tokenRequests: Array<{ auth: string | undefined; body: Record<string, string> }> = [];

// every test runs through both forms of the client: new Client(...) and createClient + the functions
for (const form of CLIENT_FORMS) {
  describe(form, () => {
    const newClient = clientFactory(generated, form);
    beforeAll(async () => {
      tokenServer = Fastify();
      tokenRequests.length = 0;
      tokenServer.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
      tokenServer.post('/oauth/token', async (req) => {
        tokenRequests.push({ auth: req.headers.authorization, body: req.body as Record<string, string> });
        await new Promise((r) => setTimeout(r, 20)); // concurrent first calls overlap this request
        return { access_token: `tok-${tokenRequests.length}`, token_type: 'Bearer', expires_in: 3600 };
      });
      tokenUrl = `${await tokenServer.listen({ port: 0, host: '127.0.0.1' })}/oauth/token`;
      server = await createListener({ port: 0 }, (app) =>
        register(app, handlers, {
          prefix: '/v1',
          security: {
            basicAuth: { verify: (user: string, password: string) => (user === 'ann' && password === 'pw' ? { user } : false) },
            api_key: { keys: ['qk'] },
            oauth: { verify: (token: string) => (token.startsWith('tok-') ? { scopes: ['pets:read'] } : false) },
          },
        }),
      );
    });
    afterAll(async () => {
      await server?.close();
      await tokenServer.close();
    });

    describe('generated Swagger 2.0 server + client: auth schemes', () => {
      it('compiles with a typed handler object', async () => {
        expect(await typecheck([path.join(ROOT, 'test/e2e/swagger2-auth.test.ts')])).toBe('');
      });

      it('OAuth2 client credentials: one token request for concurrent first calls, then cached; scopes reach the handler', async () => {
        const client = newClient({ baseUrl: `${server.url}/v1`, auth: { oauth2: { tokenUrl, clientId: 'cid', clientSecret: 'secret' } } });
        const results = await Promise.all(Array.from({ length: 5 }, () => client.listPets()));
        expect(results.map((r) => documented(r, 200).body[0]!.name)).toEqual(Array(5).fill('scope:pets:read'));
        expect(tokenRequests).toHaveLength(1);
        expect(tokenRequests[0]!.body).toMatchObject({ grant_type: 'client_credentials', scope: 'pets:read' });
        expect(tokenRequests[0]!.auth).toBe(`Basic ${Buffer.from('cid:secret').toString('base64')}`);
        const again = await client.listPets({ query: { tags: ['a', 'b'] } });
        expect(tokenRequests).toHaveLength(1);
        expect(documented(again, 200).body[0]!.name).toBe('scope:pets:read');
      });

      it('Basic: right credentials pass, wrong ones get 401 (an undocumented problem+json, not the spec Error)', async () => {
        const ok = newClient({ baseUrl: `${server.url}/v1`, auth: { basic: { username: 'ann', password: 'pw' } } });
        expect((await ok.createPets({ body: { id: 1, name: 'Rex' } })).status).toBe(201);
        const bad = newClient({ baseUrl: `${server.url}/v1`, auth: { basic: { username: 'ann', password: 'nope' } } });
        const denied = await bad.createPets({ body: { id: 1, name: 'Rex' } });
        expect(denied.status).toBe(401);
        expect(denied.documented).toBe(false); // the spec's default is application/json Error; the runtime answers problem+json
        expect(denied.raw?.headers.get('www-authenticate')).toMatch(/^Basic/);
      });

      it('API key in the query', async () => {
        const client = newClient({ baseUrl: `${server.url}/v1`, auth: { apiKey: 'qk' } });
        const res = await client.showPetById({ path: { petId: '7' } });
        expect(documented(res, 200).body[0]).toEqual({ id: 7, name: 'Rex' });
        expect((await newClient({ baseUrl: `${server.url}/v1`, auth: { apiKey: 'wrong' } }).showPetById({ path: { petId: '7' } })).status).toBe(401);
      });

      it('formData file upload (Swagger 2.0 type: file) becomes multipart', async () => {
        const client = newClient({ baseUrl: `${server.url}/v1` });
        const res = await client.uploadImage({ path: { petId: '1' }, body: { file: new Blob([new Uint8Array([1, 2, 3])]), note: 'n' } });
        expect(res.status).toBe(204);
      });
    });
  });
}
