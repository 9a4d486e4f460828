// contractgen's generated Petstore server (compiled by the bench), on createListener.
// argv[2] = the compiled server module; CG_VALIDATE_RESPONSES=1 turns response validation on.
import { createListener } from '@contractgen/runtime/server';
import { API_KEY, announce, pet } from './pet-data.mjs';

const { register } = await import(process.argv[2]);
const validateResponses = process.env.CG_VALIDATE_RESPONSES === '1';

const handlers = {
  async listPets() {
    return { status: 200, body: [pet] };
  },
  async createPet(req) {
    return { status: 201, body: { id: 2, ...req.body } };
  },
  async getPet(req) {
    return { status: 200, body: { ...pet, id: req.path.petId } };
  },
  async deletePet() {
    return { status: 204 };
  },
  async uploadPhoto() {
    return { status: 204 };
  },
};

const listener = { host: '127.0.0.1', port: 0 };
if (process.env.CG_CONNECTION_TIMEOUT !== undefined) listener.connectionTimeout = Number(process.env.CG_CONNECTION_TIMEOUT);
if (process.env.CG_LOGGER === 'off') listener.logger = false;
const server = await createListener(listener, (app) =>
  register(app, handlers, { prefix: '/v1', validateResponses, security: { apiKey: { keys: [API_KEY] } } }),
);
announce(server.url, () => server.close());
