// fastify-openapi-glue: Fastify routes + schemas generated from the spec at start-up.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import openapiGlue from 'fastify-openapi-glue';
import { parse } from 'yaml';
import { API_KEY, announce, pet } from './pet-data.mjs';

const specification = parse(readFileSync(process.argv[2], 'utf8'));
const serviceHandlers = {
  async listPets() {
    return [pet];
  },
  async getPet(request) {
    return { ...pet, id: request.params.petId };
  },
  async createPet(request, reply) {
    reply.code(201);
    return { id: 2, ...request.body };
  },
  async deletePet(request, reply) {
    reply.code(204).send();
  },
  async uploadPhoto(request, reply) {
    reply.code(204).send();
  },
};
const securityHandlers = {
  async apiKey(request) {
    if (request.headers['x-api-key'] !== API_KEY) throw new Error('bad key');
  },
  async bearerAuth() {
    throw new Error('no bearer');
  },
};
const app = Fastify({ logger: false });
await app.register(openapiGlue, { specification, serviceHandlers, securityHandlers, prefix: 'v1' });
await app.listen({ host: '127.0.0.1', port: 0 });
announce(`http://127.0.0.1:${app.server.address().port}`, () => app.close());
