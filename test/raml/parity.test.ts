import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fixture, get, load, operationsOf } from './helpers.js';

/** The RAML half of the parity pair converts to the same operations, parameters, schemas and security as the OpenAPI half. */
describe('RAML / OpenAPI parity pair', () => {
  const openapi = parse(readFileSync(fixture('parity/openapi.yaml'), 'utf8')) as Record<string, unknown>;
  const summary = (doc: Record<string, unknown>) =>
    operationsOf(doc).map(({ path, method, op }) => ({
      key: `${method} ${path}`,
      operationId: op.operationId,
      parameters: op.parameters ?? [],
      requestBody: get(op, 'requestBody', 'content'),
      responses: Object.fromEntries(Object.entries(op.responses as object).map(([s, r]) => [s, get(r, 'content') ?? {}])),
      security: op.security ?? doc.security,
    })).sort((a, b) => a.key.localeCompare(b.key));

  it('has the same operations, parameters, bodies and status codes', async () => {
    const { document, warnings } = await load('parity/api.raml');
    expect(warnings).toEqual([]);
    expect(summary(document)).toEqual(summary(openapi));
  });

  it('has the same schemas, security schemes and servers', async () => {
    const { document } = await load('parity/api.raml');
    expect(get(document, 'components', 'schemas')).toEqual(get(openapi, 'components', 'schemas'));
    expect(get(document, 'components', 'securitySchemes')).toEqual(get(openapi, 'components', 'securitySchemes'));
    expect(document.servers).toEqual(openapi.servers);
  });
});
