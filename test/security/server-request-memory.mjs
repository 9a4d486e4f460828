// Started by server-request-multipart.test.ts as `node --expose-gc`: a multipart upload server whose
// handler reports how many ArrayBuffer bytes the process holds while the handler has the File
// (after a full GC), relative to the idle server. Its own process, so the test's client copies of
// the upload are not counted. Uses the built runtime (`npm test` builds first).
import { createListener, registerOperations } from '@contractgen/runtime/server';

const MiB = 1024 * 1024;
const api = {
  title: 'memory', version: '1', servers: [], schemaId: 'urn:contractgen:memory', securitySchemes: {}, schemas: {},
  operations: {
    upload: {
      operationId: 'upload', name: 'upload', method: 'POST', path: '/upload', parameters: [], security: [], tags: [],
      requestBody: { required: true, content: [{ mediaType: 'multipart/form-data', kind: 'multipart', schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } }] },
      responses: [{ status: '200', content: [{ mediaType: 'application/json', kind: 'json', schema: {} }], headers: [] }],
    },
  },
};
let base = 0;
const upload = async (req) => {
  globalThis.gc();
  const held = process.memoryUsage().arrayBuffers - base;
  return { status: 200, body: { held, size: req.body.file.size } };
};
const server = await createListener({ bodyLimit: 256 * MiB }, (app) => registerOperations(app, api, { upload }, { bodyLimit: 256 * MiB, multipart: { fileSize: 256 * MiB } }));
globalThis.gc();
base = process.memoryUsage().arrayBuffers;
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.stdin.on('data', () => undefined);
process.stdin.on('end', () => void server.close());
