/**
 * ReDoS and expensive schema keywords (issue 13.7): a catastrophic-backtracking `pattern` and
 * `uniqueItems` over many objects must neither stall the server nor delay a concurrent request.
 * The server runs in a worker thread so that, if it did stall, this test would still see it (the
 * concurrent request never answered) instead of stalling with it. Behaviour only, no timings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerOperations, ServerSetupError } from '../../runtime/src/server/index.js';
import fastify from 'fastify';
import { api, body, echoResponse, op, serveInWorker } from './server-request-helpers.js';

const EVIL = '^([a-zA-Z0-9]+\\s?)*$';
const spec = api({
  ping: op({ operationId: 'ping', method: 'GET', path: '/ping', responses: echoResponse }),
  named: op({
    operationId: 'named',
    method: 'POST',
    path: '/named',
    requestBody: body('application/json', 'json', {
      type: 'object',
      properties: {
        name: { type: 'string', pattern: EVIL },
        code: { type: 'string', pattern: '^[\\u0041-\\u005A]+$' },
        word: { type: 'string', pattern: '^\\S+$' },
        line: { type: 'string', pattern: '^.+$' },
        password: { type: 'string', pattern: '^(?=.*[A-Z])(?=.*\\d).{8,}$' },
      },
    }),
    responses: echoResponse,
  }),
  unique: op({
    operationId: 'unique',
    method: 'POST',
    path: '/unique',
    requestBody: body('application/json', 'json', { type: 'array', uniqueItems: true, items: { type: 'object' } }),
    responses: echoResponse,
  }),
});

let server: { url: string; close: () => Promise<void> };
beforeAll(async () => {
  server = await serveInWorker(spec, { bodyLimit: 4 * 1024 * 1024 });
});
afterAll(() => server?.close());

const post = (path: string, payload: unknown) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });

/** Sends `hostile`, then a ping while it is in flight: both must be answered. */
async function withConcurrentPing(hostile: () => Promise<Response>): Promise<[number, number]> {
  const first = hostile();
  const ping = fetch(`${server.url}/ping`);
  const [a, b] = await Promise.all([first, ping]);
  return [a.status, b.status];
}

describe('13.7 ReDoS: patterns run in linear time (RE2)', () => {
  it(`${EVIL} on 30 characters: answered (400), and the server keeps answering`, async () => {
    expect(await withConcurrentPing(() => post('/named', { name: `${'a'.repeat(29)}!` }))).toEqual([400, 200]);
  });

  it('the same pattern on 48 characters (hours of backtracking on a JavaScript engine)', async () => {
    expect(await withConcurrentPing(() => post('/named', { name: `${'a'.repeat(47)}!` }))).toEqual([400, 200]);
    expect((await post('/named', { name: 'hello world 42' })).status).toBe(200);
  });

  it('ECMA-262 meaning kept on RE2: \\uXXXX escapes, \\S and . exclude Unicode spaces/line terminators', async () => {
    expect((await post('/named', { code: 'ABC' })).status).toBe(200);
    expect((await post('/named', { code: 'abc' })).status).toBe(400);
    expect((await post('/named', { word: 'a\u00a0b' })).status).toBe(400);
    expect((await post('/named', { line: 'a\u2028b' })).status).toBe(400);
    expect((await post('/named', { word: 'ab', line: 'a b' })).status).toBe(200);
  });

  it('lookahead (not in RE2) runs on the JavaScript engine when safe-regex2 finds it safe', async () => {
    expect((await post('/named', { password: 'Secret123' })).status).toBe(200);
    expect((await post('/named', { password: 'secret123' })).status).toBe(400);
  });

  it('a pattern neither RE2 nor safe-regex2 accepts fails at registration with CG_SCHEMA_COMPILE', async () => {
    const bad = api({
      x: op({ operationId: 'x', method: 'POST', path: '/x', requestBody: body('application/json', 'json', { type: 'string', pattern: '^(?=a)(a+)+$' }), responses: echoResponse }),
    });
    const app = fastify();
    const error = await registerOperations(app, bad, { x: async () => ({ status: 200 }) }).catch((e: unknown) => e);
    await app.close();
    expect(error).toBeInstanceOf(ServerSetupError);
    expect(error).toMatchObject({ code: 'CG_SCHEMA_COMPILE' });
    expect((error as Error).message).toMatch(/\^\(\?=a\)\(a\+\)\+\$.*safe-regex2/);
  });
});

describe('13.7 expensive keywords: uniqueItems over many objects is linear', () => {
  const objects = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i, name: 'item', tags: ['a', 'b'] }));

  it('16k distinct objects: accepted, and the server keeps answering', async () => {
    expect(await withConcurrentPing(() => post('/unique', objects(16_000)))).toEqual([200, 200]);
  });

  it('64k distinct objects (minutes of pairwise comparison): accepted, server keeps answering', async () => {
    expect(await withConcurrentPing(() => post('/unique', objects(64_000)))).toEqual([200, 200]);
  });

  it('duplicates are still found, whatever the key order (JSON equality)', async () => {
    const res = await post('/unique', [...objects(1000), { tags: ['a', 'b'], name: 'item', id: 500 }]);
    expect(res.status).toBe(400);
    const p = (await res.json()) as { errors: Array<{ pointer: string; message: string }> };
    expect(p.errors[0]?.message).toBe('must NOT have duplicate items (items ## 500 and 1000 are identical)');
    expect((await post('/unique', [{ a: 1 }, { a: 1.0 }])).status).toBe(400);
    expect((await post('/unique', [{ a: 1 }, { a: '1' }, { a: [1] }, { b: 1 }])).status).toBe(200);
  });
});
