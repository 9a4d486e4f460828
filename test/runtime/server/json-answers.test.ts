/**
 * JSON answers over real HTTP on 127.0.0.1, with and without validateResponses: the common answer
 * (a JSON body by its status's one media type, no headers, no contentType) and its neighbours —
 * the schema's fields only, the declared type without charset (vendor types too), HEAD, handler
 * headers and a picked media type, and contract breaks (serializer refusal, bytes for JSON, an
 * undeclared status, a schema failure) as logged 500s. Pins what any faster path for the common
 * answer (issue 15) must keep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handler } from '../../../runtime/src/server/index.js';
import type { MediaSpec } from '../../../runtime/src/spec.js';
import { api, op, param, serve, type Served } from '../../security/server-request-helpers.js';

const Pet = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string', minLength: 1 } } };
const json = (mediaType: string, schema: unknown): MediaSpec => ({ mediaType, kind: 'json', schema: schema as never });
const spec = api({
  getPet: op({
    operationId: 'getPet',
    method: 'GET',
    path: '/pets/{case}',
    parameters: [param({ name: 'case', in: 'path' })],
    responses: [
      { status: '200', content: [json('application/json', Pet)], headers: [{ name: 'X-Rate', required: false, schema: { type: 'integer' } as never }] },
      { status: '201', content: [json('application/vnd.pet+json', Pet)], headers: [] },
      { status: '202', content: [json('application/json', Pet), { mediaType: 'text/plain', kind: 'text', schema: { type: 'string' } as never }], headers: [] },
    ],
  }),
});

const ANSWERS: Record<string, unknown> = {
  plain: { status: 200, body: { id: 1, name: 'Rex', secret: 'not in the schema' } },
  vendor: { status: 201, body: { id: 2, name: 'Rex' } },
  headers: { status: 200, body: { id: 3, name: 'Rex' }, headers: { 'x-rate': 5 } },
  negotiated: { status: 202, body: 'as text', contentType: 'text/plain' },
  invalid: { status: 200, body: { id: 4, name: '' } },
  missing: { status: 200, body: { name: 'no id' } },
  bytes: { status: 200, body: Buffer.from('{"id":5,"name":"Rex"}') },
  undeclared: { status: 299, body: { id: 6, name: 'Rex' } },
};
const handlers: Record<string, Handler> = { getPet: async (req: { path: { case: string } }) => ANSWERS[req.path.case] as never };

function capture(): { lines: Array<{ level: number; msg: string }>; logger: Record<string, unknown> } {
  const lines: Array<{ level: number; msg: string }> = [];
  return { lines, logger: { level: 'error', stream: { write: (l: string) => void lines.push(JSON.parse(l)) } } };
}

describe.each([false, true])('JSON answers with validateResponses %s', (validateResponses) => {
  let served: Served;
  const log = capture();
  beforeAll(async () => {
    served = await serve(spec, { validateResponses }, { logger: log.logger }, handlers);
  });
  afterAll(() => served.close());

  it('sends the plain answer as its declared type, without charset, with only the schema’s fields', async () => {
    const res = await fetch(`${served.url}/pets/plain`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.text()).toBe('{"id":1,"name":"Rex"}');
  });

  it('keeps a vendor JSON type as declared', async () => {
    const res = await fetch(`${served.url}/pets/vendor`);
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/vnd.pet+json');
    expect(await res.json()).toEqual({ id: 2, name: 'Rex' });
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await fetch(`${served.url}/pets/plain`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.text()).toBe('');
  });

  it('sends the handler’s headers and a picked media type (the general path)', async () => {
    const withHeaders = await fetch(`${served.url}/pets/headers`);
    expect(withHeaders.headers.get('x-rate')).toBe('5');
    expect(await withHeaders.json()).toEqual({ id: 3, name: 'Rex' });
    const negotiated = await fetch(`${served.url}/pets/negotiated`);
    expect(negotiated.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await negotiated.text()).toBe('as text');
  });

  it('answers a body its serializer cannot write, bytes for JSON and an undeclared status as logged contract 500s', async () => {
    for (const name of ['missing', 'bytes', 'undeclared']) {
      const before = log.lines.length;
      const res = await fetch(`${served.url}/pets/${name}`);
      expect(res.status, name).toBe(500);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(((await res.json()) as { detail: string }).detail, name).toBe('the response does not match the API contract');
      expect(log.lines.length, name).toBe(before + 1);
    }
  });

  it(validateResponses ? 'refuses a body the schema refuses (500, logged)' : 'sends a body the schema would refuse (validation off)', async () => {
    const before = log.lines.length;
    const res = await fetch(`${served.url}/pets/invalid`);
    if (validateResponses) {
      expect(res.status).toBe(500);
      expect(((await res.json()) as { detail: string }).detail).toBe('the response does not match the API contract');
      expect(log.lines.length).toBe(before + 1);
    } else {
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ id: 4, name: '' });
      expect(log.lines.length).toBe(before);
    }
  });
});
