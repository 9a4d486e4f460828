/**
 * Conformance (Prism) on the project's other OpenAPI fixtures (fixtures/openapi/*): Swagger 2.0
 * upgraded (Basic, API key in the query, OAuth2), multi-file $refs (a self-referencing schema),
 * oneOf/allOf composition with discriminators and recursion, external $refs from paths.
 */
import { describe } from 'vitest';
import * as composition from '../golden/composition/client.js';
import { register as registerComposition } from '../golden/composition/server.js';
import * as externalRefs from '../golden/external-refs/client.js';
import { register as registerExternalRefs } from '../golden/external-refs/server.js';
import * as multiFile from '../golden/multi-file/client.js';
import { register as registerMultiFile } from '../golden/multi-file/server.js';
import * as swagger2 from '../golden/petstore-swagger2/client.js';
import { register as registerSwagger2 } from '../golden/petstore-swagger2/server.js';
import { fixture } from '../helpers/generated.js';
import { everyOperationDriven, mockConformance, proxyConformance, type ProxyConformance } from './suite.js';

function conformance<C>(c: ProxyConformance<C>): void {
  everyOperationDriven(c);
  mockConformance(c);
  proxyConformance(c);
}

describe('conformance (Prism): petstore-swagger2 (Swagger 2.0, upgraded)', () => {
  const { Client, clientSpec } = swagger2;
  conformance<InstanceType<typeof Client>>({
    spec: fixture('openapi/petstore-swagger2.yaml'),
    clientSpec,
    createClient: (options) => new Client(options),
    clientOptions: { auth: { basic: { username: 'ann', password: 'pw' }, apiKey: 'qk', bearer: 'tok-1' } },
    calls: {
      listPets: [(c, init) => c.listPets({}, init), (c, init) => c.listPets({ query: { limit: 2, tags: ['a', 'b'] } }, init)],
      createPets: [(c, init) => c.createPets({ body: { id: 1, name: 'Rex', tag: 'dog' } }, init)],
      showPetById: [(c, init) => c.showPetById({ path: { petId: 'p-1' } }, init)],
      // Prism reads a multipart body as UTF-8 text (micri text() in @stoplight/prism-http-server
      // 5.12.2 server.js parseRequestBody) and forwards that text, so the file is plain ASCII here.
      uploadImage: [(c, init) => c.uploadImage({ path: { petId: 'p-1' }, body: { file: new Blob(['abc']), note: 'n' } }, init)],
    },
    register: (app) =>
      registerSwagger2(
        app,
        {
          async listPets(req) {
            return { status: 200, body: [{ id: 1, name: 'Rex' }].slice(0, req.query?.limit ?? 1) };
          },
          async createPets() {
            return { status: 201 };
          },
          async showPetById() {
            return { status: 200, body: [{ id: 1, name: 'Rex' }] };
          },
          async uploadImage() {
            return { status: 204 };
          },
        },
        {
          security: {
            basicAuth: { verify: (user: string, password: string) => user === 'ann' && password === 'pw' },
            api_key: { keys: ['qk'] },
            oauth: { verify: (token: string) => (token === 'tok-1' ? { scopes: ['pets:read'] } : false) },
          },
          // the spec's `default: Error {code, message}`
          errorMapper: (problem) => ({ status: problem.status, body: { code: problem.status, message: problem.detail ?? problem.title } }),
        },
      ),
    invalid: [
      { label: 'limit not an integer', operation: 'listPets', method: 'GET', path: '/pets?limit=x', headers: { authorization: 'Bearer tok-1' } },
      { label: 'body without the required id', operation: 'createPets', method: 'POST', path: '/pets', headers: { authorization: `Basic ${btoa('ann:pw')}`, 'content-type': 'application/json' }, body: '{"name":"x"}' },
      { label: 'wrong password', operation: 'createPets', method: 'POST', path: '/pets', headers: { authorization: `Basic ${btoa('ann:no')}`, 'content-type': 'application/json' }, body: '{"id":1,"name":"x"}' },
      { label: 'no credentials', operation: 'createPets', method: 'POST', path: '/pets', headers: { 'content-type': 'application/json' }, body: '{"id":1,"name":"x"}' },
      { label: 'oauth token without the scope', operation: 'listPets', method: 'GET', path: '/pets', headers: { authorization: 'Bearer other' } },
    ],
  });
});

