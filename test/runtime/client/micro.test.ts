/**
 * The browser's micro core (micro.ts) against the full path it stands in for (issue 14): every
 * case runs through both — the micro `connect`/`call`, and `connect` over the fetch platform with
 * the full `call` — against the same server on 127.0.0.1, and must give the same result or the
 * same typed error (class, code, message). Cases the micro core sends itself and cases it hands
 * to the full client (which it loads on demand) alike; which one a plain call takes is shown by
 * bundle.test.ts (it runs with the lazy chunk deleted).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiInfo, Plugins } from '../../../runtime/src/client/connection.js';
import { connect as fullConnect } from '../../../runtime/src/client/connection.js';
import { applyClientAuth } from '../../../runtime/src/client/auth.js';
import { call as fullCall } from '../../../runtime/src/client/call.js';
import { call as microCall, connect as microConnect } from '../../../runtime/src/client/micro.js';
import { fetchPlatform } from '../../../runtime/src/client/platform-fetch.js';
import { serializeFormQueryParam, serializeSimplePathParam } from '../../../runtime/src/client/param-text.js';
import { lazyPlugin } from '../../../runtime/src/client/lazy-plugin.js';
import { withRedirects } from '../../../runtime/src/client/redirects.js';
import { responseHeaders } from '../../../runtime/src/client/response-headers.js';
import type { CallInit, ClientOptions, ClientRequest } from '../../../runtime/src/client/types.js';
import { defaultAccept, type OperationSpec } from '../../../runtime/src/spec.js';
import { comparable } from '../../helpers/client-forms.js';
import { op, param, startServer, type TestServer } from './helpers.js';

const PLUGINS: Plugins = { path: serializeSimplePathParam, query: serializeFormQueryParam, responseHeaders };
const petResponses: OperationSpec['responses'] = [
  { status: '200', content: [{ mediaType: 'application/json', kind: 'json', schema: { type: 'object', required: ['id', 'name'] } }], headers: [{ name: 'X-Count', required: false, schema: { type: 'integer' } }] },
  { status: '204', content: [], headers: [] },
  { status: '4XX', content: [{ mediaType: 'application/problem+json', kind: 'json', schema: { type: 'object' } }], headers: [] },
];
/** As generated: the Accept header precomputed (a descriptor without one goes through the full path). */
const getPet: OperationSpec = {
  ...op({
    name: 'getPet',
    path: '/pets/{id}',
    parameters: [param({ name: 'id', in: 'path' }), param({ name: 'limit', in: 'query' }), param({ name: 'tag', in: 'query' })],
    responses: petResponses,
  }),
  accept: defaultAccept(petResponses) ?? '',
};
const secured = op({ name: 'secured', path: '/pets/{id}', parameters: [param({ name: 'id', in: 'path' })], responses: petResponses, security: [{ key: [] }] });

let server: TestServer;
let other: TestServer;
let closedUrl: string;

/** The outcome of one call, comparable across the two paths. */
async function outcome(promise: () => Promise<unknown>): Promise<unknown> {
  try {
    return { result: comparable((await promise()) as { headers?: unknown; raw?: unknown }) };
  } catch (error) {
    const e = error as Error & { code?: string };
    return { error: { name: e.name, code: e.code, message: e.message } };
  }
}

interface Case {
  options?: ClientOptions;
  info?: Partial<ApiInfo>;
  plugins?: Plugins;
  op?: OperationSpec;
  req?: ClientRequest;
  init?: () => CallInit;
  abortAfter?: number;
}

async function both(c: Case): Promise<{ micro: unknown; full: unknown }> {
  const info: ApiInfo = { title: 'Test', servers: [{ url: server.url, variables: {} }], securitySchemes: {}, ...c.info };
  const options = c.options ?? {};
  const operation = c.op ?? getPet;
  const opPlugins = { ...PLUGINS, ...c.plugins };
  const run = async (micro: boolean): Promise<unknown> =>
    outcome(async () => {
      const client = micro ? microConnect(info, options, c.plugins) : fullConnect(info, options, fetchPlatform, c.plugins);
      const init = c.init?.();
      const controller = new AbortController();
      if (c.abortAfter !== undefined) setTimeout(() => controller.abort(), c.abortAfter);
      const withSignal = c.abortAfter === undefined ? init : { ...init, signal: controller.signal };
      return micro ? microCall(client, operation, c.req, withSignal, opPlugins) : fullCall(client, operation, c.req, withSignal, opPlugins);
    });
  return { micro: await run(true), full: await run(false) };
}

