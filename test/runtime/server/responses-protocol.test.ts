/**
 * Issue 12 (server response side), over real HTTP on 127.0.0.1:
 * 12.1 free-form objects keep their properties; 12.2 content negotiation on the classic Petstore v3
 * shape (application/xml before application/json) and no `String(object)` for XML/text;
 * 12.3 an array header value is several header lines; 12.8 text/plain with a number/integer/boolean
 * schema; 12.11 multipart responses; 12.12 `application/json` without a charset.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptHeader } from '../../../runtime/src/client/accept.js';
import { createListener, registerOperations, type Handler, type Listener } from '../../../runtime/src/server/index.js';
import type { ApiSpec, MediaSpec, OperationSpec } from '../../../runtime/src/spec.js';
import { serverSpec as petstoreV3 } from '../../golden/conformance-petstore-v3/server.js';
import { api, op, param, serve, type Served } from '../../security/server-request-helpers.js';

const json = (schema: unknown): MediaSpec => ({ mediaType: 'application/json', kind: 'json', schema: schema as never });
const text = (mediaType: string, schema: unknown): MediaSpec => ({ mediaType, kind: 'text', schema: schema as never });
const ok = (...content: MediaSpec[]) => [{ status: '200', content, headers: [] }];

function capture(): { lines: Array<{ level: number; msg: string; operationId?: string }>; logger: Record<string, unknown> } {
  const lines: Array<{ level: number; msg: string; operationId?: string }> = [];
  return { lines, logger: { level: 'error', stream: { write: (l: string) => void lines.push(JSON.parse(l)) } } };
}

describe('12.1 free-form objects (type: object, no properties) keep every property in responses', () => {
  const spec = api(
    {
      getEntry: op({
        operationId: 'getEntry',
        method: 'GET',
        path: '/entry',
        responses: ok(
          json({
            type: 'object',
            properties: {
              info: { $ref: 'urn:contractgen:security#/components/schemas/Info' },
              externalDocs: { type: 'object' },
              nullable: { type: ['object', 'null'] },
              closed: { type: 'object', properties: { a: { type: 'string' } } },
            },
          }),
        ),
      }),
    },
    { schemas: { Info: { type: 'object', description: 'APIs.guru info: anything goes' } } },
  );
  let served: Served;
  beforeAll(async () => {
    served = await serve(spec, { validateResponses: true }, {}, {
      getEntry: async () => ({
        status: 200,
        body: {
          info: { title: 'X', 'x-logo': { url: 'https://x.test/l.png' }, version: 2 },
          externalDocs: { url: 'https://docs.test', description: 'docs' },
          nullable: { any: [1, 2] },
          closed: { a: 'kept', b: 'dropped: outside the schema' },
          undeclared: 'dropped',
        },
      }),
    });
  });
  afterAll(() => served.close());

  it('sends the free-form objects whole, still drops what a closed schema does not name', async () => {
    const res = await fetch(`${served.url}/entry`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      info: { title: 'X', 'x-logo': { url: 'https://x.test/l.png' }, version: 2 },
      externalDocs: { url: 'https://docs.test', description: 'docs' },
      nullable: { any: [1, 2] },
      closed: { a: 'kept' },
    });
  });
});

describe('12.2 content negotiation on the classic Petstore v3 shape (application/xml before application/json)', () => {
  const getPetById = petstoreV3.operations['getPetById'] as OperationSpec;
  const pet = { id: 10, name: 'doggie', photoUrls: [], status: 'available' };
  const xml = '<pet><id>10</id><name>doggie</name></pet>';
  /** The handler returns the XML string without naming the media type. */
  let handlerPlain = false;
  let server: Listener;
  const log = capture();
  beforeAll(async () => {
    const handlers: Record<string, Handler> = Object.fromEntries(Object.keys(petstoreV3.operations).map((k) => [k, async () => ({ status: 501 })]));
    handlers['getPetById'] = async (req: { path: { petId: number } }) =>
      req.path.petId === 11 ? (handlerPlain ? { status: 200, body: xml } : { status: 200, contentType: 'application/xml', body: xml }) : { status: 200, body: pet };
    server = await createListener({ logger: log.logger }, (app) => registerOperations(app, petstoreV3, handlers, { validateResponses: true, security: { api_key: { keys: ['k'] } } }));
  });
  afterAll(() => server.close());

  const get = (petId: number, accept?: string) => fetch(`${server.url}/pet/${petId}`, { headers: { api_key: 'k', ...(accept === undefined ? {} : { accept }) } });

  for (const [label, accept] of [
    ['Accept: */*', '*/*'],
    ['no Accept', undefined],
    ["our client's default Accept", acceptHeader(getPetById)],
    ['Accept listing XML first at the same quality', 'application/xml, application/json'],
    ['a browser-like Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
  ] as const) {
    it(`an object body goes out as JSON with ${label}`, async () => {
      const res = await get(10, accept);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.json()).toEqual(pet);
    });
  }

  it('a client that only accepts XML gets a logged 500 contract error, never "[object Object]"', async () => {
    const before = log.lines.length;
    const res = await get(10, 'application/xml');
    const body = await res.text();
    expect(res.status).toBe(500);
    expect(body).not.toContain('[object Object]');
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(log.lines.slice(before).some((l) => l.level === 50 && l.operationId === 'getPetById' && /application\/xml body must be a string/.test(l.msg))).toBe(true);
  });

  it('a handler that serializes XML itself (contentType application/xml, a string) sends it as is', async () => {
    const res = await get(11, 'application/xml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml');
    expect(await res.text()).toBe(xml);
  });

  it("a string body goes out as XML also with our client's default Accept (JSON first): the JSON schema is an object", async () => {
    handlerPlain = true;
    try {
      const res = await get(11, acceptHeader(getPetById));
      expect(res.headers.get('content-type')).toBe('application/xml');
      expect(await res.text()).toBe(xml);
    } finally {
      handlerPlain = false;
    }
  });

  it('with no Accept a string body is still sent in the spec order, as XML', async () => {
    const res = await get(11);
    expect(res.headers.get('content-type')).toBe('application/xml');
    expect(await res.text()).toBe(xml);
  });
});