describe('conformance (Prism): multi-file', () => {
  const { Client, clientSpec } = multiFile;
  const order = { id: 'o-1', items: [{ sku: 'a', quantity: 1 }], parent: { id: 'o-0', items: [] } };
  conformance<InstanceType<typeof Client>>({
    spec: fixture('openapi/multi-file/openapi.yaml'),
    clientSpec,
    createClient: (options) => new Client(options),
    calls: {
      listOrders: [(c, init) => c.listOrders({}, init)],
      createOrder: [(c, init) => c.createOrder({ body: order }, init)],
      getOrder: [(c, init) => c.getOrder({ path: { orderId: '6f1c2d4e-8a3b-4c5d-9e6f-7a8b9c0d1e2f' } }, init), (c, init) => c.getOrder({ path: { orderId: '00000000-0000-4000-8000-000000000000' } }, init)],
    },
    register: (app) =>
      registerMultiFile(app, {
        async listOrders() {
          return { status: 200, body: [order] };
        },
        async createOrder(req) {
          return { status: 201, body: req.body };
        },
        async getOrder(req) {
          return req.path.orderId.startsWith('6f') ? { status: 200, body: { ...order, id: req.path.orderId } } : { status: 404, body: { message: 'no such order' } };
        },
      }),
  });
});

describe('conformance (Prism): composition', () => {
  const { Client, clientSpec } = composition;
  conformance<InstanceType<typeof Client>>({
    spec: fixture('openapi/composition.yaml'),
    clientSpec,
    createClient: (options) => new Client(options),
    calls: {
      createShape: [(c, init) => c.createShape({ body: { kind: 'circle', radius: 1.5 } }, init), (c, init) => c.createShape({ body: { kind: 'square', side: 2 } }, init)],
      listAnimals: [(c, init) => c.listAnimals({}, init)],
      getTree: [(c, init) => c.getTree({}, init)],
    },
    register: (app) =>
      registerComposition(app, {
        async createShape(req) {
          return { status: 200, body: req.body };
        },
        async listAnimals() {
          return { status: 200, body: [{ petType: 'Cat', name: 'Tom' }, { petType: 'Dog', name: 'Rex', packSize: 3 }] };
        },
        async getTree() {
          return { status: 200, body: { value: 'root', children: [{ value: 'leaf', children: [] }] } };
        },
      }),
  });
});

describe('conformance (Prism): external-refs', () => {
  const { Client, clientSpec } = externalRefs;
  const todo = { title: 'write', owner: { name: 'ann' }, subtasks: [{ title: 'plan' }] };
  conformance<InstanceType<typeof Client>>({
    spec: fixture('openapi/external-refs/openapi.yaml'),
    clientSpec,
    createClient: (options) => new Client(options),
    calls: {
      listTodos: [(c, init) => c.listTodos({}, init), (c, init) => c.listTodos({ query: { limit: 3 } }, init)],
      createTodo: [(c, init) => c.createTodo({ body: todo }, init), (c, init) => c.createTodo({}, init)],
      getTodo: [(c, init) => c.getTodo({ path: { id: 1 } }, init)],
    },
    register: (app) =>
      registerExternalRefs(app, {
        async listTodos(req) {
          return { status: 200, body: [todo].slice(0, req.query?.limit ?? 1) };
        },
        async createTodo(req) {
          return req.body ? { status: 201, body: req.body } : { status: 400, body: { message: 'a todo is required' } };
        },
        async getTodo() {
          return { status: 200, body: todo };
        },
      }, {
        // the spec's `default: Error {message}` (getTodo declares no default: its refusals stay problem+json)
        errorMapper: (problem) => ({ status: problem.status, body: { message: problem.detail ?? problem.title } }),
      }),
    invalid: [
      { label: 'limit below minimum', operation: 'listTodos', method: 'GET', path: '/todos?limit=0' },
      { label: 'todo without title', operation: 'createTodo', method: 'POST', path: '/todos', headers: { 'content-type': 'application/json' }, body: '{"owner":{}}' },
      { label: 'unsupported media type', operation: 'createTodo', method: 'POST', path: '/todos', headers: { 'content-type': 'application/xml' }, body: '<todo/>' },
    ],
  });
});
