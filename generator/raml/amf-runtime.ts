/**
 * Lazy access to amf-client-js. AMF is large (about 0.6 s just to `require`), so it is
 * loaded only when a RAML input is seen, once per process, and its base
 * configurations are built once and reused (watch mode calls loadRaml repeatedly).
 */
import { createRequire } from 'node:module';
import type * as Amf from 'amf-client-js';

export type AmfModule = typeof Amf;
export type { Amf };

export interface AmfRuntime {
  amf: AmfModule;
  raml08: Amf.AMFConfiguration;
  raml10: Amf.AMFConfiguration;
  oas30: Amf.AMFConfiguration;
  /**
   * The pipeline to turn a unit validate() already resolved into the OAS 3.0 shape our
   * conversion reads: AMF's OAS compatibility pipeline (registered in `oas30` under this name)
   * without the two steps that would resolve the unit a second time. See compatibilityAfterValidation.
   */
  compatibility: string;
}

let runtime: AmfRuntime | undefined;

/**
 * The shared AMF instance. amf-client-js is one 5.7 MB CommonJS file: `require` it. An ESM
 * `import()` makes Node scan the whole file for its module format and its named exports
 * (cjs-module-lexer), about 1.5 s of CPU for nothing, and its named imports fail at run
 * time anyway (AMF-GAPS 21).
 */
export async function amfRuntime(): Promise<AmfRuntime> {
  runtime ??= createAmfRuntime();
  return runtime;
}

/** A runtime of its own; `trimCompatibility: false` runs AMF's whole compatibility pipeline (the pinning test compares both). */
export function createAmfRuntime(trimCompatibility = true): AmfRuntime {
  const amf = createRequire(import.meta.url)('amf-client-js') as AmfModule;
  const { config, name } = compatibilityAfterValidation(amf, amf.OASConfiguration.OAS30(), trimCompatibility);
  return {
    amf,
    raml08: amf.RAMLConfiguration.RAML08(),
    raml10: amf.RAMLConfiguration.RAML10(),
    oas30: config,
    compatibility: name,
  };
}

/** The amf-client-js release whose pipeline layout REDUNDANT_COMPATIBILITY_STEPS describes (package.json pins it). */
export const PINNED_AMF_VERSION = '5.10.2';
/**
 * AMF 5.10.2's OAS 3.0 compatibility pipeline has 26 steps: the 16 of its Default pipeline
 * (RequestParamsLink, references, external sources, extensions (traits, resource types,
 * overlays), shape normalization, security, parameters, servers, path descriptions, media
 * types, response examples, payloads, clean references, declarations, annotations, source
 * information) and 10 compatibility fixes (amf: Oas3CompatibilityPipeline.scala). validate()
 * has already run AMF's validation pipeline on the unit, which applies extensions and
 * normalizes shapes; running those two again finds nothing to apply but costs 2.5–3 s CPU on
 * 248 operations. Steps 3 and 4 are they. AMF names none of its steps in JS, so they are
 * known by position, only for the pinned release; any other layout runs the whole pipeline.
 * test/raml/compat-pipeline.test.ts pins the trimmed pipeline's output to the whole one's.
 */
const REDUNDANT_COMPATIBILITY_STEPS = new Set([3, 4]);
const COMPATIBILITY_STEP_COUNT = 26;

function compatibilityAfterValidation(amf: AmfModule, oas30: Amf.AMFConfiguration, trim = true): { config: Amf.AMFConfiguration; name: string } {
  const version = (createRequire(import.meta.url)('amf-client-js/package.json') as { version?: string }).version;
  const whole = amf.TransformationPipelineBuilder.fromPipeline(amf.PipelineId.Compatibility, oas30)?.build();
  if (!trim || whole === undefined || version !== PINNED_AMF_VERSION || whole.steps.length !== COMPATIBILITY_STEP_COUNT) {
    return { config: oas30, name: amf.PipelineId.Compatibility };
  }
  const name = 'contractgen-compatibility-after-validation';
  let builder = amf.TransformationPipelineBuilder.empty(name);
  whole.steps.forEach((step, i) => {
    if (!REDUNDANT_COMPATIBILITY_STEPS.has(i)) builder = builder.append(step);
  });
  return { config: oas30.withTransformationPipeline(builder.build()), name };
}
