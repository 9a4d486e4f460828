/** End to end: the generated features-3.1 server and client (styles, media types, every method). */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListener } from '../../runtime/src/server/index.js';
import { Client } from '../golden/features-3.1/client.js';
import * as generated from '../golden/features-3.1/client.js';
import { CLIENT_FORMS, clientFactory } from '../helpers/client-forms.js';
import { register } from '../golden/features-3.1/server.js';
import { documented } from '../helpers/assert.js';
import { ROOT, typecheck } from '../helpers/generated.js';
import { createFeatureHandlers } from './features-handlers.js';

let server: Awaited<ReturnType<typeof createListener>>;
let handlers: ReturnType<typeof createFeatureHandlers>;
let client: Client;

// every test runs through both forms of the client: new Client(...) and createClient + the functions
for (const form of CLIENT_FORMS) {
  describe(form, () => {
    const newClient = clientFactory(generated, form);
    beforeAll(async () => {
      handlers = createFeatureHandlers();
      server = await createListener({ port: 0 }, (app) => register(app, handlers));
      client = newClient({ baseUrl: server.url });
    });
    afterAll(async () => {
      await server?.close();
    });

    describe('generated features-3.1 server + client', () => {
      it('the handler file type-checks against the generated Handlers', async () => {
        expect(await typecheck([path.join(ROOT, 'test/e2e/features-handlers.ts')])).toBe('');
      });

      it('serializes and decodes form explode=false arrays, deepObject and cookies', async () => {
        const res = await client.getItem({ path: { id: 'a-1' }, query: { fields: ['name', 'price'], filter: { kind: 'item', min: 2 } }, cookies: { session: 's 1;x' } });
        expect(documented(res, 200).body.name).toBe('first');
        expect(handlers.seen.at(-1)).toEqual({ path: { id: 'a-1' }, query: { fields: ['name', 'price'], filter: { kind: 'item', min: 2 } }, cookies: { session: 's 1;x' } });
        // the wire format is the spec's: fields=name,price and filter[kind]=item
        const raw = await fetch(`${server.url}/items/a-1?fields=name,price&filter[min]=3`);
        expect(raw.status).toBe(200);
        expect(handlers.seen.at(-1)).toMatchObject({ query: { fields: ['name', 'price'], filter: { min: 3 } } });
      });

      it('validates path patterns and deepObject types (400 problem+json)', async () => {
        const badId = await client.getItem({ path: { id: 'NOT VALID' } });
        expect(badId.status).toBe(400);
        const badMin = await fetch(`${server.url}/items/a-1?filter[min]=many`);
        expect(badMin.status).toBe(400);
        expect(((await badMin.json()) as { errors: Array<{ in: string }> }).errors[0]!.in).toBe('query');
      });

      it('a 404 without content has no body', async () => {
        const res = await client.getItem({ path: { id: 'zz' } });
        expect(res).toMatchObject({ status: 404, documented: true, body: undefined });
        expect(res.raw.headers.get('content-type')).toBeNull();
      });

      it('one operation, three request media types, two response media types', async () => {
        const item = { id: 'b-2', kind: 'item' as const, name: null, meta: { a: 1, b: 'x', c: true } };
        const json = await client.putItem({ path: { id: 'b-2' }, body: item });
        expect(json).toMatchObject({ status: 200, body: item });
        const text = await client.putItem({ path: { id: 'b-2' }, contentType: 'text/plain', body: 'hello' });
        expect(text.status).toBe(200);
        if (text.status === 200 && text.contentType === 'text/plain') expect(text.body).toBe('stored: hello');
        else throw new Error(`expected a text/plain 200, got ${String(text.contentType)}`);
        const form = await client.putItem({ path: { id: 'b-2' }, contentType: 'application/x-www-form-urlencoded', body: { name: 'n', count: 3 } });
        expect(form.status).toBe(202);
        expect(handlers.seen.at(-1)).toEqual({ contentType: 'application/x-www-form-urlencoded', body: { name: 'n', count: 3 } });
        // const, exclusiveMinimum (3.1 numeric form) and type arrays are enforced
        const bad = await client.putItem({ path: { id: 'b-2' }, body: { ...item, kind: 'other' as 'item', price: 0 } });
        expect(bad.status).toBe(400);
      });

      it('OPTIONS with a required response header, HEAD and TRACE are real operations', async () => {
        const options = await client.itemsOptions();
        expect(documented(options, 204).headers.Allow).toBe('GET, PUT, OPTIONS, HEAD, TRACE');
        expect((await client.itemsHead()).status).toBe(200);
        const trace = documented(await client.itemsTrace(), 200).body;
        expect(trace).toBeInstanceOf(Uint8Array); // message/http is a binary media type: bytes by default
        expect(new TextDecoder().decode(trace as Uint8Array)).toBe('TRACE /items HTTP/1.1');
      });
    });
  });
}
