/**
 * Unit tests of the front half: the normalizers (normalize/hoist-refs.ts, normalize/keywords.ts)
 * and the model builder (model/build.ts) — the defaults OpenAPI 3.x gives (parameter style,
 * explode, required), path-level parameters, inherited security, status ranges, names.
 */
import { describe, expect, it } from 'vitest';
import { buildModel, createModelMemo } from '../../generator/model/build.js';
import { EntryIndex } from '../../generator/content-hash.js';
import { hoistInteriorRefs } from '../../generator/normalize/hoist-refs.js';
import { keywordsOf } from '../../generator/normalize/keywords.js';

type Obj = Record<string, any>;

describe('hoistInteriorRefs', () => {
  it('turns refs into component interiors, other components and paths into components of their own', () => {
    const doc: Obj = {
      openapi: '3.1.0',
      paths: {
        '/a': {
          get: {
            parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }],
            responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/A/properties/b' } } } } },
          },
          post: {
            parameters: [{ $ref: '#/paths/~1a/get/parameters/0' }],
            responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/responses/E/content/application~1json/schema' } } } } },
          },
        },
      },
      components: {
        schemas: {
          A: { type: 'object', properties: { b: { type: 'string' } } },
          A_b: { type: 'boolean' }, // the hoisted name is taken: A_b2
          C: { $ref: '#/components/schemas/A' }, // a whole component: untouched
          D: { $ref: '#/components/schemas/Missing/properties/x' }, // dangling: left for validation's message
        },
        responses: { E: { description: 'e', content: { 'application/json': { schema: { type: 'number' } } } } },
      },
    };
    hoistInteriorRefs(doc);
    const schemas = doc.components.schemas;
    expect(doc.paths['/a'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/A_b2' });
    expect(schemas.A_b2).toEqual({ type: 'string' });
    expect(schemas.A_b).toEqual({ type: 'boolean' });
    expect(doc.paths['/a'].post.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ESchema' });
    expect(schemas.ESchema).toEqual({ type: 'number' });
    expect(doc.paths['/a'].post.parameters[0]).toEqual({ $ref: '#/components/parameters/limit' });
    expect(doc.components.parameters.limit).toEqual({ name: 'limit', in: 'query', schema: { type: 'integer' } });
    expect(schemas.C).toEqual({ $ref: '#/components/schemas/A' });
    expect(schemas.D).toEqual({ $ref: '#/components/schemas/Missing/properties/x' });
  });

  it('adds no components section when nothing is hoisted', () => {
    const doc: Obj = { openapi: '3.0.3', paths: { '/x': { get: { responses: { '204': { description: 'none' } } } } } };
    hoistInteriorRefs(doc);
    expect(doc).not.toHaveProperty('components');
  });
});

describe('keywordsOf', () => {
  it('finds discriminator, readOnly: true and writeOnly: true anywhere, and nothing else', () => {
    expect(keywordsOf({ a: { readOnly: false, writeOnly: 'yes' } })).toEqual({ discriminator: false, readOnly: false, writeOnly: false });
    expect(keywordsOf({ a: [{ b: { readOnly: true } }], c: { discriminator: { propertyName: 'k' } } })).toEqual({ discriminator: true, readOnly: true, writeOnly: false });
    expect(keywordsOf({ deep: { er: { writeOnly: true } } })).toEqual({ discriminator: false, readOnly: false, writeOnly: true });
  });
});

describe('buildModel', () => {
  const document = (): Obj => ({
    openapi: '3.0.3',
    info: { title: 'T', version: '2' },
    security: [{ key: [] }],
    paths: {
      '/items/{id}': {
        parameters: [
          { name: 'id', in: 'path', schema: { type: 'string' } },
          { name: 'trace', in: 'header', schema: { type: 'string' } },
        ],
        get: {
          operationId: 'get-item',
          parameters: [
            { name: 'trace', in: 'header', required: true, schema: { type: 'string' } }, // overrides the path-level one
            { name: 'tags', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
            { name: 'filter', in: 'query', style: 'deepObject', schema: { type: 'object' } },
          ],
          responses: { '200': { description: 'ok' }, '4XX': { description: 'client' }, default: { description: 'other' } },
        },
        delete: { security: [], responses: { '204': { description: 'gone' } } },
      },
    },
    components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Key' } }, schemas: { 'item-list': { type: 'array' } } },
  });

  it('resolves parameter defaults, path-level parameters and their overrides', () => {
    const model = buildModel({ document: document(), sourceVersion: '3.0.3', file: 'spec.yaml' });
    const get = model.operations.find((o) => o.method.toLowerCase() === 'get')!;
    const param = (name: string) => get.parameters.find((p) => p.name === name)!;
    expect(get.parameters.map((p) => `${p.in}:${p.name}`).sort()).toEqual(['header:trace', 'path:id', 'query:filter', 'query:tags']);
    expect(param('id')).toMatchObject({ required: true, style: 'simple', explode: false });
    expect(param('trace')).toMatchObject({ required: true, style: 'simple' });
    expect(param('tags')).toMatchObject({ required: false, style: 'form', explode: true });
    expect(param('filter')).toMatchObject({ style: 'deepObject', explode: false });
  });

  it('inherits the document security unless the operation sets its own (also none), and maps statuses', () => {
    const model = buildModel({ document: document(), sourceVersion: '3.0.3', file: 'spec.yaml' });
    const [get, del] = [model.operations.find((o) => o.method.toLowerCase() === 'get')!, model.operations.find((o) => o.method.toLowerCase() === 'delete')!];
    expect(get.security).toEqual([{ key: [] }]);
    expect(del.security).toEqual([]);
    const byStatus = Object.fromEntries(get.responses.map((r) => [r.status, r.codes]));
    expect(byStatus['200']).toEqual([200]);
    expect(byStatus['4XX']).toHaveLength(100);
    expect(byStatus['4XX']![0]).toBe(400);
    expect(byStatus['default']).toEqual([]);
  });

  it('names operations from operationId, else from method and path, and schemas as PascalCase aliases', () => {
    const model = buildModel({ document: document(), sourceVersion: '3.0.3', file: 'spec.yaml' });
    const names = model.operations.map((o) => o.name);
    expect(names).toContain('getItem');
    expect(names.find((n) => n !== 'getItem')).toMatch(/^delete/);
    expect(new Set(model.operations.map((o) => o.typeName)).size).toBe(2);
    expect(model.schemas).toEqual([expect.objectContaining({ name: 'item-list', typeName: 'ItemList' })]);
    expect(model).toMatchObject({ title: 'T', version: '2', sourceVersion: '3.0.3' });
  });
});

describe('buildModel with a memo (watch mode)', () => {
  const spec = (): Obj => ({
    openapi: '3.1.0',
    info: { title: 'T', version: '1' },
    security: [{ key: [] }],
    paths: {
      '/a': { get: { operationId: 'getA', parameters: [{ $ref: '#/components/parameters/Limit' }], responses: { '200': { $ref: '#/components/responses/Ok' } } } },
      '/b': { get: { parameters: [{ name: 'q', in: 'query', schema: { $ref: '#/components/schemas/Q' } }], responses: { '204': { description: 'none' } } } },
      '/c': { post: { operationId: 'getA', responses: { '204': { description: 'none' } } } },
    },
    components: {
      parameters: { Limit: { name: 'limit', in: 'query', schema: { type: 'integer' } } },
      responses: { Ok: { description: 'ok', content: { 'application/json': { schema: { type: 'string' } } } } },
      schemas: { Q: { type: 'string' } },
      securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Key' } },
    },
  });
  const build = (doc: Obj, memo?: ReturnType<typeof createModelMemo>) =>
    buildModel({ document: doc, sourceVersion: '3.1.0', file: 'spec.json', ...(memo ? { memo, hashes: new EntryIndex(doc).hashes } : {}) });

  it.each<[string, (d: Obj) => void, string[]]>([
    ['an operation summary', (d) => (d['paths']['/b'].get.summary = 'edited'), ['/b']],
    ['a referenced parameter', (d) => (d['components'].parameters.Limit.required = true), ['/a']],
    ['a referenced response', (d) => (d['components'].responses.Ok.description = 'fine'), ['/a']],
    ['a schema a parameter shape reads', (d) => (d['components'].schemas.Q = { type: 'array', items: { type: 'string' } }), ['/b']],
    ['the document security', (d) => (d['security'] = []), ['/a', '/b', '/c']],
    ['nothing', () => undefined, []],
  ])('equals a fresh build after an edit of %s, rebuilding only what read it', (_, edit, rebuilt) => {
    const memo = createModelMemo();
    const first = build(spec(), memo);
    const doc = spec();
    edit(doc);
    const cached = build(doc, memo);
    expect(cached).toEqual(build(doc));
    for (const op of cached.operations) {
      const before = first.operations.find((o) => o.path === op.path)!;
      expect(op.parameters === before.parameters).toBe(!rebuilt.includes(op.path));
    }
  });

  it('claims names across the API again each run (a reused path item keeps the name its place gives it)', () => {
    const memo = createModelMemo();
    build(spec(), memo);
    const doc = spec();
    delete doc['paths']['/a'];
    const cached = build(doc, memo);
    expect(cached.operations.map((o) => o.name)).toEqual(['getB', 'getA']); // /c's operationId is free now
    expect(cached).toEqual(build(doc));
  });
});
