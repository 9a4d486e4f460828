import Fastify from 'fastify';
import { afterAll, expect, it } from 'vitest';
import type { ApiSpec } from '../../../runtime/src/spec.js';
import { HttpError, registerOperations } from '../../../runtime/src/server/index.js';

const api: ApiSpec = {
  title: 'stub',
  version: '1',
  servers: [],
  securitySchemes: {},
  schemaId: 'contractgen:api',
  schemas: {},
  operations: {
    getThing: {
      operationId: 'getThing',
      name: 'getThing',
      method: 'GET',
      path: '/thing',
      parameters: [],
      responses: [{ status: '200', content: [{ mediaType: 'application/json', kind: 'json', schema: { type: 'object' } }], headers: [] }],
      security: [],
      tags: [],
    },
  },
};
const app = Fastify();
afterAll(() => app.close());

it('a stub throwing HttpError(501) on an operation without a documented 501 answers 501 problem+json, even with response validation on', async () => {
  await registerOperations(app, api, { getThing: () => { throw new HttpError(501, { title: 'Not Implemented', status: 501, detail: 'getThing is a stub' }); } }, { validateResponses: true });
  const res = await app.inject({ method: 'GET', url: '/thing' });
  expect(res.statusCode).toBe(501);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ status: 501, title: 'Not Implemented', type: 'urn:contractgen:problem:not-implemented', detail: 'getThing is a stub' });
});
