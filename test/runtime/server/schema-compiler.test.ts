import { describe, expect, it } from 'vitest';
import type { ApiSpec } from '../../../runtime/src/spec.js';
import { SchemaCompiler } from '../../../runtime/src/server/schema-compiler.js';
import { toRoutePath } from '../../../runtime/src/server/path-template.js';

const api: ApiSpec = {
  title: 't',
  version: '1',
  servers: [],
  securitySchemes: {},
  schemaId: 'urn:contractgen:t',
  operations: {},
  schemas: {
    Pet: {
      type: 'object',
      required: ['id', 'name'],
      properties: {
        id: { type: 'integer', format: 'int64', readOnly: true },
        name: { type: 'string', example: 'x' },
        secret: { type: 'string', writeOnly: true },
        tag: { type: ['string', 'null'] },
      },
      xml: { name: 'pet' },
      discriminator: { propertyName: 'name' },
    },
  },
};
const pet = { $ref: 'urn:contractgen:t#/components/schemas/Pet' };

describe('SchemaCompiler', () => {
  it('request mode: readOnly present fails, required readOnly is not required', () => {
    const v = new SchemaCompiler(api, 'request', false).compile(pet, 'body');
    expect(v({ name: 'a' })).toEqual([]);
    expect(v({ id: 1, name: 'a' })).toEqual([{ pointer: '/id', message: 'is read-only' }]);
    expect(v({ tag: 3 }).map((e) => e.pointer).sort()).toEqual(['/name', '/tag']);
  });
  it('response mode: readOnly required, writeOnly tolerated (the serializer drops it)', () => {
    const v = new SchemaCompiler(api, 'response', false).compile(pet, 'r');
    expect(v({ name: 'a' })).toEqual([{ pointer: '/id', message: 'is required' }]);
    expect(v({ id: 1, name: 'a', tag: null })).toEqual([]);
    expect(v({ id: 1, name: 'a', secret: 's' })).toEqual([]);
  });
  it('coercing mode coerces strings and applies defaults; OpenAPI formats validate', () => {
    const v = new SchemaCompiler(api, 'request', true).compile(
      {
        type: 'object',
        properties: {
          a: { type: 'integer', default: 5 },
          b: { type: 'array', items: { type: 'boolean' } },
          d: { type: 'string', format: 'date' },
          i: { type: 'integer', format: 'int32' },
        },
      },
      'q',
    );
    const data: Record<string, unknown> = { b: ['true', 'false'], d: '2020-12-01', i: '7' };
    expect(v(data)).toEqual([]);
    expect(data).toEqual({ a: 5, b: [true, false], d: '2020-12-01', i: 7 });
    expect(v({ d: '2020-13-01' })[0]?.pointer).toBe('/d');
    expect(v({ i: 2 ** 40 })[0]?.pointer).toBe('/i');
  });
});

describe('toRoutePath', () => {
  it.each([
    ['/pets', '/pets', []],
    ['/pets/{petId}', '/pets/:p0', ['petId']],
    ['/a/{x-y}/b/{z.w}', '/a/:p0/b/:p1', ['x-y', 'z.w']],
    ['/files/{name}.{ext}', '/files/:p0(.+).:p1(.+)', ['name', 'ext']],
    ['/jobs/{id}:cancel', '/jobs/:p0(.+)::cancel', ['id']],
  ])('%s', (template, url, names) => {
    const r = toRoutePath(template);
    expect(r.url).toBe(url);
    expect([...r.params.values()]).toEqual(names);
  });
});