describe('12.2 / 12.8 / 12.11 / 12.12 / 12.3 bodies and headers by media kind', () => {
  const multipartSchema = {
    type: 'object',
    properties: {
      meta: { type: 'object', properties: { label: { type: 'string' } } },
      file: { type: 'string', format: 'binary' },
      photo: { type: 'string', format: 'binary' },
      count: { type: 'integer' },
      tags: { type: 'array', items: { type: 'string' } },
      secret: { type: 'string', writeOnly: true },
    },
  };
  const spec: ApiSpec = api({
    count: op({ operationId: 'count', method: 'GET', path: '/count/{mode}', parameters: [param({ name: 'mode', in: 'path' })], responses: ok(text('text/plain', { type: 'integer' })) }),
    price: op({ operationId: 'price', method: 'GET', path: '/price', responses: ok(text('text/plain', { type: 'number' })) }),
    flag: op({ operationId: 'flag', method: 'GET', path: '/flag', responses: ok(text('text/plain', { type: 'boolean' })) }),
    note: op({ operationId: 'note', method: 'GET', path: '/note', responses: ok(text('text/plain', { type: 'object', properties: { a: { type: 'string' } } })) }),
    bundle: op({
      operationId: 'bundle',
      method: 'GET',
      path: '/bundle',
      responses: ok({ mediaType: 'multipart/form-data', kind: 'multipart', schema: multipartSchema as never, encoding: { photo: { contentType: 'image/png' } } }),
    }),
    vendor: op({ operationId: 'vendor', method: 'GET', path: '/vendor', responses: ok({ mediaType: 'application/vnd.api+json', kind: 'json', schema: { type: 'object', properties: { a: { type: 'integer' } } } }) }),
    cookies: op({
      operationId: 'cookies',
      method: 'GET',
      path: '/cookies',
      responses: [{ status: '204', content: [], headers: [{ name: 'Set-Cookie', required: true, schema: { type: 'array', items: { type: 'string' } } }] }],
    }),
  });
  const log = capture();
  let served: Served;
  beforeAll(async () => {
    served = await serve(spec, { validateResponses: true }, { logger: log.logger }, {
      count: async (req: { path: { mode: string } }) => ({ status: 200, body: req.path.mode === 'ok' ? 12 : req.path.mode === 'string' ? '12' : 12.5 }),
      price: async () => ({ status: 200, body: 12.5 }),
      flag: async () => ({ status: 200, body: false }),
      note: async () => ({ status: 200, body: { a: 'an object for text/plain' } }),
      bundle: async () => ({
        status: 200,
        body: {
          meta: { label: 'holiday', internal: 'dropped' },
          file: new File(['hello'], 'hello.txt', { type: 'text/plain' }),
          photo: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
          count: 3,
          tags: ['a', 'b'],
          secret: 'never sent',
          undeclared: 'never sent',
        },
      }),
      vendor: async () => ({ status: 200, body: { a: 1, b: 2 } }),
      cookies: async () => ({ status: 204, headers: { 'Set-Cookie': ['session=abc; Path=/; HttpOnly', 'theme=dark; Path=/'] } }),
    });
  });
  afterAll(() => served.close());

  it('12.8 text/plain with an integer schema: the handler returns 12, the runtime sends "12"', async () => {
    const res = await fetch(`${served.url}/count/ok`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('12');
  });

  it('12.8 number and boolean schemas are stringified too', async () => {
    expect(await (await fetch(`${served.url}/price`)).text()).toBe('12.5');
    expect(await (await fetch(`${served.url}/flag`)).text()).toBe('false');
  });

  it('12.8 the typed value is validated: "12" (a string) and 12.5 break an integer schema (500)', async () => {
    for (const mode of ['string', 'fraction']) expect((await fetch(`${served.url}/count/${mode}`)).status).toBe(500);
  });

  it('12.2 an object for a text/plain response is a logged 500, never String(object)', async () => {
    const before = log.lines.length;
    const res = await fetch(`${served.url}/note`);
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('[object Object]');
    expect(log.lines.slice(before).some((l) => l.level === 50 && l.operationId === 'note')).toBe(true);
  });

  it('12.11 a handler sends a multipart/form-data response: declared parts only, files as file parts, objects as JSON parts', async () => {
    const res = await fetch(`${served.url}/bundle`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    const raw = await res.clone().text();
    const form = await res.formData();
    expect([...form.keys()].sort()).toEqual(['count', 'file', 'meta', 'photo', 'tags', 'tags']);
    expect(raw).not.toContain('never sent');
    expect(raw).not.toContain('internal');
    // a JSON part carries its media type; without a filename WHATWG's parser hands it over as text
    expect(raw).toContain('Content-Disposition: form-data; name="meta"\r\nContent-Type: application/json\r\n');
    expect(JSON.parse(form.get('meta') as string)).toEqual({ label: 'holiday' });
    const file = form.get('file') as File;
    expect([file.name, file.type, await file.text()]).toEqual(['hello.txt', 'text/plain', 'hello']);
    const photo = form.get('photo') as File;
    expect(photo.type).toBe('image/png');
    expect([...new Uint8Array(await photo.arrayBuffer())]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(form.get('count')).toBe('3');
    expect(form.getAll('tags')).toEqual(['a', 'b']);
  });

  it('12.12 JSON responses are application/json (or their +json type) without a charset (RFC 8259)', async () => {
    const vendor = await fetch(`${served.url}/vendor`);
    expect(vendor.headers.get('content-type')).toBe('application/vnd.api+json');
    expect(await vendor.json()).toEqual({ a: 1 });
    const problem = await fetch(`${served.url}/nowhere`);
    expect(problem.headers.get('content-type')).toBe('application/problem+json');
  });

  it('12.3 an array header value is several header lines: Set-Cookie sets two cookies', async () => {
    const res = await fetch(`${served.url}/cookies`);
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie()).toEqual(['session=abc; Path=/; HttpOnly', 'theme=dark; Path=/']);
    const raw = await new Promise<string[]>((resolve, reject) => {
      httpRequest(`${served.url}/cookies`, (r) => {
        r.resume();
        resolve(r.rawHeaders);
      })
        .on('error', reject)
        .end();
    });
    const lines = raw.filter((_, i) => i % 2 === 0 && raw[i]?.toLowerCase() === 'set-cookie');
    expect(lines).toHaveLength(2);
  });
});

describe('12.8 with validateResponses off (production): a non-finite number is never sent as text', () => {
  const spec = api({ price: op({ operationId: 'price', method: 'GET', path: '/price/{mode}', parameters: [param({ name: 'mode', in: 'path' })], responses: ok(text('text/plain', { type: 'number' })) }) });
  let served: Served;
  beforeAll(async () => {
    served = await serve(spec, { validateResponses: false }, { logger: false }, {
      price: async (req: { path: { mode: string } }) => ({ status: 200, body: req.path.mode === 'nan' ? Number.NaN : req.path.mode === 'inf' ? 1e999 : 9.5 }),
    });
  });
  afterAll(() => served.close());

  it('9.5 goes out as "9.5"; Infinity and NaN are a 500 problem', async () => {
    expect(await (await fetch(`${served.url}/price/ok`)).text()).toBe('9.5');
    for (const mode of ['inf', 'nan']) {
      const res = await fetch(`${served.url}/price/${mode}`);
      expect(res.status).toBe(500);
      expect(await res.text()).not.toMatch(/^(Infinity|NaN)$/);
    }
  });
});
