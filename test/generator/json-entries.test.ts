/**
 * load/json-entries.ts: a JSON spec parsed entry by entry (watch mode) must give exactly what
 * JSON.parse gives, hand back the previous run's value only for an entry with the same text,
 * never one a stage changed in place, and leave every text it does not understand to the
 * whole-text parser (which reports the located error).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEntryMemo, EntryIndex } from '../../generator/content-hash.js';
import { parseJsonEntries } from '../../generator/load/json-entries.js';
import { MAX_NESTING } from '../../generator/load/parse.js';
import { hoistInteriorRefs } from '../../generator/normalize/hoist-refs.js';

type Obj = Record<string, any>;

const spec = (): Obj => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: {
    '/a': { get: { summary: 'a', responses: { '200': { description: 'ok' } } } },
    '/b/{id}': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/A/properties/b' } } } } } } },
    'x-ext': [1, 2.5e3, null, true, 'a"b\\c'],
  },
  components: {
    schemas: { A: { type: 'object', properties: { b: { type: 'string' } } }, 'weird\u00e9"\\/': { enum: [-0.5, '\u2028'] } },
    'x-flag': { not: 'a map of entries' },
    responses: {},
  },
  webhooks: { hook: { post: { responses: { '200': { description: 'ok' } } } } },
});

/** Parses, then indexes as load/index.ts does (the index keeps the values in the memo). */
function load(text: string, memo = createEntryMemo()) {
  // the document as the tests read it (any-valued records): JSON-shaped values indexed by key
  const parsed = parseJsonEntries(text, memo) as (NonNullable<ReturnType<typeof parseJsonEntries>> & { document: Obj }) | undefined;
  const index = parsed && new EntryIndex(parsed.document, memo, parsed.hashes);
  return { parsed, index, memo };
}

