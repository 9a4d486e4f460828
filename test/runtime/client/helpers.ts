import Fastify, { type FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { StatusCodeClient, type CallInit, type ClientOptions, type ClientRequest, type ClientResponse } from '../../../runtime/src/client/node.js';
import type { ApiSpec, OperationSpec, ParameterSpec, ResponseSpec } from '../../../runtime/src/spec.js';

export const jsonResponse = (status = '200', headers: ResponseSpec['headers'] = []): ResponseSpec => ({
  status,
  content: [{ mediaType: 'application/json', kind: 'json' }],
  headers,
});

export function op(partial: Partial<OperationSpec> & { path: string }): OperationSpec {
  return {
    operationId: partial.name ?? 'op',
    name: 'op',
    method: 'GET',
    parameters: [],
    responses: [jsonResponse()],
    security: [],
    tags: [],
    ...partial,
  };
}

export function param(partial: Partial<ParameterSpec> & Pick<ParameterSpec, 'name' | 'in'>): ParameterSpec {
  const style = partial.style ?? (partial.in === 'query' || partial.in === 'cookie' ? 'form' : 'simple');
  return {
    required: partial.in === 'path',
    style,
    explode: style === 'form',
    allowReserved: false,
    shape: 'primitive',
    schema: {},
    ...partial,
  };
}

export function api(operations: Record<string, OperationSpec>, extra: Partial<ApiSpec> = {}): ApiSpec {
  return { title: 'Test', version: '1', servers: [], securitySchemes: {}, schemaId: 'test', schemas: {}, operations, ...extra };
}

/** A generated-client stand-in: calls any operation by its key. */
export class TestClient extends StatusCodeClient {
  readonly #spec: ApiSpec;
  constructor(spec: ApiSpec, options: ClientOptions = {}) {
    super(spec, options);
    this.#spec = spec;
  }
  run(name: string, req?: ClientRequest, init?: CallInit): Promise<ClientResponse> {
    return this.call(this.#spec.operations[name]!, req, init);
  }
}

export interface TestServer {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

/** A Fastify server on 127.0.0.1, random port, that accepts every body as a Buffer (JSON parsed), plus multipart. */
export async function startServer(setup: (app: FastifyInstance) => void | Promise<void>): Promise<TestServer> {
  const app = Fastify({ forceCloseConnections: true });
  await app.register(multipart);
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  await setup(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { app, url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}

/** Registers `/echo/*` for every method: answers what it received. */
export function echoRoutes(app: FastifyInstance): void {
  app.route({
    method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'],
    url: '/echo/*',
    handler: async (req) => {
      let body: unknown = req.body;
      if (req.isMultipart()) {
        const parts: unknown[] = [];
        for await (const part of req.parts()) {
          if (part.type === 'file') {
            parts.push({ name: part.fieldname, filename: part.filename, type: part.mimetype, text: (await part.toBuffer()).toString() });
          } else parts.push({ name: part.fieldname, value: part.value });
        }
        body = parts;
      } else if (Buffer.isBuffer(body)) body = { bytes: [...body] };
      return { method: req.method, url: req.raw.url, headers: req.headers, body };
    },
  });
}
