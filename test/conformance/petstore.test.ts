/**
 * Conformance (Prism) on the project's Petstore fixture (fixtures/openapi/petstore.yaml): query
 * arrays, a uuid header, 4XX and default problem+json responses, a response header, multipart and
 * binary uploads, security (public, inherited apiKey, bearer OR apiKey).
 */
import { describe } from 'vitest';
import { Client, clientSpec } from '../golden/petstore/client.js';
import { register } from '../golden/petstore/server.js';
import { createHandlers } from '../e2e/petstore-handlers.js';
import { fixture } from '../helpers/generated.js';
import type { CallTable } from './harness.js';
import { everyOperationDriven, mockConformance, proxyConformance } from './suite.js';

const API_KEY = 'key-123';
const photo = () => new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });

const calls: CallTable<Client> = {
  listPets: [(c, init) => c.listPets({}, init), (c, init) => c.listPets({ query: { limit: 5, tags: ['dog', 'cat'], status: 'available' } }, init)],
  createPet: [
    (c, init) => c.createPet({ body: { name: 'Rex', tag: 'dog', status: 'available' } }, init),
    (c, init) => c.createPet({ headers: { 'X-Request-Id': '6f1c2d4e-8a3b-4c5d-9e6f-7a8b9c0d1e2f' }, body: { name: 'Tom', tag: null } }, init),
  ],
  getPet: [(c, init) => c.getPet({ path: { petId: 1 } }, init), (c, init) => c.getPet({ path: { petId: 999 } }, init)],
  deletePet: [(c, init) => c.deletePet({ path: { petId: 2 } }, init), (c, init) => c.deletePet({ path: { petId: 999 } }, init)],
  uploadPhoto: [
    (c, init) => c.uploadPhoto({ path: { petId: 1 }, body: { file: photo(), caption: 'smile' } }, init),
    (c, init) => c.uploadPhoto({ path: { petId: 1 }, contentType: 'application/octet-stream', body: new Uint8Array([1, 2, 3]) }, init),
  ],
};

const conformance = { spec: fixture('openapi/petstore.yaml'), clientSpec, createClient: (options: ConstructorParameters<typeof Client>[0]) => new Client(options), calls, clientOptions: { auth: { apiKey: API_KEY } } };

describe('conformance (Prism): petstore (project fixture)', () => {
  everyOperationDriven(conformance);
  mockConformance(conformance);
  proxyConformance({
    ...conformance,
    register: async (app) => {
      const handlers = createHandlers();
      // the pets the calls above read and delete
      handlers.store.set(1, { id: 1, name: 'One' }).set(2, { id: 2, name: 'Two' });
      await register(app, handlers, { security: { apiKey: { keys: [API_KEY] }, bearerAuth: { jwt: { key: new TextEncoder().encode('a-test-secret-that-is-long-enough-for-hs256'), algorithms: ['HS256'] } } } });
    },
    invalid: [
      // Not here: a bad petId. getPet, deletePet and uploadPhoto document no 400 (nor 4XX/default),
      // so no answer to it can conform; the fixture, not the server, would be wrong.
      { label: 'limit above maximum', operation: 'listPets', method: 'GET', path: '/pets?limit=1000' },
      { label: 'status not in the enum', operation: 'listPets', method: 'GET', path: '/pets?status=lost' },
      { label: 'body without the required name', operation: 'createPet', method: 'POST', path: '/pets', headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' }, body: '{"tag":"x"}' },
      { label: 'readOnly id in the body', operation: 'createPet', method: 'POST', path: '/pets', headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' }, body: '{"id":5,"name":"x"}' },
      { label: 'X-Request-Id not a uuid', operation: 'createPet', method: 'POST', path: '/pets', headers: { 'x-api-key': API_KEY, 'x-request-id': 'nope', 'content-type': 'application/json' }, body: '{"name":"x"}' },
      { label: 'no credentials', operation: 'createPet', method: 'POST', path: '/pets', headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' },
      { label: 'unsupported media type', operation: 'createPet', method: 'POST', path: '/pets', headers: { 'x-api-key': API_KEY, 'content-type': 'text/plain' }, body: 'Rex' },
      { label: 'body above the 1 MiB limit', operation: 'createPet', method: 'POST', path: '/pets', headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x'.repeat(1_100_000) }) },
      { label: 'Accept that no response offers', operation: 'listPets', method: 'GET', path: '/pets', headers: { accept: 'text/html' } },
      { label: 'wrong api key', operation: 'createPet', method: 'POST', path: '/pets', headers: { 'x-api-key': 'wrong', 'content-type': 'application/json' }, body: '{"name":"x"}' },
    ],
  });
});
