/**
 * Conformance (Prism) on the project's OpenAPI 3.1 fixture (fixtures/openapi/features-3.1.yaml):
 * form explode=false arrays, deepObject, a cookie, const / type arrays / numeric exclusiveMinimum,
 * three request media types, two response media types, a 2XX range, OPTIONS / HEAD / TRACE.
 */
import { describe } from 'vitest';
import { Client, clientSpec } from '../golden/features-3.1/client.js';
import { register } from '../golden/features-3.1/server.js';
import { createFeatureHandlers } from '../e2e/features-handlers.js';
import { fixture } from '../helpers/generated.js';
import type { CallTable } from './harness.js';
import { everyOperationDriven, mockConformance, proxyConformance } from './suite.js';

const item = { id: 'b-2', kind: 'item' as const, name: null, tags: ['x', 'y'], price: 9.5, meta: { a: 1, b: 'x', c: true } };

const calls: CallTable<Client> = {
  getItem: [
    (c, init) => c.getItem({ path: { id: 'a-1' } }, init),
    (c, init) => c.getItem({ path: { id: 'a-1' }, query: { fields: ['name', 'price'], filter: { kind: 'item', min: 2 } }, cookies: { session: 's-1' } }, init),
    (c, init) => c.getItem({ path: { id: 'zz' } }, init),
  ],
  putItem: [
    (c, init) => c.putItem({ path: { id: 'b-2' }, body: item }, init),
    (c, init) => c.putItem({ path: { id: 'b-2' }, contentType: 'text/plain', body: 'hello' }, init),
    (c, init) => c.putItem({ path: { id: 'b-2' }, contentType: 'application/x-www-form-urlencoded', body: { name: 'n', count: 3 } }, init),
  ],
  itemsOptions: [(c, init) => c.itemsOptions({}, init)],
  itemsHead: [(c, init) => c.itemsHead({}, init)],
  itemsTrace: [(c, init) => c.itemsTrace({}, init)],
};

const conformance = { spec: fixture('openapi/features-3.1.yaml'), clientSpec, createClient: (options: ConstructorParameters<typeof Client>[0]) => new Client(options), calls };

describe('conformance (Prism): features-3.1 (project fixture)', () => {
  everyOperationDriven(conformance);
  mockConformance(conformance);
  proxyConformance({
    ...conformance,
    register: (app) => register(app, createFeatureHandlers()),
    // No invalid traffic here: no operation of features-3.1 documents a 4xx (nor default), so no
    // refusal can conform; the runtime's 400s are covered on the fixtures that document one.
  });
});