describe('parseJsonEntries', () => {
  it.each([
    ['pretty', (d: unknown) => JSON.stringify(d, null, 2)],
    ['compact', (d: unknown) => JSON.stringify(d)],
    ['tabs and CRLF', (d: unknown) => JSON.stringify(d, null, '\t').replace(/\n/g, '\r\n')],
    ['a BOM', (d: unknown) => `\ufeff${JSON.stringify(d, null, 1)}`],
  ])('gives what JSON.parse gives (%s)', (_, write) => {
    const text = write(spec());
    const { parsed } = load(text);
    expect(parsed?.document).toEqual(JSON.parse(text.replace(/^\ufeff/, '')));
    expect(JSON.stringify(parsed?.document)).toBe(JSON.stringify(JSON.parse(text.replace(/^\ufeff/, ''))));
  });

  it('keeps JSON.parse semantics for a key given twice, escaped keys and __proto__', () => {
    const text = '{"openapi":"3.1.0","paths":{"/a":{"get":1},"/\\u0062":{"x":1},"/a":{"put":2},"__proto__":{"polluted":true}},"components":{"schemas":{"__proto__":{"type":"string"}}}}';
    const { parsed } = load(text);
    expect(parsed?.document).toEqual(JSON.parse(text));
    expect(Object.keys(parsed!.document['paths'])).toEqual(Object.keys(JSON.parse(text).paths));
    expect(Object.getPrototypeOf(parsed!.document['paths'])).toBe(Object.prototype);
    expect(({} as Obj)['polluted']).toBeUndefined();
    expect(parsed?.hashes.get('paths\0/a')).toBe(load(text.replace('{"get":1}', '{"get":7}')).parsed?.hashes.get('paths\0/a'));
  });

  it.each([
    ['an array at the top', '[1, 2]'],
    ['a string at the top', '"openapi"'],
    ['a trailing comma', '{"openapi":"3.1.0","paths":{"/a":{},},"info":{}}'],
    ['a missing colon', '{"openapi" "3.1.0"}'],
    ['an unterminated string', '{"paths":{"/a":{"get":"x}}}'],
    ['a broken entry', '{"paths":{"/a":{"get":tru}}}'],
    ['text after the object', '{"openapi":"3.1.0"} x'],
    ['a control character in a key', '{"pa\nths":{}}'],
    ['nesting past the limit', `{"paths":{"/a":${'['.repeat(MAX_NESTING)}${']'.repeat(MAX_NESTING)}}}`],
  ])('leaves %s to the whole-text parser', (_, text) => {
    expect(parseJsonEntries(text, createEntryMemo())).toBeUndefined();
  });

  it('parses text at the nesting limit', () => {
    // the document, paths and the path item count too: the innermost array is at MAX_NESTING
    const arrays = MAX_NESTING - 3;
    const text = `{"paths":{"/a":{"x":${'['.repeat(arrays)}${']'.repeat(arrays)}}}}`;
    expect(parseJsonEntries(text, createEntryMemo())?.document).toEqual(JSON.parse(text));
  });

  it('hands back the last value of an entry whose text is unchanged, and parses the edited one', () => {
    const doc = spec();
    const first = load(JSON.stringify(doc, null, 2));
    doc['paths']['/a'].get.summary = 'edited';
    const second = load(JSON.stringify(doc, null, 2), first.memo);
    expect(second.parsed!.document['webhooks'].hook).toBe(first.parsed!.document['webhooks'].hook);
    expect(second.parsed!.document['components'].schemas.A).toBe(first.parsed!.document['components'].schemas.A);
    expect(second.parsed!.document['paths']['/a']).not.toBe(first.parsed!.document['paths']['/a']);
    expect(second.parsed!.document['paths']['/a'].get.summary).toBe('edited');
    // parts that are not entries are always parsed again
    expect(second.parsed!.document['info']).not.toBe(first.parsed!.document['info']);
    expect(second.parsed!.document).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('never hands back an entry a stage changed in place (hoisting)', () => {
    const text = JSON.stringify(spec());
    const first = load(text);
    const changed = hoistInteriorRefs(first.parsed!.document, first.index);
    expect(changed.has('paths\0/b/{id}')).toBe(true);
    expect(first.parsed!.document['paths']['/b/{id}'].get.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/A_b');
    const second = load(text, first.memo);
    expect(second.parsed!.document['paths']['/b/{id}']).not.toBe(first.parsed!.document['paths']['/b/{id}']);
    expect(second.parsed!.document).toEqual(JSON.parse(text)); // as written, not as hoisted
    expect(second.parsed!.document['paths']['/a']).toBe(first.parsed!.document['paths']['/a']);
  });

  it('equals JSON.parse for random documents and edits, reusing exactly the unchanged entries (fast-check)', () => {
    const entryMap = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 5 });
    const document = fc.record(
      { openapi: fc.constant('3.1.0'), info: fc.jsonValue({ maxDepth: 2 }), paths: entryMap, webhooks: fc.oneof(entryMap, fc.jsonValue({ maxDepth: 1 })), components: fc.dictionary(fc.constantFrom('schemas', 'responses', 'x-a'), fc.oneof(entryMap, fc.jsonValue({ maxDepth: 1 }))) },
      { requiredKeys: ['openapi'] },
    );
    fc.assert(
      fc.property(document, document, fc.constantFrom(0, 1, 2), (a, b, indent) => {
        const memo = createEntryMemo();
        const textA = JSON.stringify(a, null, indent);
        const first = load(textA, memo);
        expect(first.parsed?.document).toEqual(JSON.parse(textA));
        const textB = JSON.stringify({ ...a, paths: { ...(a.paths ?? {}), ...(b.paths ?? {}) } }, null, indent);
        const second = load(textB, memo);
        const parsedB = JSON.parse(textB);
        expect(second.parsed?.document).toEqual(parsedB);
        for (const [name, value] of Object.entries(parsedB.paths ?? {})) {
          const before = first.parsed!.document['paths']?.[name];
          const same = before !== undefined && JSON.stringify(before) === JSON.stringify(value);
          if (value !== null && typeof value === 'object') expect(second.parsed!.document['paths'][name] === before).toBe(same);
        }
      }),
      { numRuns: 200 },
    );
  });
});
