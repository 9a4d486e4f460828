/**
 * Shared by test/security/server-request-*.test.ts: a minimal ApiSpec per test (built from the
 * runtime's descriptor shape, as generated code hands it over), served on 127.0.0.1 (port 0).
 */
import { Worker } from 'node:worker_threads';
import type { FastifyInstance } from 'fastify';
import { createListener, registerOperations, type Handler, type HandlerRequest, type Listener, type ListenerOptions, type RegisterOptions } from '../../runtime/src/server/index.js';
import type { ApiSpec, JsonSchema, MediaSpec, OperationSpec, RequestBodySpec, SecuritySchemeSpec } from '../../runtime/src/spec.js';
export { op, param } from '../runtime/server/fixtures/petstore.js';

/** A JSON response that echoes anything (schema `{}`). */
export const echoResponse = [{ status: '200', content: [{ mediaType: 'application/json', kind: 'json' as const, schema: {} }], headers: [] }];

export function api(operations: Record<string, OperationSpec>, extra: Partial<ApiSpec> = {}): ApiSpec {
  return { title: 'Security', version: '1', servers: [], schemaId: 'urn:contractgen:security', securitySchemes: {}, schemas: {}, operations, ...extra };
}

export function body(mediaType: string, kind: MediaSpec['kind'], schema?: unknown, required = true): RequestBodySpec {
  const media: MediaSpec = { mediaType, kind };
  if (schema !== undefined) media.schema = schema as JsonSchema;
  return { required, content: [media] };
}

/** Every operation answers 200 with what it was handed (`req` minus auth unless asked). */
export const echo: Handler = async (req: HandlerRequest) => ({ status: 200, body: req });

export interface Served {
  server: Listener;
  url: string;
  /** How often a handler ran. */
  calls: () => number;
  /** The last request a handler was handed. */
  last: () => HandlerRequest | undefined;
  close: () => Promise<void>;
}

export async function serve(
  spec: ApiSpec,
  options: RegisterOptions = {},
  listener: ListenerOptions = {},
  handlers?: Record<string, Handler>,
  before?: (app: FastifyInstance) => Promise<void> | void,
): Promise<Served> {
  let calls = 0;
  let last: HandlerRequest | undefined;
  const wrapped: Record<string, Handler> = {};
  for (const name of Object.keys(spec.operations)) {
    const inner = handlers?.[name] ?? echo;
    wrapped[name] = async (req: HandlerRequest, ctx) => {
      calls++;
      last = req;
      return inner(req, ctx);
    };
  }
  const server = await createListener(listener, async (app) => {
    await before?.(app);
    await registerOperations(app, spec, wrapped, options);
  });
  return { server, url: server.url, calls: () => calls, last: () => last, close: () => server.close() };
}

/**
 * Serves `spec` from a worker thread (echo handlers): a request that blocks the server's event loop
 * does not block the test, which can still see whether a concurrent request is answered.
 */
export async function serveInWorker(spec: ApiSpec, options: RegisterOptions = {}, listener: ListenerOptions = {}): Promise<{ url: string; close: () => Promise<void> }> {
  const worker = new Worker(new URL('./server-request-worker.mjs', import.meta.url), { workerData: { spec, options, listener } });
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('message', (m: { url: string }) => resolve(m.url));
    worker.once('error', reject);
  });
  // terminate() stops the worker even while a regular expression or a loop holds its thread.
  return { url, close: async () => void (await worker.terminate()) };
}

export type { SecuritySchemeSpec };
