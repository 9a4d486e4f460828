// Hand-written Fastify with the same routes, the same JSON schemas (params, body,
// responses) and the same API-key check as the generated Petstore server.
// (The app itself: server-fastify.mjs serves it, server-inproc.mjs injects into it.)
import Fastify from 'fastify';
import { API_KEY, pet } from './pet-data.mjs';

const PetStatus = { type: 'string', enum: ['available', 'pending', 'sold'] };
const Pet = {
  type: 'object',
  required: ['id', 'name'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string', minLength: 1 },
    tag: { type: ['string', 'null'] },
    status: PetStatus,
  },
};
const NewPet = {
  type: 'object',
  required: ['name'],
  properties: {
    id: false,
    name: { type: 'string', minLength: 1 },
    tag: { type: ['string', 'null'] },
    status: PetStatus,
  },
};
const Problem = {
  type: 'object',
  required: ['title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
  },
};

// CG_SAME_DEFAULTS=1: what contractgen's createListener sets up by default as well — its listener
// timeouts (LISTENER_DEFAULTS: request 30 s, headers 10 s, keep-alive 72 s, connection 120 s) and a
// pino logger at warn level without request lines — so the two can also be compared doing the same
// work per socket and request.
export function buildFastifyApp(sameDefaults = process.env.CG_SAME_DEFAULTS === '1') {
  const same = sameDefaults
    ? {
        logger: { level: 'warn' },
        logController: new Fastify.LogController({
          disableRequestLogging: true,
        }),
        connectionTimeout: 120_000,
        keepAliveTimeout: 72_000,
        requestTimeout: 30_000,
        http: {
          headersTimeout: 10_000,
          requestTimeout: 30_000,
          maxHeaderSize: 16_384,
          connectionsCheckingInterval: 2_500,
        },
      }
    : { logger: false };
  const app = Fastify(same);
  const apiKey = async (request, reply) => {
    if (request.headers['x-api-key'] !== API_KEY) {
      reply.code(401).type('application/problem+json').send({ title: 'Unauthorized', status: 401 });
      return reply;
    }
  };
  app.get(
    '/v1/pets/:petId',
    {
      onRequest: apiKey,
      schema: {
        params: {
          type: 'object',
          required: ['petId'],
          properties: { petId: { type: 'integer', format: 'int64' } },
        },
        response: { 200: Pet, 404: Problem },
      },
    },
    async (request) => ({ ...pet, id: request.params.petId }),
  );
  app.post(
    '/v1/pets',
    {
      onRequest: apiKey,
      schema: {
        headers: {
          type: 'object',
          properties: { 'x-request-id': { type: 'string', format: 'uuid' } },
        },
        body: NewPet,
        response: { 201: Pet, '4xx': Problem },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return { id: 2, ...request.body };
    },
  );
  return app;
}
