/**
 * The document types are printed one entry at a time so watch mode can reuse
 * unchanged entries (generator/emit/ts-document.ts). Two properties hold it up:
 * the text equals what openapi-typescript's whole-document transform prints, and
 * a reused entry gives the same text as a fresh run after any edit.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
// openapi-typescript's public entry (the generator imports the same functions from their own modules: emit/openapi-typescript.ts)
import { astToString, transformSchema, type GlobalContext, type OpenAPI3 } from 'openapi-typescript';
import { patchHelpers } from '../../generator/emit/openapi-typescript.js';
import { TsSchemas } from '../../generator/emit/ts-schema.js';
import { createTypesMemo } from '../../generator/emit/ts-document.js';
import { loadSpec } from '../../generator/load/index.js';
import { buildModel } from '../../generator/model/build.js';
import { hoistInteriorRefs } from '../../generator/normalize/hoist-refs.js';
import { SpecError } from '../../generator/diagnostics.js';
import { rejection } from '../helpers/assert.js';
import { fixture, tmpDir } from '../helpers/generated.js';

type Obj = Record<string, unknown>;

/** Fixtures the loader rejects on purpose, with the code it must reject them with; every other input must load. */
const REJECTED: Record<string, string> = { 'hostile/refs-escape.json': 'SPEC_REF_OUTSIDE_ROOT' };

async function documentOf(file: string): Promise<Obj> {
  const loaded = await loadSpec(file, {});
  hoistInteriorRefs(loaded.document);
  return buildModel({ document: loaded.document, sourceVersion: loaded.sourceVersion, file: loaded.rootFile }).document as Obj;
}

/** openapi-typescript's own print of the whole document, with the same context (and the adapter's helper corrections). */
function wholeDocument(document: Obj): string {
  const schemas = new TsSchemas(document) as unknown as { document: Obj; ctx: GlobalContext };
  return patchHelpers(astToString(transformSchema(schemas.document as unknown as OpenAPI3, schemas.ctx)));
}

function perEntry(document: Obj, memo = createTypesMemo()): string {
  return new TsSchemas(document, memo).printEntries();
}

async function inputs(): Promise<string[]> {
  const out: string[] = [];
  for (const dir of ['openapi', 'pathological', 'hostile']) {
    for (const f of await readdir(fixture(dir))) if (/\.(ya?ml|json)$/.test(f)) out.push(fixture(dir, f));
  }
  out.push(fixture('openapi/multi-file/openapi.yaml'), fixture('openapi/external-refs/openapi.yaml'));
  const tmp = await tmpDir('ts-document');
  for (const f of (await readdir(fixture('corpus'))).filter((f) => f.endsWith('.json.gz'))) {
    const file = path.join(tmp, f.replace(/\.gz$/, ''));
    await writeFile(file, gunzipSync(await readFile(fixture('corpus', f))));
    out.push(file);
  }
  return out;
}

describe('per-entry printing of the document types', () => {
  it('prints what openapi-typescript prints for the whole document (every fixture and corpus sample)', async () => {
    const files = await inputs();
    let compared = 0;
    for (const file of files) {
      const name = path.relative(fixture(), file);
      const rejected = REJECTED[name];
      if (rejected !== undefined) {
        expect((await rejection(documentOf(file), SpecError)).code, name).toBe(rejected);
        continue;
      }
      const document = await documentOf(file);
      expect(perEntry(structuredClone(document)), name).toBe(wholeDocument(structuredClone(document)));
      compared++;
    }
    expect(compared).toBe(files.length - Object.keys(REJECTED).length);
    expect(compared).toBeGreaterThan(40);
  }, 120_000);

  it('reuses unchanged entries and reprints what an edit reaches (also through $ref lookups)', async () => {
    const document = await documentOf(fixture('openapi/petstore.yaml'));
    const memo = createTypesMemo();
    const fresh = (d: Obj) => perEntry(structuredClone(d));
    const cached = (d: Obj) => perEntry(structuredClone(d), memo);

    expect(cached(document)).toBe(fresh(document));
    const all = memo.printed;
    expect(all).toBeGreaterThan(5);

    expect(cached(document)).toBe(fresh(document));
    expect(memo.printed).toBe(0);

    // one operation summary: only its path item is printed again
    const edited = structuredClone(document);
    ((edited['paths'] as Obj)['/pets'] as { get: Obj }).get['summary'] = 'Lists */ pets';
    expect(cached(edited)).toBe(fresh(edited));
    expect(memo.printed).toBe(1);

    // a schema that another one inherits through allOf (openapi-typescript resolves the $ref
    // to read its properties): the schema and the inheriting entries are printed again
    const withBase = structuredClone(edited);
    const schemas = (withBase['components'] as Obj)['schemas'] as Obj;
    schemas['Base'] = { type: 'object', properties: { id: { type: 'integer' } } };
    schemas['Derived'] = { allOf: [{ $ref: '#/components/schemas/Base' }], required: ['id'] };
    expect(cached(withBase)).toBe(fresh(withBase));
    const renamed = structuredClone(withBase);
    ((renamed['components'] as Obj)['schemas'] as Obj)['Base'] = { type: 'object', properties: { key: { type: 'integer' } } };
    const text = cached(renamed);
    expect(text).toBe(fresh(renamed));
    expect(memo.printed).toBe(2);
    expect(text).not.toContain("WithRequired<components['schemas']['Base'], 'id'>");

    // two entries need the WithRequired helper; the one that first declared it goes away:
    // the other, reused from the memo, still brings the declaration along
    const twice = structuredClone(withBase);
    ((twice['components'] as Obj)['schemas'] as Obj)['Derived2'] = { allOf: [{ $ref: '#/components/schemas/Base' }], required: ['id'] };
    expect(cached(twice)).toBe(fresh(twice));
    const once = structuredClone(twice);
    delete ((once['components'] as Obj)['schemas'] as Obj)['Derived'];
    const onceText = cached(once);
    expect(memo.printed).toBe(0);
    expect(onceText).toContain('type WithRequired<');
    expect(onceText).toBe(fresh(once));
  });
});
