/** The items API of the ETag and HTTP-cache tests: GET/PUT /items/{id}, JSON. */
import type { ApiSpec, JsonSchema, MediaSpec } from '../../../runtime/src/spec.js';

const json = (schema: object): MediaSpec[] => [{ mediaType: 'application/json', kind: 'json', schema: schema as JsonSchema }];
const item = { type: 'object', properties: { id: { type: 'string' }, text: { type: 'string' } } };
export const itemsApi: ApiSpec = {
  title: 'Items',
  version: '1',
  servers: [],
  schemaId: 'urn:test:items',
  securitySchemes: {},
  schemas: {},
  operations: {
    getItem: {
      operationId: 'getItem',
      name: 'getItem',
      method: 'GET',
      path: '/items/{id}',
      parameters: [{ name: 'id', in: 'path', required: true, style: 'simple', explode: false, allowReserved: false, shape: 'primitive', schema: { type: 'string' } }],
      responses: [
        { status: '200', content: json(item), headers: [] },
        { status: '404', content: json({ type: 'object' }), headers: [] },
      ],
      security: [],
      tags: [],
    },
    putItem: {
      operationId: 'putItem',
      name: 'putItem',
      method: 'PUT',
      path: '/items/{id}',
      parameters: [{ name: 'id', in: 'path', required: true, style: 'simple', explode: false, allowReserved: false, shape: 'primitive', schema: { type: 'string' } }],
      requestBody: { required: true, content: json(item) },
      responses: [{ status: '200', content: json(item), headers: [] }],
      security: [],
      tags: [],
    },
  },
};

/** Handlers over an in-memory store; `handled` counts GETs that reached the handler. */
export function itemStore() {
  const store = { texts: {} as Record<string, string>, handled: 0 };
  const handlers = {
  getItem: async ({ path }: { path: { id: string } }) => {
    store.handled++;
    const text = store.texts[path.id];
    return text === undefined ? { status: 404, body: {} } : { status: 200, body: { id: path.id, text } };
  },
  putItem: async ({ path, body }: { path: { id: string }; body: { text: string } }) => {
    store.texts[path.id] = body.text;
    return { status: 200, body: { id: path.id, text: body.text } };
  },
};
  return { store, handlers };
}
