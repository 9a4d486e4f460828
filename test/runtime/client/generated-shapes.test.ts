/**
 * The generated client's descriptors carry the slim response shapes the runtime
 * checks (issues 12.5, 12.8, 12.11), and the generated client applies them over
 * HTTP: fixtures/client/response-shapes.yaml.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSpec } from '../../../runtime/src/spec.js';
import { StatusCodeClient } from '../../../runtime/src/client/index.js';
import { fixture, generateInto, typecheck } from '../../helpers/generated.js';
import { startServer, type TestServer } from './helpers.js';

let dir = '';
let clientSpec: ApiSpec;
let server: TestServer;
beforeAll(async () => {
  ({ dir } = await generateInto(fixture('client/response-shapes.yaml'), 'client-shapes'));
  ({ clientSpec } = (await import(path.join(dir, 'client.ts'))) as { clientSpec: ApiSpec });
  const form = new FormData();
  form.append('title', 'T');
  form.append('pages', '12');
  form.append('meta', new Blob(['{"k":true}'], { type: 'application/json' }), 'meta.json');
  const multipart = new Response(form);
  const multipartType = multipart.headers.get('content-type')!;
  const multipartBytes = Buffer.from(await multipart.arrayBuffer());
  server = await startServer((app) => {
    app.get('/users/:id', async (req, reply) => {
      const id = (req.params as { id: string }).id;
      if (id === 'problem') return reply.code(404).type('application/json').send({ type: 'about:blank', title: 'Not Found', status: 404 });
      return { id, name: 'Ann' };
    });
    app.get('/count', async (_req, reply) => reply.type('text/plain').send('42'));
    app.get('/report', async (_req, reply) => reply.type(multipartType).send(multipartBytes));
  });
});
afterAll(() => server.close());

class Api extends StatusCodeClient {
  run(name: string, req?: object) {
    return this.call(clientSpec.operations[name]!, req);
  }
}

describe('generated descriptors', () => {
  it('compile', async () => {
    expect(await typecheck([dir])).toBe('');
  });

  it('carry type and required (writeOnly excluded), text primitives, multipart property types', () => {
    const schemaOf = (name: string, status = '200') => clientSpec.operations[name]!.responses.find((r) => r.status === status)!.content[0]!.schema;
    expect(schemaOf('getUser')).toEqual({ type: 'object', required: ['id', 'name'] });
    expect(schemaOf('getUser', 'default')).toEqual({ type: 'object', required: ['code', 'message'] });
    expect(schemaOf('getCount')).toEqual({ type: 'integer' });
    expect(schemaOf('getReport')).toEqual({ type: 'object', required: ['title'], properties: { title: { type: 'string' }, pages: { type: 'integer' }, meta: { type: 'object' } } });
  });
});

describe('the generated client over HTTP', () => {
  const client = () => new Api(clientSpec, { baseUrl: server.url });

  it('a user without its writeOnly password is documented; a problem where Error is declared is not', async () => {
    expect(await client().run('getUser', { path: { id: 'u1' } })).toMatchObject({ status: 200, ok: true, documented: true, body: { id: 'u1', name: 'Ann' } });
    expect(await client().run('getUser', { path: { id: 'problem' } })).toMatchObject({ status: 404, documented: false, body: { title: 'Not Found' } });
  });

  it('text/plain integer and multipart responses are typed values', async () => {
    expect(await client().run('getCount')).toMatchObject({ documented: true, body: 42 });
    expect(await client().run('getReport')).toMatchObject({ documented: true, body: { title: 'T', pages: 12, meta: { k: true } } });
  });
});
