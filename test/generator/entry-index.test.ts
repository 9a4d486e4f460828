/**
 * content-hash.ts EntryIndex: each entry of a document hashed once, with what the document-wide
 * walks need from it (its $refs, discriminator/readOnly/writeOnly) kept by that hash, so an
 * unchanged entry is not walked again in the next run.
 */
import { describe, expect, it } from 'vitest';
import { createEntryMemo, documentEntries, entryHashes, EntryIndex } from '../../generator/content-hash.js';
import { keywordsOf } from '../../generator/normalize/keywords.js';
import { hoistInteriorRefs } from '../../generator/normalize/hoist-refs.js';

type Obj = Record<string, any>;

const doc = (): Obj => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: {
    '/a': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/A/properties/b' } } } } } } },
    '/c': { get: { responses: { '200': { $ref: '#/components/responses/R' } } } },
  },
  components: {
    schemas: { A: { type: 'object', properties: { b: { type: 'string', readOnly: true } } }, C: { $ref: 'other.yaml#/C' } },
    responses: { R: { description: 'r' } },
    'x-flag': true,
  },
  'x-root': { discriminator: 'not an entry' },
});

describe('EntryIndex', () => {
  it('names every entry of the maps, in document order', () => {
    expect([...documentEntries(doc())].map(([k]) => k.replace(/\0/g, '|'))).toEqual(['paths|/a', 'paths|/c', 'components|schemas|A', 'components|schemas|C', 'components|responses|R']);
  });

  it('hashes what entryHashes hashes, and finds the refs and keywords a walk of the whole document finds', () => {
    const d = doc();
    const index = new EntryIndex(d);
    expect(index.hashes).toEqual(entryHashes(structuredClone(d)));
    expect(index.keywords()).toEqual(keywordsOf(structuredClone(d)));
    expect(index.keywords().discriminator).toBe(true); // found outside the entries too
    expect([...index.refs()].sort()).toEqual(['#/components/responses/R', '#/components/schemas/A/properties/b', 'other.yaml#/C']);
  });

  it('walks an entry again only when its content changed', () => {
    const memo = createEntryMemo();
    const first = new EntryIndex(doc(), memo);
    const edited = doc();
    edited['paths']['/c'].get.summary = 'edited';
    const second = new EntryIndex(edited, memo);
    expect(second.factsOf('paths\0/a')).toBe(first.factsOf('paths\0/a')); // the same facts object: not walked
    expect(second.factsOf('paths\0/c')).not.toBe(first.factsOf('paths\0/c'));
    expect(second.hashes.get('paths\0/c')).not.toBe(first.hashes.get('paths\0/c'));
    second.prune();
    expect(memo.size).toBe(second.hashes.size);
  });

  it('is refreshed for what hoisting changed and added, and then equals a fresh index', () => {
    const d = doc();
    const index = new EntryIndex(d);
    const changed = hoistInteriorRefs(d, index);
    expect([...changed].map((k) => k.replace(/\0/g, '|')).sort()).toEqual(['components|schemas|A_b', 'paths|/a']);
    const fresh = new EntryIndex(structuredClone(d));
    expect(index.hashes).toEqual(fresh.hashes);
    expect([...index.refs()].sort()).toEqual([...fresh.refs()].sort());
    expect(d['paths']['/a'].get.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/A_b');
  });

  it('hoists the same with and without an index', () => {
    const withIndex = doc();
    hoistInteriorRefs(withIndex, new EntryIndex(withIndex));
    const without = doc();
    hoistInteriorRefs(without);
    expect(withIndex).toEqual(without);
  });
});
