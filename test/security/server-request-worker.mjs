// A generated-style server in a worker thread, so a test can watch it from outside: if a request
// blocks the worker's event loop, the test's own loop still runs (and its timeout still fires).
// Uses the built runtime (`npm test` builds first), like generated code does.
import { parentPort, workerData } from 'node:worker_threads';
import { createListener, registerOperations } from '@contractgen/runtime/server';

const { spec, options, listener } = workerData;
const handlers = Object.fromEntries(Object.keys(spec.operations).map((name) => [name, async (req) => ({ status: 200, body: req })]));
const server = await createListener(listener ?? {}, (app) => registerOperations(app, spec, handlers, options ?? {}));
parentPort.postMessage({ url: server.url });
parentPort.on('message', async (message) => {
  if (message === 'close') {
    await server.close();
    parentPort.close();
  }
});
