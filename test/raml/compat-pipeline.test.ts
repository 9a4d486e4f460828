// The conversion runs AMF's OAS compatibility pipeline without the two steps that would resolve
// the unit validate() already resolved (amf-runtime.ts). This pins that pipeline's output to the
// whole pipeline's: documents, warnings and errors equal on fixtures with traits, resource types,
// libraries, inheritance, security and stale examples, in both example modes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAmfRuntime, PINNED_AMF_VERSION } from '../../generator/raml/amf-runtime.js';
import { convertRun, finishRun } from '../../generator/raml/run.js';
import { fixture } from './helpers.js';

const trimmed = createAmfRuntime(true);
const whole = createAmfRuntime(false);

const CASES = [
  'valid/raml08/own-feature-matrix/api.raml',
  'valid/raml10/own-feature-matrix/api.raml',
  'valid/raml10/tck-teams-api/valid.raml',
  'valid/raml10/tck-spec-apis/apply-resourcetypes-traits.raml',
  'valid/raml10/tck-spec-apis/root.raml',
  'parity/api.raml',
  'stale-examples/api-08.raml',
  'known-amf-gaps/jsparser2-trait-param-type-08/api.raml',
  'gaps/api.raml',
];

async function outcome(file: string, lenientExamples: boolean, runtime: typeof trimmed): Promise<unknown> {
  const version = readFileSync(file, 'utf8').startsWith('#%RAML 0.8') ? '0.8' : '1.0';
  try {
    const result = finishRun(file, await convertRun(file, version, { lenientExamples, ramlVersion: version }, undefined, runtime));
    return JSON.parse(JSON.stringify(result));
  } catch (error) {
    const e = error as { code?: string; message: string; location?: unknown; details?: unknown };
    return { error: JSON.parse(JSON.stringify({ code: e.code, message: e.message, location: e.location, details: e.details })) };
  }
}

describe('the trimmed OAS compatibility pipeline', () => {
  it(`is the one in use with amf-client-js ${PINNED_AMF_VERSION} (another release runs the whole pipeline: re-check the step positions)`, () => {
    const installed = (JSON.parse(readFileSync(fixture('../../node_modules/amf-client-js/package.json'), 'utf8')) as { version: string }).version;
    expect(installed).toBe(PINNED_AMF_VERSION);
    expect(trimmed.compatibility).not.toBe(whole.compatibility);
    expect(whole.compatibility).toBe(whole.amf.PipelineId.Compatibility);
  });

  for (const path of CASES) {
    for (const lenientExamples of [true, false]) {
      it(`converts ${path} (lenientExamples: ${lenientExamples}) as the whole pipeline does`, async () => {
        const file = fixture(path);
        const a = await outcome(file, lenientExamples, trimmed);
        const b = await outcome(file, lenientExamples, whole);
        expect(a).toEqual(b);
      });
    }
  }
});
