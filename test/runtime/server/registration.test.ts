import fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { registerOperations, SERVER_ERROR_CODES, ServerSetupError } from '../../../runtime/src/server/index.js';
import { parseCookieHeader } from '../../../runtime/src/server/cookies.js';
import { negotiate } from '../../../runtime/src/server/media-type.js';
import { petstore } from './fixtures/petstore.js';

const all = Object.fromEntries(Object.keys(petstore.operations).map((k) => [k, async () => ({ status: 204 })]));

describe('registration errors', () => {
  it('a missing handler fails at registration with CG_HANDLER_MISSING', async () => {
    const { getPet: _omit, ...partial } = all;
    const app = fastify();
    await expect(registerOperations(app, petstore, partial)).rejects.toMatchObject({ code: 'CG_HANDLER_MISSING' });
    await app.close();
  });

  it('a JWT config allowing only none fails with CG_SECURITY_CONFIG', async () => {
    const app = fastify();
    const err = await registerOperations(app, petstore, all, { security: { bearerAuth: { jwt: { key: new Uint8Array(32), algorithms: ['none'] } } } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerSetupError);
    expect((err as ServerSetupError).code).toBe('CG_SECURITY_CONFIG');
    await app.close();
  });

  it('a schema ajv cannot compile fails with CG_SCHEMA_COMPILE', async () => {
    const broken = { ...petstore, operations: { listPets: { ...petstore.operations['listPets']!, parameters: [{ ...petstore.operations['listPets']!.parameters[0]!, schema: { type: 'integer', minimum: 'x' } }] } } };
    const app = fastify();
    await expect(registerOperations(app, broken, all)).rejects.toMatchObject({ code: 'CG_SCHEMA_COMPILE' });
    await app.close();
  });

  it('every server error code is unique and documented in docs/server.md', () => {
    expect(new Set(SERVER_ERROR_CODES).size).toBe(SERVER_ERROR_CODES.length);
    const doc = readFileSync(new URL('../../../docs/server.md', import.meta.url), 'utf8');
    for (const code of SERVER_ERROR_CODES) expect(doc).toContain(code);
  });
});

describe('helpers', () => {
  it('parseCookieHeader: first wins, quotes and percent-encoding removed, no prototype keys', () => {
    const c = parseCookieHeader('a=1; b="two%20words"; a=3; __proto__=x; bad');
    expect(Object.entries(c)).toEqual([['a', '1'], ['b', 'two words'], ['__proto__', 'x']]);
    expect(Object.getPrototypeOf(c)).toBeNull();
  });

  it('negotiate honours q-values, wildcards and q=0', () => {
    expect(negotiate(undefined, ['application/json'])).toBe('application/json');
    expect(negotiate('text/*;q=0.5, application/json', ['text/plain', 'application/json'])).toBe('application/json');
    expect(negotiate('*/*', ['text/plain'])).toBe('text/plain');
    expect(negotiate('application/xml', ['application/json'])).toBeUndefined();
    expect(negotiate('image/png', ['image/*'])).toBe('image/*');
  });
});
