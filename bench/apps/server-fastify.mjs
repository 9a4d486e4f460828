// Hand-written Fastify with the same routes, the same JSON schemas (params, body,
// responses) and the same API-key check as the generated Petstore server.
import { buildFastifyApp } from './fastify-app.mjs';
import { announce } from './pet-data.mjs';

const app = buildFastifyApp();
await app.listen({ host: '127.0.0.1', port: 0 });
const { port } = app.server.address();
announce(`http://127.0.0.1:${port}`, () => app.close());
