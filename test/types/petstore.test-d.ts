/**
 * Type tests on the generated Petstore types, server and client (the committed
 * golden in test/golden/petstore). Never run: `npm run test:types` (tsc --strict
 * over test/) compiles it. Each @ts-expect-error must be an error, or tsc fails
 * with "unused @ts-expect-error"; a wrong `expectTypeOf` is a compile error.
 */
import { expectTypeOf } from 'vitest';
import type { DeclaredResponse, Handlers } from '../golden/petstore/server.js';
import { Client, getPet, listPets, uploadPhoto } from '../golden/petstore/client.js';
import type { ApiClient } from '@contractgen/runtime/client/core';
import type * as T from '../golden/petstore/types.js';

// Request types: path/query/headers/body as the spec says.
expectTypeOf<T.GetPetRequest>().toEqualTypeOf<{ path: { petId: number } }>();
expectTypeOf<NonNullable<T.ListPetsRequest['query']>['limit']>().toEqualTypeOf<number | undefined>();
expectTypeOf<NonNullable<T.ListPetsRequest['query']>['status']>().toEqualTypeOf<'available' | 'pending' | 'sold' | undefined>();
expectTypeOf<NonNullable<T.CreatePetRequest['headers']>['X-Request-Id']>().toEqualTypeOf<string | undefined>();

// readOnly `id` is absent from the request body, present in responses.
const newPet: T.CreatePetRequest['body'] = { name: 'Rex', tag: null };
void newPet;
// @ts-expect-error readOnly properties cannot be sent
const withId: T.CreatePetRequest['body'] = { id: 1, name: 'Rex' };
void withId;
expectTypeOf<T.Pet['id']>().toEqualTypeOf<number>();

// Enums are string-literal unions; nullable maps to | null.
expectTypeOf<T.PetStatus>().toEqualTypeOf<'available' | 'pending' | 'sold'>();
expectTypeOf<T.Pet['tag']>().toEqualTypeOf<string | null | undefined>();

// Response unions: one member per status; ranges and default expand to concrete statuses.
expectTypeOf<T.GetPetResponse['status']>().toEqualTypeOf<200 | 404>();
type At<R, S extends number> = R extends { status: infer X } ? (S extends X ? R : never) : never;
expectTypeOf<At<T.CreatePetResponse, 422>['body']>().toEqualTypeOf<T.Problem>();
expectTypeOf<At<T.ListPetsResponse, 500>['body']>().toEqualTypeOf<T.Problem>();
expectTypeOf<At<T.ListPetsResponse, 200>['body']>().toEqualTypeOf<T.Pets>();
// @ts-expect-error default does not cover a documented status
const wrong: T.ListPetsResponse = { status: 200, body: { title: 'x', status: 200 } };
void wrong;
expectTypeOf<T.DeletePetResponse204>().toEqualTypeOf<{ status: 204 }>();

// Server: handlers are checked against the contract.
export const handlers: Handlers = {
  async listPets(req) {
    // `limit` has a default (20): the client may leave it out, the handler receives it (issue 12.4)
    expectTypeOf(req.query).toEqualTypeOf<{ limit: number; tags?: string[]; status?: T.PetStatus }>();
    return { status: 200, body: [], headers: { 'X-Total-Count': 0 } };
  },
  async createPet(req) {
    return { status: 201, body: { ...req.body, id: 1 } };
  },
  async getPet(req) {
    expectTypeOf(req.path.petId).toEqualTypeOf<number>();
    if (req.path.petId === 0) return { status: 404, body: { title: 'Not found', status: 404 } };
    return { status: 200, body: { id: req.path.petId, name: 'Rex' } };
  },
  async deletePet() {
    return { status: 204 };
  },
  async uploadPhoto() {
    return { status: 204 };
  },
};

// DeclaredResponse is written out as a union of names (cheap for tsc) and is exactly every handler's response.
expectTypeOf<DeclaredResponse>().toEqualTypeOf<Awaited<ReturnType<Handlers[keyof Handlers]>>>();
expectTypeOf<DeclaredResponse>().toEqualTypeOf<T.ListPetsResponse | T.CreatePetResponse | T.GetPetResponse | T.DeletePetResponse | T.UploadPhotoResponse>();

export const badHandlers: Partial<Handlers> = {
  // @ts-expect-error 418 is not a documented status of getPet
  async getPet() {
    return { status: 418, body: { title: 'teapot', status: 418 } };
  },
  // @ts-expect-error the body of a 200 must be a Pet
  async createPet() {
    return { status: 201, body: { nope: true } };
  },
};

// Client: narrowing on status gives the right body; undocumented statuses stay honest.
export async function useClient(client: Client): Promise<void> {
  const res = await client.getPet({ path: { petId: 1 } });
  if (res.status === 200) expectTypeOf(res.body).toEqualTypeOf<T.Pet>();
  if (res.status === 404) expectTypeOf(res.body).toEqualTypeOf<T.Problem>();
  if (res.ok) expectTypeOf(res.body).toEqualTypeOf<T.Pet>();
  if (!res.documented) expectTypeOf(res.body).toEqualTypeOf<unknown>();
  // @ts-expect-error a required path parameter is missing
  await client.getPet({ path: {} });
  // @ts-expect-error getPet needs its request
  await client.getPet();
  await client.listPets(); // nothing required: the argument is optional
  const list = await client.listPets({ query: { limit: 10 } });
  if (list.status === 200) expectTypeOf(list.headers['X-Total-Count']).toEqualTypeOf<number | undefined>();
}

// Client's methods (an interface merged with the bodiless class, issue 16) are exactly the
// per-operation functions without their first argument, and a subclass can still override them.
type WithoutClient<F> = F extends (client: infer _C, ...rest: infer A) => infer R ? (...args: A) => R : never;
expectTypeOf<Client['getPet']>().toEqualTypeOf<WithoutClient<typeof getPet>>();
expectTypeOf<Client['listPets']>().toEqualTypeOf<WithoutClient<typeof listPets>>();
expectTypeOf<Client['uploadPhoto']>().toEqualTypeOf<WithoutClient<typeof uploadPhoto>>();
expectTypeOf<Client>().toMatchTypeOf<ApiClient>();
export class AuditedClient extends Client {
  override getPet(...args: Parameters<Client['getPet']>): ReturnType<Client['getPet']> {
    return super.getPet(...args);
  }
}
