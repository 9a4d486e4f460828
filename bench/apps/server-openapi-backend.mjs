// openapi-backend (routing + ajv request validation from the spec) mounted on Fastify.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import OpenAPIBackend from 'openapi-backend';
import { parse } from 'yaml';
import { API_KEY, announce, pet } from './pet-data.mjs';

const definition = parse(readFileSync(process.argv[2], 'utf8'));
const api = new OpenAPIBackend.default({ definition, apiRoot: '/v1', quick: false });
api.register({
  getPet: (c, request, reply) => reply.code(200).send({ ...pet, id: Number(c.request.params.petId) }),
  createPet: (c, request, reply) => reply.code(201).send({ id: 2, ...c.request.requestBody }),
  validationFail: (c, request, reply) => reply.code(400).send({ title: 'Bad Request', status: 400, detail: String(c.validation.errors?.[0]?.message) }),
  notFound: (c, request, reply) => reply.code(404).send({ title: 'Not Found', status: 404 }),
  unauthorizedHandler: (c, request, reply) => reply.code(401).send({ title: 'Unauthorized', status: 401 }),
});
api.registerSecurityHandler('apiKey', (c) => c.request.headers['x-api-key'] === API_KEY);
api.registerSecurityHandler('bearerAuth', () => false);
await api.init();

const app = Fastify({ logger: false });
app.route({
  method: ['GET', 'POST', 'PUT', 'DELETE'],
  url: '/*',
  handler: (request, reply) =>
    api.handleRequest({ method: request.method, path: request.url, body: request.body, query: request.query, headers: request.headers }, request, reply),
});
await app.listen({ host: '127.0.0.1', port: 0 });
announce(`http://127.0.0.1:${app.server.address().port}`, () => app.close());
