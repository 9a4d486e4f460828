import { describe, expect, it } from 'vitest';
import { JsonSchemaConverter } from '../../generator/normalize/json-schema.js';
import { normalizeTo31, schema30to31 } from '../../generator/normalize/openapi31.js';

const ID = 'contractgen:api';
const doc30 = (schemas: Record<string, unknown>) => ({ openapi: '3.0.3', components: { schemas } });

describe('OpenAPI schema -> JSON Schema 2020-12', () => {
  it.each([
    [{ type: 'string', nullable: true }, { type: ['string', 'null'] }],
    [{ type: 'string', enum: ['a'], nullable: true }, { type: ['string', 'null'], enum: ['a', null] }],
    [{ $ref: '#/components/schemas/A', nullable: true }, { anyOf: [{ $ref: `${ID}#/components/schemas/A` }, { type: 'null' }] }],
    [{ type: 'number', minimum: 0, exclusiveMinimum: true }, { type: 'number', exclusiveMinimum: 0 }],
    [{ type: 'number', maximum: 9, exclusiveMaximum: false }, { type: 'number', maximum: 9 }],
    [{ type: 'string', example: 'x', 'x-internal': true, xml: { name: 'a' } }, { type: 'string' }],
  ])('3.0: %j (normalized to 3.1 first: normalize/openapi31.ts)', (input, expected) => {
    const c = new JsonSchemaConverter(normalizeTo31(doc30({ A: { type: 'string' } })), ID);
    expect(c.convert(schema30to31(input) as Parameters<typeof c.convert>[0])).toEqual(expected);
  });

  it('3.1 schemas pass through, refs rewritten to the registered $id', () => {
    const c = new JsonSchemaConverter({ openapi: '3.1.0', components: { schemas: { A: { type: ['string', 'null'], const: 'x' } } } }, ID);
    expect(c.convert({ type: 'object', properties: { a: { $ref: '#/components/schemas/A' } } })).toEqual({ type: 'object', properties: { a: { $ref: `${ID}#/components/schemas/A` } } });
    expect(c.components['A']).toEqual({ type: ['string', 'null'], const: 'x' });
  });

  it('hoists refs outside components/schemas so they stay references (cycles terminate)', () => {
    const doc = { openapi: '3.0.3', paths: { '/a': { get: { x: { type: 'object', properties: { self: { $ref: '#/paths/~1a/get/x' } } } } } }, components: { schemas: {} } };
    const c = new JsonSchemaConverter(doc, ID);
    const out = c.convert({ $ref: '#/paths/~1a/get/x' }) as { $ref: string };
    expect(out.$ref).toBe(`${ID}#/components/schemas/__ref1`);
    expect(c.components['__ref1']).toEqual({ type: 'object', properties: { self: { $ref: `${ID}#/components/schemas/__ref1` } } });
  });

  it('write mode: readOnly properties are neither required nor accepted, through write variants', () => {
    const c = new JsonSchemaConverter(
      doc30({ Pet: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer', readOnly: true }, name: { type: 'string' }, parent: { $ref: '#/components/schemas/Pet' } } } }),
      ID,
    );
    expect(c.convert({ $ref: '#/components/schemas/Pet' }, 'write')).toEqual({ $ref: `${ID}#/components/schemas/__write_Pet` });
    expect(c.components['__write_Pet']).toEqual({
      type: 'object',
      required: ['name'],
      properties: { id: false, name: { type: 'string' }, parent: { $ref: `${ID}#/components/schemas/__write_Pet` } },
    });
    expect((c.components['Pet'] as { required: string[] }).required).toEqual(['id', 'name']);
  });

  it('keeps a __proto__ property as data', () => {
    const c = new JsonSchemaConverter(doc30({}), ID);
    const out = c.convert(JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"}}}')) as { properties: object };
    expect(Object.getOwnPropertyNames(out.properties)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(out.properties)).toBe(Object.prototype);
  });
});
