/**
 * Type tests on the generated body types of fixtures/openapi/body-types.yaml (issue 12.1,
 * 12.2, 12.4, 12.8, 12.11), checked by `npm run test:types` (tsc --strict over the test tree).
 * Each @ts-expect-error must be an error, or tsc fails with "unused @ts-expect-error".
 */
import { expectTypeOf } from 'vitest';
import type { Binary } from '@contractgen/runtime';
import type { Handlers } from '../golden/body-types/server.js';
import { Client } from '../golden/body-types/client.js';
import type * as T from '../golden/body-types/types.js';

type Body<R, C extends string> = R extends { contentType?: C; body?: infer B } ? (C extends NonNullable<R['contentType']> ? B : never) : never;

// 12.1: a free-form object (`type: object`, no properties) holds anything, in requests and responses.
expectTypeOf<T.ApiInfo['contact']>().toEqualTypeOf<Record<string, unknown> | undefined>();
expectTypeOf<T.PutInfoRequest['body']>().toEqualTypeOf<Record<string, unknown> | undefined>();
const info: T.ApiInfo = { title: 'x', contact: { name: 'Ann', email: 'ann@example.com', urls: ['a'] } };
void info;
// ...while `additionalProperties: false` without properties still allows only {}
expectTypeOf<T.ApiInfo['extensions']>().toEqualTypeOf<Record<string, never> | undefined>();
// @ts-expect-error a closed empty object has no properties
const closed: T.ApiInfo = { title: 'x', extensions: { a: 1 } };
void closed;

// 12.2: an XML body with an object schema is its text, both ways; JSON keeps the schema type.
expectTypeOf<Body<T.AddPetRequest, 'application/xml'>>().toEqualTypeOf<string>();
expectTypeOf<Body<T.AddPetRequest, 'application/json'>>().toEqualTypeOf<T.Pet>();
expectTypeOf<Body<T.AddPetResponse, 'application/xml'>>().toEqualTypeOf<string>();
expectTypeOf<Body<T.AddPetResponse, 'application/json'>>().toEqualTypeOf<T.Pet>();
// XML listed first: a handler may leave contentType out for either body class (the server picks by the body)
export const objectResponse: T.AddPetResponse = { status: 200, body: { name: 'Rex' } };
export const textResponse: T.AddPetResponse = { status: 200, body: '<pet/>' };
// @ts-expect-error a Pet object is not an XML body
const xmlObject: T.AddPetRequest = { contentType: 'application/xml', body: { name: 'Rex' } };
void xmlObject;
expectTypeOf<T.PutNotesRequest['body']>().toEqualTypeOf<string>();

// 12.8: text bodies with a primitive non-string schema are typed as that primitive.
expectTypeOf<T.GetCountResponse200['body']>().toEqualTypeOf<number>();
expectTypeOf<T.SetRatioRequest['body']>().toEqualTypeOf<number>();
expectTypeOf<T.SetRatioResponse200['body']>().toEqualTypeOf<boolean>();
// @ts-expect-error the text of a number is not the number
const ratioText: T.SetRatioRequest = { body: '0.5' };
void ratioText;

// 12.11: a multipart response is the schema object; binary parts are Binary (the client decodes them as File).
expectTypeOf<T.GetReportResponse200['body']>().toEqualTypeOf<{ title: string; pages?: number; file: Binary; meta?: Record<string, unknown> }>();
expectTypeOf<File>().toExtend<T.GetReportResponse200['body']['file']>();

