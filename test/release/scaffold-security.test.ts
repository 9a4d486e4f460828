/**
 * Issue 19: the scaffolded main.ts configures every security scheme the spec's operations use
 * from environment variables (and only those), and type-checks under the strict settings.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { scaffold } from '../../generator/scaffold/scaffold.js';
import { tmpDir, typecheck } from '../helpers/generated.js';

const SPEC = `openapi: 3.1.0
info: { title: Secured, version: 1.0.0 }
components:
  securitySchemes:
    apiKey: { type: apiKey, in: header, name: X-API-Key }
    basicAuth: { type: http, scheme: basic }
    bearerAuth: { type: http, scheme: bearer, bearerFormat: JWT }
    oauth: { type: oauth2, flows: { clientCredentials: { tokenUrl: 'https://idp.example/token', scopes: { read: read } } } }
    unused: { type: apiKey, in: query, name: k }
    __proto__: { type: apiKey, in: header, name: X-Proto }
paths:
  /a:
    get:
      operationId: a
      security: [{ apiKey: [] }, { basicAuth: [] }]
      responses: { '204': { description: ok } }
  /b:
    get:
      operationId: b
      security: [{ bearerAuth: [] }, { oauth: [read] }, { __proto__: [] }]
      responses: { '204': { description: ok } }
`;

it('main.ts reads each used scheme from environment variables, skips unused ones, and type-checks', async () => {
  const dir = await tmpDir('scaffold-security');
  await writeFile(path.join(dir, 'openapi.yaml'), SPEC);
  await scaffold({ input: path.join(dir, 'openapi.yaml'), output: path.join(dir, 'api'), handlers: path.join(dir, 'handlers') });
  const main = await readFile(path.join(dir, 'handlers/main.ts'), 'utf8');
  for (const name of ['API_KEY_KEYS', 'BASIC_AUTH_USERS', 'BEARER_AUTH_JWKS_URL', 'OAUTH_JWKS_URL', 'PROTO_KEYS']) expect(main).toContain(`env['${name}']`);
  expect(main).not.toContain('UNUSED');
  expect(main).toContain("security['basicAuth'] = { verify: basicVerifier(");
  expect(main).toContain('timingSafeEqual');
  expect(main).toContain("security['__proto__'] = { keys: list(");
  expect(main).toContain('Object.create(null)');
  expect(await typecheck([dir])).toBe('');
});
