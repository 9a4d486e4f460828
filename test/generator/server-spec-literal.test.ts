/**
 * emit/api-spec.ts serverSpecLiteral writes the server descriptor from pieces (each converted
 * component's JSON text, reused across watch runs while the component is unchanged): the text
 * must be exactly `JSON.parse('…')` of the whole descriptor's JSON, fresh or reused.
 */
import { describe, expect, it } from 'vitest';
import { createEmitContext } from '../../generator/emit/context.js';
import { createPieceMemo, serverApiSpec, serverSpecLiteral } from '../../generator/emit/api-spec.js';
import { jsonParse } from '../../generator/escape.js';
import { loadSpec } from '../../generator/load/index.js';
import { buildModel } from '../../generator/model/build.js';
import { hoistInteriorRefs } from '../../generator/normalize/hoist-refs.js';
import { createConvertedMemo } from '../../generator/normalize/json-schema.js';
import { createTypesMemo } from '../../generator/emit/ts-document.js';
import { createEntryMemo, EntryIndex } from '../../generator/content-hash.js';
import { fixture } from '../helpers/generated.js';

type Obj = Record<string, any>;

function modelOf(document: Obj) {
  const doc = structuredClone(document);
  const index = new EntryIndex(doc, createEntryMemo());
  hoistInteriorRefs(doc, index);
  return buildModel({ document: doc, sourceVersion: String(doc['openapi']), file: 'spec.json' });
}

describe('serverSpecLiteral', () => {
  it('is the JSON.parse form of the whole descriptor, fresh and after edits with reused pieces', async () => {
    for (const spec of ['openapi/petstore.yaml', 'openapi/composition.yaml', 'openapi/features-3.1.yaml', 'hostile/strings.json', 'hostile/names.json', 'hostile/injection.json']) {
      const loaded = await loadSpec(fixture(spec), {});
      const memo = { types: createTypesMemo(), converted: createConvertedMemo(), pieces: createPieceMemo() };
      const document = loaded.document as Obj;
      for (let round = 0; round < 3; round++) {
        if (round > 0) {
          // an edit of one component (and one `</script>`-like string, escaped either way)
          const schemas = (document['components'] ??= {})['schemas'] ??= {};
          const first = Object.keys(schemas)[0];
          if (first !== undefined && schemas[first] && typeof schemas[first] === 'object') schemas[first] = { ...schemas[first], description: `round ${round}` };
          schemas[`Edited${round}`] = { type: 'object', description: `it's <b>${round}</b> \u2028`, properties: { a: { type: 'string' } } };
          // and of one operation (a new inline response: its spec's text changes, the others' are reused)
          const firstPath = (Object.values(document['paths'] ?? {}) as Obj[])[0];
          const op = firstPath && ['get', 'post', 'put', 'delete', 'patch'].map((m) => firstPath[m]).find((o) => o && typeof o === 'object');
          if (op) op.responses = { ...op.responses, [`4${round}8`]: { description: 'x', content: { 'application/json': { schema: { type: 'string', enum: [`it's <${round}>`] } } } } };
        }
        const model = modelOf(document);
        const expected = jsonParse(JSON.stringify(serverApiSpec(model, createEmitContext(model, 'spec.json'))));
        expect(serverSpecLiteral(model, createEmitContext(model, 'spec.json', memo), 0), `${spec} round ${round}`).toBe(expected);
      }
    }
  });
});
