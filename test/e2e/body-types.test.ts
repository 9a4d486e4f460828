/**
 * End to end: the generated body-types server and client agree with their types (issue 12.1,
 * 12.2, 12.4, 12.8, 12.11) — the runtime does at run time what the generated types promise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListener } from '../../runtime/src/server/index.js';
import { Client } from '../golden/body-types/client.js';
import * as generated from '../golden/body-types/client.js';
import { CLIENT_FORMS, clientFactory } from '../helpers/client-forms.js';
import { register, type Handlers } from '../golden/body-types/server.js';
import type * as T from '../golden/body-types/types.js';

const seen: unknown[] = [];
const handlers: Handlers = {
  async addPet(req) {
    seen.push({ contentType: req.contentType ?? 'application/xml', body: req.body });
    // an object without contentType: the server answers JSON (it never writes an object as XML)
    if (req.contentType === 'application/json') return { status: 200, body: req.body };
    return { status: 200, body: req.body.replace('Rex', 'Max') };
  },
  async putNotes(req) {
    seen.push(req.body);
    return { status: 204 };
  },
  async getInfo() {
    return { status: 200, body: { title: 'x', contact: { name: 'Ann', urls: ['a', 'b'], nested: { deep: true } }, extensions: {} } };
  },
  async putInfo(req) {
    seen.push(req.body);
    return { status: 204 };
  },
  async getCount() {
    return { status: 200, body: 12 };
  },
  async setRatio(req) {
    seen.push(req.body);
    return { status: 200, body: req.body > 0.5 };
  },
  async getReport() {
    return { status: 200, body: { title: 'Q3', pages: 4, file: new TextEncoder().encode('%PDF'), meta: { author: 'Ann' } } };
  },
  async placeOrder(req) {
    seen.push({ query: req.query, body: req.body });
    return { status: 201, body: req.body };
  },
  async addItem(req) {
    seen.push(req.body);
    return { status: 204 };
  },
};

let server: Awaited<ReturnType<typeof createListener>>;
let client: Client;
// every test runs through both forms of the client: new Client(...) and createClient + the functions
for (const form of CLIENT_FORMS) {
  describe(form, () => {
    const newClient = clientFactory(generated, form);
    beforeAll(async () => {
      server = await createListener({ port: 0 }, (app) => register(app, handlers));
      client = newClient({ baseUrl: server.url });
    });
    afterAll(async () => {
      await server?.close();
    });

    describe('generated body types hold at run time', () => {
      it('12.4: defaults left out by the client are present in the handler and the response', async () => {
        const res = await client.placeOrder({ body: { items: [{ sku: 'a' }] } });
        expect(seen.at(-1)).toEqual({ query: { dryRun: false }, body: { status: 'placed', items: [{ sku: 'a', quantity: 1 }] } });
        expect(res).toMatchObject({ status: 201, body: { status: 'placed', items: [{ sku: 'a', quantity: 1 }] } });
        await client.addItem({ path: { orderId: 'o1' }, body: { sku: 'b', gift: {} } });
        expect(seen.at(-1)).toEqual({ sku: 'b', quantity: 1, gift: { paper: 'plain' } });
      });

      it('12.1: a free-form request body keeps every property', async () => {
        await client.putInfo({ body: { any: 1, thing: ['x'] } });
        expect(seen.at(-1)).toEqual({ any: 1, thing: ['x'] });
      });

      it('12.1: a free-form object in a response keeps every property', async () => {
        const res = await client.getInfo();
        expect(res).toMatchObject({ status: 200, body: { contact: { name: 'Ann', urls: ['a', 'b'], nested: { deep: true } } } });
      });

      it('12.2: an XML request body is its text; JSON stays JSON', async () => {
        await client.addPet({ body: '<pet><name>Rex</name></pet>' }).catch(() => undefined);
        expect(seen.at(-1)).toEqual({ contentType: 'application/xml', body: '<pet><name>Rex</name></pet>' });
        const json = await client.addPet({ contentType: 'application/json', body: { name: 'Rex' } });
        expect(json).toMatchObject({ status: 200, body: { name: 'Rex' } });
      });

      it('12.2: an XML response body is the handler\'s text', async () => {
        const xml = await client.addPet({ body: '<pet><name>Rex</name></pet>' });
        expect(xml).toMatchObject({ status: 200, body: '<pet><name>Max</name></pet>' });
      });

      it('12.8: text bodies with number/boolean schemas carry those values', async () => {
        const count = await client.getCount();
        expect(count).toMatchObject({ status: 200, body: 12 });
        const ratio = await client.setRatio({ body: 0.75 });
        expect(seen.at(-1)).toBe(0.75);
        expect(ratio).toMatchObject({ status: 200, body: true });
      });

      it('12.11: a multipart response arrives as the schema object, the file part as a File', async () => {
        const res = await client.getReport();
        expect(res.status).toBe(200);
        const body = res.body as T.GetReportResponse200['body'];
        expect(body).toMatchObject({ title: 'Q3', pages: 4, meta: { author: 'Ann' } });
        expect(body.file).toBeInstanceOf(Blob);
        expect(await (body.file as Blob).text()).toBe('%PDF');
      });
    });
  });
}
