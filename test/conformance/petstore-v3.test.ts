/**
 * Conformance (Prism) on the classic Swagger Petstore v3 (petstore3.swagger.io's shape):
 * application/xml listed before application/json, form-urlencoded bodies, error statuses without
 * content, `default` without content, api_key and OAuth2 (implicit) security.
 */
import { describe } from 'vitest';
import { Client, clientSpec } from '../golden/conformance-petstore-v3/client.js';
import { register, type Handlers } from '../golden/conformance-petstore-v3/server.js';
import type { Order, Pet, User } from '../golden/conformance-petstore-v3/types.js';
import { fixture } from '../helpers/generated.js';
import type { CallTable } from './harness.js';
import { everyOperationDriven, mockConformance, proxyConformance } from './suite.js';

const TOKEN = 'a-bearer-token';
const API_KEY = 'special-key';
const pet: Pet = { id: 10, name: 'doggie', category: { id: 1, name: 'Dogs' }, photoUrls: ['https://example.com/1.png'], tags: [{ id: 1, name: 'good' }], status: 'available' };
const user: User = { id: 10, username: 'theUser', firstName: 'John', lastName: 'James', email: 'john@email.com', password: '12345', phone: '12345', userStatus: 1 };
const order: Order = { id: 10, petId: 198772, quantity: 7, shipDate: '2026-01-02T03:04:05.000Z', status: 'approved', complete: true };

const calls: CallTable<Client> = {
  // Not here: a Pet as application/xml. Prism does not parse XML request bodies: it validates the text
  // against the Pet schema ("Request body must be object"; @stoplight/prism-http 5.12.0
  // validator/validators/body.js).
  // Nor a Pet as application/x-www-form-urlencoded. Its photoUrls array goes as repeated keys
  // (form, explode: true, the Encoding Object's default), and Prism rejects every such body: without
  // an explicit `encoding` entry it keeps only the last value of a key, as a string
  // (@stoplight/prism-http 5.12.0, validator/validators/body.js: splitUriParams, deserializeFormBody).
  updatePet: [(c, init) => c.updatePet({ contentType: 'application/json', body: pet }, init)],
  addPet: [(c, init) => c.addPet({ contentType: 'application/json', body: pet }, init), (c, init) => c.addPet({ contentType: 'application/json', body: { name: 'cat', photoUrls: [] } }, init)],
  findPetsByStatus: [(c, init) => c.findPetsByStatus({ query: { status: 'available' } }, init), (c, init) => c.findPetsByStatus({ query: { status: 'sold' } }, init)],
  findPetsByTags: [(c, init) => c.findPetsByTags({ query: { tags: ['good'] } }, init), (c, init) => c.findPetsByTags({ query: { tags: ['good', 'bad'] } }, init)],
  getPetById: [(c, init) => c.getPetById({ path: { petId: 10 } }, init)],
  updatePetWithForm: [(c, init) => c.updatePetWithForm({ path: { petId: 10 }, query: { name: 'rex', status: 'sold' } }, init), (c, init) => c.updatePetWithForm({ path: { petId: 10 } }, init)],
  deletePet: [(c, init) => c.deletePet({ path: { petId: 10 }, headers: { api_key: API_KEY } }, init), (c, init) => c.deletePet({ path: { petId: 10 } }, init)],
  uploadFile: [(c, init) => c.uploadFile({ path: { petId: 10 }, query: { additionalMetadata: 'photo' }, body: new Uint8Array([1, 2, 3, 4]) }, init)],
  getInventory: [(c, init) => c.getInventory({}, init)],
  placeOrder: [(c, init) => c.placeOrder({ body: order }, init), (c, init) => c.placeOrder({ contentType: 'application/x-www-form-urlencoded', body: { petId: 1, quantity: 2 } }, init)],
  getOrderById: [(c, init) => c.getOrderById({ path: { orderId: 10 } }, init)],
  deleteOrder: [(c, init) => c.deleteOrder({ path: { orderId: 10 } }, init)],
  createUser: [(c, init) => c.createUser({ body: user }, init), (c, init) => c.createUser({ contentType: 'application/x-www-form-urlencoded', body: { username: 'u2', userStatus: 2 } }, init)],
  createUsersWithListInput: [(c, init) => c.createUsersWithListInput({ body: [user, { ...user, id: 11, username: 'other' }] }, init)],
  loginUser: [(c, init) => c.loginUser({ query: { username: 'theUser', password: '12345' } }, init), (c, init) => c.loginUser({}, init)],
  logoutUser: [(c, init) => c.logoutUser({}, init)],
  getUserByName: [(c, init) => c.getUserByName({ path: { username: 'theUser' } }, init)],
  updateUser: [(c, init) => c.updateUser({ path: { username: 'theUser' }, body: user }, init), (c, init) => c.updateUser({ path: { username: 'theUser' }, contentType: 'application/x-www-form-urlencoded', body: { email: 'new@email.com' } }, init)],
  deleteUser: [(c, init) => c.deleteUser({ path: { username: 'theUser' } }, init)],
};

