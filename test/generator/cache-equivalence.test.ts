/**
 * The incremental layer (generate cache: validation memo, types memo with its entry hashes
 * and component analyses, model and files) must never change what a run writes: after any
 * sequence of edits, a run that reuses the previous runs' caches emits byte for byte what a
 * fresh run emits (property-based, fast-check).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createGenerateCache, generate } from '../../generator/generate.js';
import { fixture, tmpDir } from '../helpers/generated.js';

type Obj = Record<string, any>;

const propertySchema = fc.oneof(
  fc.record({ type: fc.constantFrom('string', 'integer', 'boolean') }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('string'), readOnly: fc.constant(true) }),
  fc.record({ type: fc.constant('string'), writeOnly: fc.constant(true) }),
  fc.record({ type: fc.constant('integer'), default: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ type: fc.constant('array'), items: fc.record({ type: fc.constant('string') }) }),
);
const word = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);

/** One edit of the document, as data (applied by `apply`). */
const edit = fc.oneof(
  fc.record({ kind: fc.constant('summary' as const), op: fc.nat(), text: fc.string({ maxLength: 20 }) }),
  fc.record({ kind: fc.constant('addProperty' as const), schema: fc.nat(), name: word, value: propertySchema }),
  fc.record({ kind: fc.constant('dropProperty' as const), schema: fc.nat(), property: fc.nat() }),
  fc.record({ kind: fc.constant('toggleRequired' as const), schema: fc.nat(), property: fc.nat() }),
  fc.record({ kind: fc.constant('refProperty' as const), schema: fc.nat(), target: fc.nat(), name: word }),
  fc.record({ kind: fc.constant('addComponent' as const), name: word, target: fc.nat() }),
  // a $ref into another schema's property (hoisted into a component of its own: normalize/hoist-refs.ts)
  fc.record({ kind: fc.constant('refInterior' as const), schema: fc.nat(), target: fc.nat(), property: fc.nat(), name: word }),
  fc.record({ kind: fc.constant('discriminator' as const), schema: fc.nat(), property: fc.nat() }),
);
type Edit = typeof edit extends fc.Arbitrary<infer E> ? E : never;

function apply(doc: Obj, e: Edit): void {
  const schemas = doc['components']['schemas'] as Obj;
  const names = Object.keys(schemas);
  const objectNames = names.filter((n) => schemas[n].type === 'object' || schemas[n].properties);
  const pick = <T>(list: T[], i: number): T | undefined => (list.length ? list[i % list.length] : undefined);
  switch (e.kind) {
    case 'summary': {
      const ops = Object.values(doc['paths'] as Obj).flatMap((item: Obj) => Object.values(item).filter((v) => v && typeof v === 'object' && 'responses' in v));
      const op = pick(ops, e.op) as Obj | undefined;
      if (op) op['summary'] = e.text;
      return;
    }
    case 'addProperty': {
      const s = schemas[pick(objectNames, e.schema) ?? ''];
      if (s) (s.properties ??= {})[e.name] = e.value;
      return;
    }
    case 'dropProperty': {
      const s = schemas[pick(objectNames, e.schema) ?? ''];
      const key = s?.properties ? pick(Object.keys(s.properties), e.property) : undefined;
      if (s && key !== undefined) {
        delete s.properties[key];
        if (Array.isArray(s.required)) s.required = s.required.filter((r: string) => r !== key);
        if (Array.isArray(s.required) && s.required.length === 0) delete s.required;
      }
      return;
    }
    case 'toggleRequired': {
      const s = schemas[pick(objectNames, e.schema) ?? ''];
      const key = s?.properties ? pick(Object.keys(s.properties), e.property) : undefined;
      if (!s || key === undefined) return;
      const required: string[] = s.required ?? [];
      s.required = required.includes(key) ? required.filter((r) => r !== key) : [...required, key];
      if (s.required.length === 0) delete s.required;
      return;
    }
    case 'refProperty': {
      const s = schemas[pick(objectNames, e.schema) ?? ''];
      const target = pick(names, e.target);
      if (s && target) (s.properties ??= {})[e.name] = { $ref: `#/components/schemas/${target}` };
      return;
    }
    case 'refInterior': {
      const s = schemas[pick(objectNames, e.schema) ?? ''];
      const target = pick(objectNames, e.target);
      const property = target && schemas[target].properties ? pick(Object.keys(schemas[target].properties), e.property) : undefined;
      if (s && target && property !== undefined && !property.includes('/') && !property.includes('~')) {
        (s.properties ??= {})[e.name] = { $ref: `#/components/schemas/${target}/properties/${property}` };
      }
      return;
    }
    case 'discriminator': {
      const s = schemas[pick(objectNames, e.schema) ?? ''];
      const property = s?.properties ? pick(Object.keys(s.properties).filter((k) => s.properties[k].type === 'string'), e.property) : undefined;
      if (s && property !== undefined) s.discriminator = { propertyName: property };
      return;
    }
    case 'addComponent': {
      const target = pick(names, e.target);
      if (!schemas[`X${e.name}`] && target) schemas[`X${e.name}`] = { type: 'object', properties: { link: { $ref: `#/components/schemas/${target}` } } };
      return;
    }
  }
}

async function filesOf(dir: string, spec: string, cache?: ReturnType<typeof createGenerateCache>): Promise<Record<string, string>> {
  const result = await generate({ input: spec, output: dir, ...(cache ? { cache } : {}) });
  return Object.fromEntries(result.files.map((f) => [f.path, f.contents]));
}

/**
 * What a run produced: its files, or the located spec error it reported (edits can break the spec,
 * e.g. a `$ref` into a property a later edit drops: a cached run must then report what a fresh run
 * reports, and recover when a later edit repairs it). Anything but a coded error is rethrown.
 */
async function outcomeOf(dir: string, spec: string, cache?: ReturnType<typeof createGenerateCache>): Promise<{ files: Record<string, string> } | { error: string; message: string }> {
  try {
    return { files: await filesOf(dir, spec, cache) };
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown };
    if (typeof e.code !== 'string') throw error;
    return { error: e.code, message: String(e.message) };
  }
}

describe('cached runs equal fresh runs', () => {
  it('after random edits of components and operations (fast-check)', async () => {
    const base = parse(await readFile(fixture('openapi/petstore.yaml'), 'utf8')) as Obj;
    const dir = await tmpDir('cache-equivalence');
    const spec = path.join(dir, 'spec.json');
    // each round is written with its own layout (the JSON is parsed entry by entry from its text:
    // load/json-entries.ts), and now and then cut short (a syntax error, then repaired)
    const round = fc.record({ edits: fc.array(edit, { minLength: 1, maxLength: 3 }), indent: fc.constantFrom(0, 1, 2), cut: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.array(round, { minLength: 1, maxLength: 4 }), async (rounds) => {
        const doc = structuredClone(base);
        const cache = createGenerateCache();
        await writeFile(spec, JSON.stringify(doc));
        await filesOf(path.join(dir, 'cached'), spec, cache);
        for (const { edits, indent, cut } of rounds) {
          for (const e of edits) apply(doc, e);
          const text = JSON.stringify(doc, null, indent);
          await writeFile(spec, cut && edits.length === 1 ? text.slice(0, -2) : text);
          const cached = await outcomeOf(path.join(dir, 'cached'), spec, cache);
          const fresh = await outcomeOf(path.join(dir, 'fresh'), spec);
          expect(cached).toEqual(fresh);
        }
      }),
      { numRuns: 12 },
    );
  }, 600_000);
});