// 12.4: a property with a default is optional to send, present once the server applied it.
expectTypeOf<T.PlaceOrderRequest['body']['status']>().toEqualTypeOf<'placed' | 'approved' | 'delivered' | undefined>();
expectTypeOf<T.PlaceOrderRequest['body']['items'][number]['quantity']>().toEqualTypeOf<number | undefined>();
expectTypeOf<NonNullable<T.PlaceOrderRequest['query']>['dryRun']>().toEqualTypeOf<boolean | undefined>();
expectTypeOf<T.PlaceOrderRequestWithDefaults['body']['status']>().toEqualTypeOf<'placed' | 'approved' | 'delivered'>();
expectTypeOf<T.PlaceOrderRequestWithDefaults['body']['items'][number]['quantity']>().toEqualTypeOf<number>();
expectTypeOf<T.PlaceOrderRequestWithDefaults['query']['dryRun']>().toEqualTypeOf<boolean>();
// responses: the default is there
expectTypeOf<T.PlaceOrderResponse201['body']['status']>().toEqualTypeOf<'placed' | 'approved' | 'delivered'>();
expectTypeOf<T.Order['items'][number]['quantity']>().toEqualTypeOf<number>();
// inline bodies and $refs inside them follow the same rule
expectTypeOf<T.AddItemRequest['body']['quantity']>().toEqualTypeOf<number | undefined>();
expectTypeOf<NonNullable<T.AddItemRequest['body']['gift']>['paper']>().toEqualTypeOf<string | undefined>();
expectTypeOf<T.AddItemRequestWithDefaults['body']['quantity']>().toEqualTypeOf<number>();
expectTypeOf<NonNullable<T.AddItemRequestWithDefaults['body']['gift']>['paper']>().toEqualTypeOf<string>();
// a required property stays required to send
// @ts-expect-error `items` is required
const noItems: T.PlaceOrderRequest = { body: {} };
void noItems;
// operations without defaults keep one request type
expectTypeOf<Parameters<Handlers['putNotes']>[0]>().toEqualTypeOf<T.PutNotesRequest & { auth: import('@contractgen/runtime/server').AuthInfo | undefined }>();

export const handlers: Handlers = {
  async addPet(req) {
    if (req.contentType === 'application/json') return { status: 200, contentType: 'application/json', body: req.body };
    expectTypeOf(req.body).toEqualTypeOf<string>();
    return { status: 200, body: req.body };
  },
  async putNotes(req) {
    expectTypeOf(req.body).toEqualTypeOf<string>();
    return { status: 204 };
  },
  async getInfo() {
    return { status: 200, body: { title: 'x', contact: { anything: [1, 2] } } };
  },
  async putInfo(req) {
    expectTypeOf(req.body).toEqualTypeOf<Record<string, unknown> | undefined>();
    return { status: 204 };
  },
  async getCount() {
    return { status: 200, body: 12 };
  },
  async setRatio(req) {
    return { status: 200, body: req.body > 0.5 };
  },
  async getReport() {
    return { status: 200, body: { title: 't', file: new Uint8Array([1]), meta: { a: 1 } } };
  },
  async placeOrder(req) {
    expectTypeOf(req.query.dryRun).toEqualTypeOf<boolean>();
    const quantities: number[] = req.body.items.map((i) => i.quantity);
    void quantities;
    return { status: 201, body: { ...req.body, status: req.body.status } };
  },
  async addItem(req) {
    expectTypeOf(req.body.quantity).toEqualTypeOf<number>();
    return { status: 204 };
  },
};

export const badHandlers: Partial<Handlers> = {
  // @ts-expect-error a response Order has its defaulted status
  async placeOrder() {
    return { status: 201, body: { items: [] } };
  },
  // @ts-expect-error an XML response body is text, not a Pet
  async addPet() {
    return { status: 200, contentType: 'application/xml', body: { name: 'Rex' } };
  },
};

export async function useClient(client: Client): Promise<void> {
  // what the client sends may leave every defaulted property and parameter out
  const placed = await client.placeOrder({ body: { items: [{ sku: 'a' }] } });
  if (placed.status === 201) expectTypeOf(placed.body.status).toEqualTypeOf<'placed' | 'approved' | 'delivered'>();
  await client.addItem({ path: { orderId: 'o1' }, body: { sku: 'a', gift: {} } });
  await client.addPet({ body: '<pet><name>Rex</name></pet>' });
  await client.addPet({ contentType: 'application/json', body: { name: 'Rex' } });
  const count = await client.getCount();
  if (count.status === 200) expectTypeOf(count.body).toEqualTypeOf<number>();
  await client.setRatio({ body: 0.5 });
  const report = await client.getReport();
  if (report.status === 200) expectTypeOf(report.body.title).toEqualTypeOf<string>();
}
