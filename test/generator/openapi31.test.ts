/**
 * normalize/openapi31.ts: the one 3.0 -> 3.1 pass. Table-driven cases per keyword, copy on
 * write (the loaded document is never changed, untouched parts stay the same objects), every
 * schema position of a document reached and no data position touched, the per-entry memo, and
 * that a model built from a 3.0 spec carries a 3.1 document.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEntryMemo, EntryIndex } from '../../generator/content-hash.js';
import { generate } from '../../generator/generate.js';
import { createNormalizeMemo, normalizeTo31, schema30to31 } from '../../generator/normalize/openapi31.js';
import { fixture, tmpDir } from '../helpers/generated.js';

type Obj = Record<string, any>;
// normalizeTo31's document as the tests read it (any-valued records)
const n31 = (...args: Parameters<typeof normalizeTo31>): Obj => normalizeTo31(...args) as Obj;

describe('schema30to31', () => {
  it.each<[string, Obj, Obj]>([
    ['nullable beside a type', { type: 'string', nullable: true }, { type: ['string', 'null'] }],
    ['nullable enum: null joins the values', { type: 'string', enum: ['a', 'b'], nullable: true }, { type: ['string', 'null'], enum: ['a', 'b', null] }],
    ['nullable enum that lists null already', { type: 'string', enum: ['a', null], nullable: true }, { type: ['string', 'null'], enum: ['a', null] }],
    ['nullable $ref, description kept outside', { $ref: '#/components/schemas/A', description: 'd', nullable: true }, { description: 'd', anyOf: [{ $ref: '#/components/schemas/A' }, { type: 'null' }] }],
    ['nullable composition with a type', { type: 'object', anyOf: [{ required: ['a'] }], readOnly: true, nullable: true }, { readOnly: true, anyOf: [{ type: 'object', anyOf: [{ required: ['a'] }] }, { type: 'null' }] }],
    ['nullable false is dropped by nothing', { type: 'string', nullable: false }, { type: 'string', nullable: false }],
    ['nullable without type or composition stays (no 3.1 meaning either way)', { nullable: true, description: 'x' }, { nullable: true, description: 'x' }],
    ['exclusiveMinimum true', { type: 'number', minimum: 1, exclusiveMinimum: true }, { type: 'number', exclusiveMinimum: 1 }],
    ['exclusiveMaximum false', { type: 'number', maximum: 9, exclusiveMaximum: false }, { type: 'number', maximum: 9 }],
    ['exclusiveMinimum true without a minimum', { type: 'number', exclusiveMinimum: true }, { type: 'number' }],
    ['numeric exclusive bounds (3.1 already)', { type: 'number', exclusiveMinimum: 1 }, { type: 'number', exclusiveMinimum: 1 }],
    [
      'every subschema position',
      {
        properties: { a: { type: 'string', nullable: true } },
        additionalProperties: { type: 'integer', nullable: true },
        items: { type: 'boolean', nullable: true },
        allOf: [{ type: 'number', nullable: true }],
        oneOf: [{ $ref: '#/x', nullable: true }],
        not: { type: 'string', nullable: true },
        patternProperties: { '^x': { type: 'string', nullable: true } },
      },
      {
        properties: { a: { type: ['string', 'null'] } },
        additionalProperties: { type: ['integer', 'null'] },
        items: { type: ['boolean', 'null'] },
        allOf: [{ type: ['number', 'null'] }],
        oneOf: [{ anyOf: [{ $ref: '#/x' }, { type: 'null' }] }],
        not: { type: ['string', 'null'] },
        patternProperties: { '^x': { type: ['string', 'null'] } },
      },
    ],
    ['data is data: default, enum, example, x- extensions', { default: { nullable: true, type: 'string' }, example: { type: 'string', nullable: true }, 'x-a': { type: 'string', nullable: true } }, { default: { nullable: true, type: 'string' }, example: { type: 'string', nullable: true }, 'x-a': { type: 'string', nullable: true } }],
    ['a property named like a keyword', { properties: { nullable: { type: 'boolean' }, items: { type: 'string', nullable: true } } }, { properties: { nullable: { type: 'boolean' }, items: { type: ['string', 'null'] } } }],
  ])('%s', (_, input, expected) => {
    const before = structuredClone(input);
    expect(schema30to31(input)).toEqual(expected);
    expect(input).toEqual(before); // never in place
  });

  it('returns the same objects where nothing changes, and copies only the path to a change', () => {
    const untouched = { type: 'object', properties: { a: { type: 'string' } } };
    expect(schema30to31(untouched)).toBe(untouched);
    const changed = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string', nullable: true } }, items: { type: 'string' } };
    const out = schema30to31(changed) as Obj;
    expect(out).not.toBe(changed);
    expect(out['properties'].a).toBe(changed.properties.a);
    expect(out['items']).toBe(changed.items);
    expect(Object.keys(out)).toEqual(Object.keys(changed));
  });

  it('is idempotent and leaves no 3.0 keyword behind (fast-check)', () => {
    const leaf = fc.record({ type: fc.constantFrom('string', 'integer', 'number', 'object'), nullable: fc.boolean(), minimum: fc.integer(), exclusiveMinimum: fc.boolean(), enum: fc.array(fc.string(), { maxLength: 2 }), description: fc.string() }, { requiredKeys: ['type'] });
    const { schema } = fc.letrec((tie) => ({
      schema: fc.oneof({ depthSize: 'small' }, leaf, fc.record({ properties: fc.dictionary(fc.string({ maxLength: 3 }), tie('schema'), { maxKeys: 3 }), nullable: fc.boolean(), anyOf: fc.array(tie('schema'), { maxLength: 2 }) }, { requiredKeys: [] })),
    }));
    fc.assert(
      fc.property(schema, (s) => {
        const once = schema30to31(s);
        expect(schema30to31(once)).toEqual(once);
        const text = JSON.stringify(once);
        expect(text).not.toMatch(/"exclusiveMinimum":(true|false)/);
        // nullable stays only where 3.0 gave it no meaning (no type, no composition)
        const walk = (n: unknown): void => {
          if (!n || typeof n !== 'object') return;
          const o = n as Obj;
          if (o['nullable'] === true) expect(o['type'] === undefined && !o['anyOf'] && !o['$ref']).toBe(true);
          for (const k of ['anyOf', 'allOf', 'oneOf']) (o[k] ?? []).forEach(walk);
          Object.values(o['properties'] ?? {}).forEach(walk);
        };
        walk(once);
      }),
      { numRuns: 300 },
    );
  });
});

describe('normalizeTo31', () => {
  const doc30 = (): Obj => ({
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: {
      '/a/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', nullable: true } }],
        get: {
          parameters: [{ name: 'q', in: 'query', content: { 'application/json': { schema: { type: 'integer', nullable: true } } } }],
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/A' }, examples: { e: { value: { schema: { type: 'string', nullable: true } } } } } } },
          responses: {
            default: { description: 'd', headers: { 'X-H': { schema: { type: 'string', nullable: true } } }, content: { 'text/plain': { schema: { type: 'string', nullable: true } } } },
          },
          callbacks: { cb: { '{$request.body#/url}': { post: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'number', nullable: true } } } } } } } } },
        },
      },
      '/plain': { get: { responses: { '204': { description: 'none' } } } },
    },
    components: {
      schemas: { A: { type: 'object', properties: { b: { type: 'string', nullable: true } } }, Plain: { type: 'string' } },
      examples: { E: { value: { schema: { type: 'string', nullable: true } } } },
      headers: { H: { schema: { type: 'integer', nullable: true } } },
    },
  });

  it('reaches every schema of a 3.0 document, and no example', () => {
    const input = doc30();
    const before = structuredClone(input);
    const out = n31(input);
    expect(input).toEqual(before);
    expect(out['openapi']).toBe('3.1.0');
    const text = JSON.stringify(out);
    const examples = [out['paths']['/a/{id}'].get.requestBody.content['application/json'].examples, out['components'].examples];
    // the only nullable left is in the examples' data
    expect(text.match(/"nullable"/g)?.length).toBe(2);
    for (const e of examples) expect(JSON.stringify(e)).toContain('"nullable":true');
    expect(out['paths']['/a/{id}'].parameters[0].schema).toEqual({ type: ['string', 'null'] });
    expect(out['paths']['/a/{id}'].get.responses.default.headers['X-H'].schema.type).toEqual(['string', 'null']);
    expect(out['paths']['/a/{id}'].get.callbacks.cb['{$request.body#/url}'].post.responses['200'].content['application/json'].schema.type).toEqual(['number', 'null']);
    expect(out['components'].headers.H.schema.type).toEqual(['integer', 'null']);
    // untouched entries are the same objects
    expect(out['paths']['/plain']).toBe(input['paths']['/plain']);
    expect(out['components'].schemas.Plain).toBe(input['components'].schemas.Plain);
    expect(out['info']).toBe(input['info']);
  });

  it('returns 3.1 and 3.2 documents as they are', () => {
    for (const openapi of ['3.1.0', '3.2.0']) {
      const d = { ...doc30(), openapi };
      expect(n31(d)).toBe(d);
    }
  });

  it('reuses the entries an earlier run normalized, by entry hash', () => {
    const memo = createNormalizeMemo();
    const entries = createEntryMemo();
    const first = n31(doc30(), new EntryIndex(doc30(), entries), memo);
    const d = doc30();
    const index = new EntryIndex(d, entries);
    const second = n31(d, index, memo);
    expect(second['paths']['/a/{id}']).toBe(first['paths']['/a/{id}']);
    expect(second).toEqual(first);
    d['components'].schemas.A.properties.c = { type: 'integer', nullable: true };
    const third = n31(d, new EntryIndex(d, entries), memo);
    expect(third['components'].schemas.A).not.toBe(second['components'].schemas.A);
    expect(third['components'].schemas.A.properties.c).toEqual({ type: ['integer', 'null'] });
    expect(memo.size).toBe(new EntryIndex(d, entries).hashes.size);
  });
});

describe('the model of a 3.0 spec', () => {
  it('carries a 3.1 document: no emitter sees nullable or boolean bounds', async () => {
    const dir = await tmpDir('openapi31-model');
    const { model } = await generate({ input: fixture('openapi/petstore.yaml'), output: dir, check: true });
    expect(model.sourceVersion).toMatch(/^3\.0\./);
    expect(model.openapi).toBe('3.1.0');
    expect(JSON.stringify(model.document)).not.toMatch(/"nullable":|"exclusive(Min|Max)imum":(true|false)/);
  });
});
