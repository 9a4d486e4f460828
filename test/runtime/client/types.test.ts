/**
 * Type-level tests for the response union as generated code declares it
 * (`ClientResult<…>`); checked by `tsc` over this directory, the runtime
 * assertions keep vitest honest.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  StatusCodeClient,
  expect as expectStatus,
  type ClientResponse,
  type ClientResult,
  type StatusRange,
} from '../../../runtime/src/client/index.js';

type Pet = { name: string };
type Problem = { title: string };
type GetPetResult = ClientResult<
  { status: 200; body: Pet; headers: { 'X-Rate-Limit'?: number } } | { status: 404; body: Problem }
>;

const pet = ((): GetPetResult => ({ status: 200, ok: true, documented: true, body: { name: 'rex' }, headers: {} }))();
const teapot = ((): GetPetResult => ({ status: 418, ok: false, documented: false, body: 'short', headers: {} }))();

describe('the response union', () => {
  it('is what call() resolves to', () => {
    expectTypeOf<GetPetResult>().toExtend<ClientResponse>();
    expect(pet.ok).toBe(true);
  });

  it('narrows on status to the documented body', () => {
    if (pet.status === 200) {
      expectTypeOf(pet.body).toEqualTypeOf<Pet>();
      expectTypeOf(pet.headers['X-Rate-Limit']).toEqualTypeOf<number | undefined>();
    }
    if (pet.status === 404) expectTypeOf(pet.body).toEqualTypeOf<Problem>();
    expect(pet.status).toBe(200);
  });

  it('keeps undocumented statuses honest', () => {
    if (teapot.status !== 200 && teapot.status !== 404) {
      expectTypeOf(teapot.body).toBeUnknown();
      expectTypeOf(teapot.documented).toEqualTypeOf<false>();
    }
    expect(teapot.documented).toBe(false);
  });

  it('ok narrows to the documented 2xx members', () => {
    if (teapot.ok) expectTypeOf(teapot.body).toEqualTypeOf<Pet>();
    expect(teapot.ok).toBe(false);
  });

  it('expect gives the body of the asked status', () => {
    expectTypeOf(expectStatus(pet, 200)).toEqualTypeOf<Pet>();
    expectTypeOf(() => StatusCodeClient.expect(pet, 404)).returns.toEqualTypeOf<Problem>();
    expect(() => StatusCodeClient.expect(pet, 404)).toThrow('expected status 404, got 200');
    expect(expectStatus(pet, 200)).toEqual({ name: 'rex' });
  });

  it('ranges exclude their statuses from the undocumented member', () => {
    type Ranged = ClientResult<{ status: 200; body: Pet } | { status: StatusRange<4>; body: Problem }>;
    const r = ((): Ranged => ({ status: 404, ok: false, documented: true, body: { title: 'x' }, headers: {} }))();
    if (r.status === 404) expectTypeOf(r.body).toEqualTypeOf<Problem>();
    expect(r.status).toBe(404);
  });
});