async function same(c: Case): Promise<unknown> {
  const { micro, full } = await both(c);
  expect(micro).toEqual(full);
  return micro;
}

beforeAll(async () => {
  server = await startServer((app) => {
    app.get('/pets/:id', async (req, reply) => {
      const { id } = req.params as { id: string };
      const q = req.query as Record<string, string>;
      switch (id) {
        case 'missing-name':
          return reply.type('application/json').send({ id: 1 });
        case 'bad-json':
          return reply.type('application/json').send('{"id":');
        case 'empty':
          return reply.code(204).send();
        case 'html':
          return reply.code(503).type('text/html').send('<h1>down</h1>');
        case 'problem':
          return reply.code(404).type('application/problem+json').send({ title: 'no' });
        case 'slow':
          // far longer than the 50 ms the cases wait (a late timer on a busy machine still fires first)
          await new Promise((resolve) => setTimeout(resolve, 3000).unref());
          return reply.type('application/json').send({ id: 1, name: 'slow' });
        case 'big':
          return reply.type('application/json').send({ id: 1, name: 'x'.repeat(5000) });
        case 'chunked': {
          reply.raw.writeHead(200, { 'content-type': 'application/json' });
          reply.raw.write(`{"id":1,"name":"${'y'.repeat(3000)}`);
          reply.raw.end(`${'y'.repeat(3000)}"}`);
          return reply;
        }
        case 'redirect':
          return reply.redirect(`${other.url}/landing`, 302);
        default:
          return reply.header('x-count', '3').type('application/json').send({ id, name: 'rex', url: req.url, accept: req.headers.accept, h: req.headers['x-h'] ?? null, auth: req.headers.authorization ?? null, q });
      }
    });
  });
  other = await startServer((app) => {
    app.get('/landing', async (req) => ({ id: 2, name: 'landed', key: req.headers['x-api-key'] ?? null }));
  });
  const closed = await startServer(() => undefined);
  closedUrl = closed.url;
  await closed.close();
});

afterAll(async () => {
  await server.close();
  await other.close();
});

