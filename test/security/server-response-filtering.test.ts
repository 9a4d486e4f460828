/**
 * Issue 13.1 (HIGH): a response schema is a disclosure filter. A response fast-json-stringify cannot
 * produce (a database row missing a required field, an echoed `1e999`) is a logged 500 problem, and
 * the next response is filtered again: writeOnly fields and properties outside the schema never leak.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handler } from '../../runtime/src/server/index.js';
import { api, op, param, serve, type Served } from './server-request-helpers.js';

const user = {
  type: 'object',
  required: ['id', 'name'],
  properties: { id: { type: 'integer' }, name: { type: 'string' }, password: { type: 'string', writeOnly: true } },
};
const spec = api({
  getUser: op({
    operationId: 'getUser',
    method: 'GET',
    path: '/users/{mode}',
    parameters: [param({ name: 'mode', in: 'path' })],
    responses: [{ status: '200', content: [{ mediaType: 'application/json', kind: 'json', schema: user }], headers: [] }],
  }),
});

const secrets = { password: 'hunter2', passwordHash: '$2b$10$leakedhash', internalNote: 'VIP, owes us money' };
const row: Record<string, Record<string, unknown>> = {
  ok: { id: 1, name: 'Ada', ...secrets },
  'missing-required': { id: 2, ...secrets },
  infinite: { id: 1e999, name: 'Inf', ...secrets },
  // an undeclared status must not go out unfiltered either
  undeclared: { id: 3, name: 'Tea', ...secrets },
};
const handlers: Record<string, Handler> = {
  getUser: async (req: { path: { mode: string } }) => ({ status: req.path.mode === 'undeclared' ? 418 : 200, body: row[req.path.mode] }),
};

describe.each([false, true])('response filtering (validateResponses: %s)', (validateResponses) => {
  let served: Served;
  const lines: string[] = [];
  beforeAll(async () => {
    served = await serve(spec, { validateResponses }, { logger: { level: 'error', stream: { write: (l: string) => void lines.push(l) } } }, handlers);
  });
  afterAll(() => served.close());

  const get = async (mode: string) => {
    const res = await fetch(`${served.url}/users/${mode}`);
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };

  it('writeOnly fields and undeclared properties are not sent', async () => {
    const res = await get('ok');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ id: 1, name: 'Ada' });
  });

  for (const failing of ['missing-required', 'infinite', 'undeclared']) {
    it(`a response the serializer cannot produce (${failing}) is a logged 500 problem, and the next one is filtered again`, async () => {
      const before = lines.length;
      const bad = await get(failing);
      expect(bad.status).toBe(500);
      expect(bad.type).toMatch(/^application\/problem\+json/);
      for (const secret of Object.values(secrets)) expect(bad.text).not.toContain(secret);
      const logged = lines.slice(before).map((l) => JSON.parse(l) as { level: number; operationId?: string; msg: string });
      expect(logged.some((l) => l.level === 50 && l.operationId === 'getUser' && l.msg.includes('breaks the contract'))).toBe(true);
      for (const l of lines.slice(before)) for (const secret of Object.values(secrets)) expect(l).not.toContain(secret);

      const again = await get('ok');
      expect(again.status).toBe(200);
      expect(JSON.parse(again.text)).toEqual({ id: 1, name: 'Ada' });
      for (const secret of Object.values(secrets)) expect(again.text).not.toContain(secret);
    });
  }
});

describe('response filtering with component names that need escaping in a $ref', () => {
  // `Names_a/b` is referenced as `#/components/schemas/Names_a~1b`, `${x}` as `%24%7Bx%7D`:
  // fast-json-stringify's resolver does not unescape either, so the filter must not depend on it.
  const spec = api(
    {
      getSlash: op({ operationId: 'getSlash', method: 'GET', path: '/slash', responses: [{ status: '200', content: [{ mediaType: 'application/json', kind: 'json', schema: { $ref: 'urn:contractgen:security#/components/schemas/Names_a~1b' } }], headers: [] }] }),
      getDollar: op({ operationId: 'getDollar', method: 'GET', path: '/dollar', responses: [{ status: '200', content: [{ mediaType: 'application/json', kind: 'json', schema: { $ref: 'urn:contractgen:security#/components/schemas/%24%7Bx%7D' } }], headers: [] }] }),
    },
    { schemas: { 'Names_a/b': user, '${x}': user } },
  );
  let served: Served;
  beforeAll(async () => {
    const body = { id: 1, name: 'Ada', ...secrets };
    served = await serve(spec, { validateResponses: false }, { logger: false }, { getSlash: async () => ({ status: 200, body }), getDollar: async () => ({ status: 200, body }) });
  });
  afterAll(() => served.close());

  it('filters by the referenced schema', async () => {
    for (const path of ['/slash', '/dollar']) {
      const res = await fetch(`${served.url}${path}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ id: 1, name: 'Ada' });
    }
  });
});
