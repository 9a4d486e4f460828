/**
 * The OpenAPI schema validators `npm run build` precompiles into dist/generator/load/validators/
 * (scripts/precompile-validators.mjs; issue 16, cold start) must judge every document as Ajv
 * compiling the same schema in this process does: the same verdict and the same errors, on every
 * OpenAPI/Swagger document of the fixture corpus and on broken copies of each.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { KINDS, precompiled, precompiledFile, runtimeValidator, validatorKey, type Kind } from '../../generator/load/oas-schema.js';
import { ROOT } from '../helpers/generated.js';

type Doc = Record<string, unknown>;

function documents(): Array<{ file: string; doc: Doc }> {
  const out: Array<{ file: string; doc: Doc }> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.(ya?ml|json)$/.test(name)) {
        let doc: unknown;
        try {
          doc = parse(readFileSync(file, 'utf8'));
        } catch {
          continue; // the syntax-error fixtures
        }
        if (doc && typeof doc === 'object' && !Array.isArray(doc) && ('openapi' in doc || 'swagger' in doc)) out.push({ file, doc: doc as Doc });
      }
    }
  };
  walk(path.join(ROOT, 'fixtures'));
  return out;
}

function kindOf(doc: Doc): Kind {
  const v = String(doc['openapi']);
  return doc['swagger'] !== undefined ? 'v2' : v.startsWith('3.1') ? 'v31' : v.startsWith('3.2') ? 'v32' : 'v3';
}

/** Copies that break the document in the common ways (a missing field, wrong types, an unknown key). */
function broken(doc: Doc): Doc[] {
  const noInfo = structuredClone(doc);
  delete noInfo['info'];
  const badPaths = { ...structuredClone(doc), paths: { '/x': { get: { responses: 5, parameters: [{ in: 'nowhere' }] } }, nope: true } };
  const badComponents = { ...structuredClone(doc), components: { schemas: { A: { type: 7, properties: [] } } }, definitions: { B: { required: 'id' } } };
  return [noInfo, badPaths, badComponents];
}

const docs = documents();

describe('precompiled OpenAPI validators (dist) = Ajv compiled at run time', () => {
  it('the build wrote one for each version, for the installed Ajv and schemas', () => {
    for (const kind of KINDS) {
      const file = precompiledFile(kind, new URL('../../dist/generator/load/oas-schema.js', import.meta.url).href);
      expect(precompiled(kind, validatorKey(kind), file), `${file}: run npm run build`).toBeTypeOf('function');
      // a validator built for other versions or options is not used
      expect(precompiled(kind, `${validatorKey(kind)} other`, file)).toBeUndefined();
    }
  });

  it.each(KINDS)('%s: the same verdict and errors on the fixture corpus and broken copies', (kind) => {
    const file = precompiledFile(kind, new URL('../../dist/generator/load/oas-schema.js', import.meta.url).href);
    const shipped = precompiled(kind, validatorKey(kind), file)!;
    const runtime = runtimeValidator(kind);
    const mine = docs.filter((d) => kindOf(d.doc) === kind);
    expect(mine.length, `fixtures of ${kind}`).toBeGreaterThan(0);
    let invalid = 0;
    for (const { file: from, doc } of mine) {
      for (const candidate of [doc, ...broken(doc)]) {
        const a = shipped(candidate);
        const b = runtime(candidate);
        expect(a, from).toBe(b);
        expect(shipped.errors ?? null, from).toEqual(runtime.errors ?? null);
        if (!a) invalid++;
      }
    }
    expect(invalid).toBeGreaterThanOrEqual(mine.length); // the broken copies were judged, not skipped
  });
});
