/**
 * Request bodies: text kinds with non-string schemas (issue 12.2 XML with an object schema,
 * 12.8 text/plain numbers) and non-finite numbers smuggled in as `1e999` (issue 13.9), over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, body, echoResponse, op, serve, type Served } from './server-request-helpers.js';

const PET = 'urn:contractgen:security#/components/schemas/Pet';
const spec = api(
  {
    xml: op({ operationId: 'xml', method: 'POST', path: '/xml', requestBody: body('application/xml', 'text', { $ref: PET }), responses: echoResponse }),
    textXml: op({ operationId: 'textXml', method: 'POST', path: '/text-xml', requestBody: body('text/xml', 'text', { type: 'object', properties: { id: { type: 'integer' } } }), responses: echoResponse }),
    number: op({ operationId: 'number', method: 'POST', path: '/number', requestBody: body('text/plain', 'text', { type: 'number', minimum: 0 }), responses: echoResponse }),
    integer: op({ operationId: 'integer', method: 'POST', path: '/integer', requestBody: body('text/plain', 'text', { type: 'integer' }), responses: echoResponse }),
    boolean: op({ operationId: 'boolean', method: 'POST', path: '/boolean', requestBody: body('text/plain', 'text', { type: 'boolean' }), responses: echoResponse }),
    string: op({ operationId: 'string', method: 'POST', path: '/string', requestBody: body('text/plain', 'text', { type: 'string', maxLength: 3 }), responses: echoResponse }),
    json: op({ operationId: 'json', method: 'POST', path: '/json', requestBody: body('application/json', 'json', { type: 'object', properties: { n: { type: 'number' }, i: { type: 'integer' } } }), responses: echoResponse }),
    form: op({
      operationId: 'form',
      method: 'POST',
      path: '/form',
      requestBody: body('application/x-www-form-urlencoded', 'form', { type: 'object', properties: { n: { type: 'number' }, i: { type: 'integer' } } }),
      responses: echoResponse,
    }),
  },
  { schemas: { Pet: { type: 'object', required: ['id'], properties: { id: { type: 'integer' }, name: { type: 'string' } } } } },
);

let s: Served;
beforeAll(async () => {
  s = await serve(spec);
});
afterAll(() => s?.close());

async function post(path: string, contentType: string, payload: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body: payload });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('12.2 an XML (non-JSON text kind) request body with an object schema is accepted as text', () => {
  it('application/xml with a $ref to an object schema: the handler gets the XML string', async () => {
    const xml = '<Pet><id>1</id><name>Rex</name></Pet>';
    const r = await post('/xml', 'application/xml', xml);
    expect(r.status).toBe(200);
    expect(r.body['body']).toBe(xml);
  });

  it('text/xml with an inline object schema', async () => {
    const r = await post('/text-xml', 'text/xml; charset=utf-8', '<x id="1"/>');
    expect(r.status).toBe(200);
    expect(r.body['body']).toBe('<x id="1"/>');
  });
});

describe('12.8 text/plain with a number/integer/boolean schema: parsed, then validated as that type', () => {
  it.each([
    ['/number', '12.5', 12.5],
    ['/number', ' 3\n', 3],
    ['/integer', '42', 42],
    ['/boolean', 'true', true],
    ['/boolean', 'false', false],
  ])('%s %j -> %j', async (path, text, value) => {
    const r = await post(path, 'text/plain', text);
    expect(r.status).toBe(200);
    expect(r.body['body']).toBe(value);
  });

  it.each([
    ['/number', 'abc'],
    ['/number', '0x10'],
    ['/number', '-1'],
    ['/integer', '1.5'],
    ['/boolean', 'yes'],
    ['/string', 'abcd'],
  ])('%s %j -> 400 problem', async (path, text) => {
    const before = s.calls();
    const r = await post(path, 'text/plain', text);
    expect(r.status).toBe(400);
    expect(r.body['errors']).toEqual([expect.objectContaining({ in: 'body', pointer: '' })]);
    expect(s.calls()).toBe(before);
  });

  it('a string schema still gets the string', async () => {
    const r = await post('/string', 'text/plain', '12');
    expect(r.body['body']).toBe('12');
  });
});

describe('13.9 non-finite numbers (1e999) in bodies are a 400', () => {
  it.each([
    ['/json', 'application/json', '{"n":1e999}'],
    ['/json', 'application/json', '{"i":-1e999}'],
    ['/form', 'application/x-www-form-urlencoded', 'n=1e999'],
    ['/form', 'application/x-www-form-urlencoded', 'i=1e400'],
    ['/number', 'text/plain', '1e999'],
    ['/integer', 'text/plain', 'Infinity'],
  ])('%s %s %j', async (path, contentType, payload) => {
    const r = await post(path, contentType, payload);
    expect(r.status).toBe(400);
  });

  it('forms refuse what JavaScript (not JSON) reads as a number: 0x10, 1_0', async () => {
    expect((await post('/form', 'application/x-www-form-urlencoded', 'i=0x10')).status).toBe(400);
    expect((await post('/form', 'application/x-www-form-urlencoded', 'n=1_0')).status).toBe(400);
  });

  it('finite numbers still pass', async () => {
    expect((await post('/json', 'application/json', '{"n":1e300,"i":7}')).body['body']).toEqual({ n: 1e300, i: 7 });
    expect((await post('/form', 'application/x-www-form-urlencoded', 'n=2.5&i=3')).body['body']).toEqual({ n: 2.5, i: 3 });
  });
});
