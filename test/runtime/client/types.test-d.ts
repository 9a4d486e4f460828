/**
 * Type tests for the response union as generated code declares it
 * (`ClientResult<…>`). A `*.test-d.ts` file is never run: `npm run test:types`
 * (tsc --strict over test/, part of `npm test`) checks it, and a wrong
 * `expectTypeOf` or an unused `@ts-expect-error` is a compile error there.
 * The runtime behaviour behind these types is tested in client.test.ts.
 */
import { expectTypeOf } from 'vitest';
import {
  StatusCodeClient,
  expect as expectStatus,
  type ClientResponse,
  type ClientResult,
  type StatusRange,
} from '../../../runtime/src/client/index.js';
import type { RawResponse } from '../../../runtime/src/types.js';

type Pet = { name: string };
type Problem = { title: string };
type GetPetResult = ClientResult<
  { status: 200; body: Pet; headers: { 'X-Rate-Limit'?: number } } | { status: 404; body: Problem }
>;
/** A member with several response media types: `contentType` is the generated discriminator. */
type PutItemResult = ClientResult<
  { status: 200; contentType?: 'application/json'; body: Pet } | { status: 200; contentType: 'text/plain'; body: string }
>;

declare const res: GetPetResult;
declare const put: PutItemResult;

// what call() resolves to
expectTypeOf<GetPetResult>().toExtend<ClientResponse>();
expectTypeOf(res.raw).toEqualTypeOf<RawResponse>();

// narrowing on status gives the documented body and headers
if (res.status === 200) {
  expectTypeOf(res.body).toEqualTypeOf<Pet>();
  expectTypeOf(res.headers['X-Rate-Limit']).toEqualTypeOf<number | undefined>();
  expectTypeOf(res.ok).toEqualTypeOf<true>();
  expectTypeOf(res.documented).toEqualTypeOf<true>();
}
if (res.status === 404) {
  expectTypeOf(res.body).toEqualTypeOf<Problem>();
  expectTypeOf(res.ok).toEqualTypeOf<false>();
}

// an undocumented status is honest: unknown body, documented false
if (res.status !== 200 && res.status !== 404) {
  expectTypeOf(res.body).toBeUnknown();
  expectTypeOf(res.documented).toEqualTypeOf<false>();
  // @ts-expect-error an undocumented member never has a documented status
  const documentedStatus: typeof res.status = 200;
  void documentedStatus;
}

// ok narrows to the documented 2xx members only
if (res.ok) {
  expectTypeOf(res.body).toEqualTypeOf<Pet>();
  expectTypeOf(res.status).toEqualTypeOf<200>();
}

// the runtime client sets `contentType` (the matched media type) on every response:
// declared on every member, the generated literal where the spec has several media types
expectTypeOf(res.contentType).toEqualTypeOf<string | undefined>();
if (put.status === 200 && put.documented) {
  expectTypeOf(put.contentType).toEqualTypeOf<'application/json' | 'text/plain' | undefined>();
  if (put.contentType === 'text/plain') expectTypeOf(put.body).toEqualTypeOf<string>();
}

// expect() gives the body of the asked status
expectTypeOf(expectStatus(res, 200)).toEqualTypeOf<Pet>();
expectTypeOf(() => StatusCodeClient.expect(res, 404)).returns.toEqualTypeOf<Problem>();
expectTypeOf(expectStatus(res, 418)).toBeUnknown();
// @ts-expect-error not an HTTP status
expectStatus(res, 600);

// ranges exclude their statuses from the undocumented member
type Ranged = ClientResult<{ status: 200; body: Pet } | { status: StatusRange<4>; body: Problem }>;
declare const ranged: Ranged;
if (ranged.status === 404) {
  expectTypeOf(ranged.body).toEqualTypeOf<Problem>();
  expectTypeOf(ranged.documented).toEqualTypeOf<true>();
}