/** A user's handlers: every JSON-or-XML response answered as JSON — named by some handlers, left to the server's negotiation by others. */
function handlers(): Handlers {
  const json = 'application/json' as const;
  return {
    async updatePet(req) {
      return { status: 200, contentType: json, body: { ...pet, ...(typeof req.body === 'string' ? {} : req.body) } };
    },
    async addPet(req) {
      const body = typeof req.body === 'string' ? pet : req.body; // an XML body is its text (issue 12.2); the calls send JSON
      return { status: 200, contentType: json, body: { ...body, id: body.id ?? 11 } };
    },
    async findPetsByStatus(req) {
      // no contentType: the server negotiates JSON for an object (issue 12.2, XML listed first)
      return { status: 200, body: pet.status === req.query.status ? [pet] : [] };
    },
    async findPetsByTags(req) {
      return { status: 200, contentType: json, body: req.query.tags.includes('good') ? [pet] : [] };
    },
    async getPetById(req) {
      return req.path.petId === pet.id ? { status: 200, body: pet } : { status: 404 };
    },
    async updatePetWithForm(req) {
      return { status: 200, contentType: json, body: { ...pet, ...(req.query?.name === undefined ? {} : { name: req.query.name }) } };
    },
    async deletePet() {
      return { status: 200 };
    },
    async uploadFile(req) {
      return { status: 200, body: { code: 200, type: 'ok', message: `${req.body instanceof Blob ? req.body.size : (req.body?.byteLength ?? 0)} bytes` } };
    },
    async getInventory() {
      return { status: 200, body: { available: 1, sold: 0 } };
    },
    async placeOrder(req) {
      return { status: 200, body: { ...order, ...(typeof req.body === 'string' ? {} : req.body) } };
    },
    async getOrderById(req) {
      return { status: 200, contentType: json, body: { ...order, id: req.path.orderId } };
    },
    async deleteOrder() {
      return { status: 200 };
    },
    async createUser(req) {
      return { status: 200, body: { ...user, ...(typeof req.body === 'string' ? {} : req.body) } };
    },
    async createUsersWithListInput(req) {
      return { status: 200, contentType: json, body: req.body?.[0] ?? user };
    },
    async loginUser() {
      // No contentType: the server negotiates (issue 12.2) — XML and JSON both carry a string here, JSON wins the tie.
      return { status: 200, body: 'logged in', headers: { 'X-Rate-Limit': 5000, 'X-Expires-After': '2026-01-02T03:04:05.000Z' } };
    },
    async logoutUser() {
      return { status: 200 };
    },
    async getUserByName(req) {
      return { status: 200, body: { ...user, username: req.path.username } };
    },
    async updateUser() {
      return { status: 200 };
    },
    async deleteUser() {
      return { status: 200 };
    },
  };
}

const conformance = {
  spec: fixture('conformance/petstore-v3.yaml'),
  clientSpec,
  createClient: (options: ConstructorParameters<typeof Client>[0]) => new Client(options),
  calls,
  clientOptions: { auth: { bearer: TOKEN, apiKey: API_KEY } },
};

describe('conformance (Prism): classic Petstore v3', () => {
  everyOperationDriven(conformance);
  mockConformance(conformance);
  proxyConformance({
    ...conformance,
    register: (app) =>
      register(app, handlers(), {
        security: { petstore_auth: { verify: (token: string) => (token === TOKEN ? { scopes: ['write:pets', 'read:pets'] } : undefined) }, api_key: { keys: [API_KEY] } },
        // the spec documents its refusals without content (400, 404, 422, default)
        errorMapper: (problem) => ({ status: problem.status }),
      }),
    invalid: [
      { label: 'petId not an integer', operation: 'getPetById', method: 'GET', path: '/pet/abc', headers: { api_key: API_KEY } },
      { label: 'status not in the enum', operation: 'findPetsByStatus', method: 'GET', path: '/pet/findByStatus?status=lost', headers: { authorization: `Bearer ${TOKEN}` } },
      // required although it has a default: a default has no meaning for a required parameter
      { label: 'required status missing (it has a default)', operation: 'findPetsByStatus', method: 'GET', path: '/pet/findByStatus', headers: { authorization: `Bearer ${TOKEN}` } },
      { label: 'tags missing', operation: 'findPetsByTags', method: 'GET', path: '/pet/findByTags', headers: { authorization: `Bearer ${TOKEN}` } },
      { label: 'pet without photoUrls', operation: 'addPet', method: 'POST', path: '/pet', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: '{"name":"doggie"}' },
      { label: 'no credentials', operation: 'addPet', method: 'POST', path: '/pet', headers: { 'content-type': 'application/json' }, body: JSON.stringify(pet) },
      { label: 'wrong api key', operation: 'getInventory', method: 'GET', path: '/store/inventory', headers: { api_key: 'wrong' } },
      { label: 'order status not in the enum', operation: 'placeOrder', method: 'POST', path: '/store/order', headers: { 'content-type': 'application/json' }, body: '{"status":"lost"}' },
      { label: 'orderId not an integer', operation: 'getOrderById', method: 'GET', path: '/store/order/ten' },
      { label: 'upload as text', operation: 'uploadFile', method: 'POST', path: '/pet/10/uploadImage', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' }, body: 'x' },
    ],
  });
});
