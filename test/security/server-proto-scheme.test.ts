/**
 * A security scheme named `__proto__` (a valid component name) on the server: the generated
 * `register()` does not throw, the scheme is enforced (401 without the key, 200 with it), and the
 * scheme's name never reaches an object's prototype (issue 13, reported by release for the model).
 */
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createListener, type Listener } from '../../runtime/src/server/index.js';
import { generateInto, typecheck, writeSpec } from '../helpers/generated.js';
import { prototypeIsClean } from '../robustness/helpers.js';

let server: Listener;
let out: string;

beforeAll(async () => {
  const spec = await writeSpec('proto-scheme-server', {
    openapi: '3.0.3',
    info: { title: 'Proto scheme', version: '1.0.0' },
    paths: {
      '/a': {
        get: {
          operationId: 'getA',
          // computed keys: a `__proto__:` literal would set the prototype instead of naming the scheme
          security: [{ ['__proto__']: [] }],
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { ok: { type: 'boolean' } } } } } } },
        },
      },
    },
    components: { securitySchemes: { ['__proto__']: { type: 'apiKey', in: 'header', name: 'X-Key' } } },
  });
  ({ dir: out } = await generateInto(spec, 'proto-scheme-server-out'));
  const { register } = (await import(path.join(out, 'server.ts'))) as { register: (app: unknown, handlers: unknown, options: unknown) => Promise<void> };
  server = await createListener({ logger: false }, (app) =>
    register(app, { getA: async () => ({ status: 200, body: { ok: true } }) }, { security: { ['__proto__']: { keys: ['k1'] } } }),
  );
});
afterAll(() => server?.close());

it('the generated server with a __proto__ scheme type-checks', async () => {
  expect(await typecheck([out])).toBe('');
});

it('register() accepts a scheme named __proto__ and enforces it', async () => {
  const none = await fetch(`${server.url}/a`);
  expect(none.status).toBe(401);
  expect(none.headers.get('www-authenticate')).toContain('ApiKey');
  const wrong = await fetch(`${server.url}/a`, { headers: { 'x-key': 'nope' } });
  expect(wrong.status).toBe(401);
  const good = await fetch(`${server.url}/a`, { headers: { 'x-key': 'k1' } });
  expect(good.status).toBe(200);
  expect(await good.json()).toEqual({ ok: true });
  expect(prototypeIsClean()).toBe(true);
});