describe('the micro core gives what the full path gives', () => {
  it('a documented JSON answer, its typed headers, path and query serialization, client and call headers', async () => {
    const out = await same({
      options: { headers: { 'x-h': 'client' } },
      req: { path: { id: 'a/b c!' }, query: { limit: 2, tag: 'x y' } },
      init: () => ({ headers: { 'x-h': 'call' } }),
    });
    expect(out).toMatchObject({ result: { status: 200, ok: true, documented: true, headers: { 'X-Count': 3 }, body: { url: '/pets/a%2Fb%20c%21?limit=2&tag=x%20y', h: 'call' } } });
  });

  it("the Accept header: the descriptor's precomputed one, or (a hand-made descriptor without it) the same one computed", async () => {
    const accept = 'application/json, application/problem+json';
    expect(getPet.accept).toBe(accept);
    expect(await same({ req: { path: { id: '1' } } })).toMatchObject({ result: { body: { accept } } });
    const { accept: _, ...handMade } = getPet;
    expect(await same({ op: handMade, req: { path: { id: '1' } } })).toMatchObject({ result: { body: { accept } } });
    // '' (no documented body): no Accept header (fetch's own default, */*)
    expect(await same({ op: { ...getPet, accept: '' }, req: { path: { id: '1' } } })).toMatchObject({ result: { body: { accept: '*/*' } } });
  });

  it('undocumented answers: missing required property, an undocumented media type, a body that does not parse', async () => {
    expect(await same({ req: { path: { id: 'missing-name' } } })).toMatchObject({ result: { status: 200, ok: false, documented: false } });
    expect(await same({ req: { path: { id: 'html' } } })).toMatchObject({ result: { status: 503, documented: false, body: '<h1>down</h1>' } });
    expect(await same({ req: { path: { id: 'bad-json' } } })).toMatchObject({ error: { code: 'CG_RESPONSE_PARSE' } });
  });

  it('a bodiless and a ranged (4XX) documented answer', async () => {
    expect(await same({ req: { path: { id: 'empty' } } })).toMatchObject({ result: { status: 204, ok: true, documented: true } });
    expect(await same({ req: { path: { id: 'problem' } } })).toMatchObject({ result: { status: 404, ok: false, documented: true } });
  });

  it('requests the full path refuses: missing or dot-segment path values, invalid header values, undeclared values, bad per-call settings', async () => {
    expect(await same({ req: { path: {} } })).toMatchObject({ error: { code: 'CG_INVALID_REQUEST' } });
    expect(await same({ req: { path: { id: '..' } } })).toMatchObject({ error: { code: 'CG_INVALID_REQUEST' } });
    expect(await same({ req: { path: { id: '1' } }, init: () => ({ headers: { 'x-h': 'a\nb' } }) })).toMatchObject({ error: { code: 'CG_INVALID_REQUEST' } });
    expect(await same({ req: { path: { id: '1' }, headers: { 'x-u': '1' } } })).toMatchObject({ error: { code: 'CG_INVALID_REQUEST' } });
    expect(await same({ req: { path: { id: '1' } }, init: () => ({ timeout: -1 }) })).toMatchObject({ error: { code: 'CG_INVALID_REQUEST' } });
    expect(await same({ req: { path: { id: '1' } }, init: () => ({ maxResponseSize: 0.5 }) })).toMatchObject({ error: { code: 'CG_INVALID_REQUEST' } });
    // an undeclared query value is sent (by the full path)
    expect(await same({ req: { path: { id: '1' }, query: { other: 'z' } } })).toMatchObject({ result: { body: { url: '/pets/1?other=z' } } });
  });

  it('timeout, caller abort (before and during the call)', async () => {
    expect(await same({ req: { path: { id: 'slow' } }, init: () => ({ timeout: 50 }) })).toMatchObject({ error: { code: 'CG_TIMEOUT', message: 'request timed out after 50 ms' } });
    expect(await same({ req: { path: { id: 'slow' } }, abortAfter: 50 })).toMatchObject({ error: { code: 'CG_ABORTED' } });
    expect(await same({ req: { path: { id: '1' } }, init: () => ({ signal: AbortSignal.abort() }) })).toMatchObject({ error: { code: 'CG_ABORTED' } });
  });

  it('the size limit: declared length and a chunked body past it', async () => {
    expect(await same({ req: { path: { id: 'big' } }, init: () => ({ maxResponseSize: 1000 }) })).toMatchObject({ error: { code: 'CG_RESPONSE_TOO_LARGE' } });
    expect(await same({ req: { path: { id: 'chunked' } }, options: { maxResponseSize: 4000 } })).toMatchObject({ error: { code: 'CG_RESPONSE_TOO_LARGE' } });
  });

  it('a connection refused is a NetworkError naming the URL', async () => {
    const out = await same({ options: { baseUrl: closedUrl }, req: { path: { id: '1' } } });
    expect(out).toMatchObject({ error: { code: 'CG_NETWORK' } });
    expect(JSON.stringify(out)).toContain(`${closedUrl}/pets/1`);
  });

  it('options: invalid ones are refused (the micro core on the first call), others go through the full client', async () => {
    const { micro, full } = await both({ options: { timeout: -5 }, req: { path: { id: '1' } } });
    expect(full).toMatchObject({ error: { code: 'CG_INVALID_OPTIONS' } });
    expect(micro).toEqual(full);
    expect(await same({ options: { baseUrl: 'https://user:pw@example.com' }, req: { path: { id: '1' } } })).toMatchObject({ error: { code: 'CG_INVALID_OPTIONS' } });
    expect(await same({ options: { throwOnError: true }, req: { path: { id: 'html' } } })).toMatchObject({ error: { code: 'CG_HTTP_STATUS' } });
  });

  it('an operation with security goes through the full path (its credentials)', async () => {
    const out = await same({ op: secured, info: { securitySchemes: { key: { type: 'http', scheme: 'bearer' } } }, options: { auth: { bearer: 't0k' } }, req: { path: { id: '1' } }, plugins: { auth: applyClientAuth } });
    expect(out).toMatchObject({ result: { status: 200, body: { auth: 'Bearer t0k' } } });
  });

  it("the browser build's lazy plugin markers are swapped for the real plugins by the full client", async () => {
    const info = { securitySchemes: { key: { type: 'http' as const, scheme: 'bearer' } } };
    const { micro } = await both({ op: secured, info, options: { auth: { bearer: 't0k' } }, req: { path: { id: '1' } }, plugins: { auth: lazyPlugin('applyAuth') } });
    expect(micro).toMatchObject({ result: { status: 200, body: { auth: 'Bearer t0k' } } });
  });

  it("the spec's API key set through headers does not follow a cross-origin redirect", async () => {
    const out = await same({
      info: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-API-Key' } } },
      plugins: { follow: withRedirects },
      options: { headers: { 'X-API-Key': 'secret' } },
      req: { path: { id: 'redirect' } },
    });
    expect(out).toMatchObject({ result: { status: 200, body: { name: 'landed', key: null } } });
  });
});
