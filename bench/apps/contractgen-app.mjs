// contractgen's generated Petstore server on createListener, with the bench's handlers.
// (server-contractgen.mjs serves it in its own process, server-inproc.mjs injects into it.)
import { pathToFileURL } from 'node:url';
import { API_KEY, pet } from './pet-data.mjs';

export const handlers = {
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

/**
 * Starts the compiled server module `compiled` on 127.0.0.1 (free port). Environment:
 * CG_VALIDATE_RESPONSES=1 response validation on; CG_CONNECTION_TIMEOUT, CG_LOGGER=off and
 * CG_LISTENER='{"requestTimeout":0}' (JSON) set listener options; CG_RUNTIME=<dir> takes createListener
 * from another build of the runtime (its dist/; `compiled` must import that one too, see server-cpu.mjs).
 */
export async function startContractgen(compiled, env = process.env) {
  const { createListener } = env.CG_RUNTIME ? await import(pathToFileURL(`${env.CG_RUNTIME}/dist/server/index.js`).href) : await import('@contractgen/runtime/server');
  const { register } = await import(compiled);
  const validateResponses = env.CG_VALIDATE_RESPONSES === '1';
  const listener = { host: '127.0.0.1', port: 0 };
  if (env.CG_CONNECTION_TIMEOUT !== undefined) listener.connectionTimeout = Number(env.CG_CONNECTION_TIMEOUT);
  if (env.CG_LOGGER === 'off') listener.logger = false;
  if (env.CG_LISTENER) Object.assign(listener, JSON.parse(env.CG_LISTENER));
  return createListener(listener, (app) => register(app, handlers, { prefix: '/v1', validateResponses, security: { apiKey: { keys: [API_KEY] } } }));
}
