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
}

let runtime: AmfRuntime | undefined;

/**
 * The shared AMF instance. amf-client-js is one 5.7 MB CommonJS file: `require` it. An ESM
 * `import()` makes Node scan the whole file for its module format and its named exports
 * (cjs-module-lexer), about 1.5 s of CPU for nothing, and its named imports fail at run
 * time anyway (AMF-GAPS 21).
 */
export async function amfRuntime(): Promise<AmfRuntime> {
  if (runtime === undefined) {
    const amf = createRequire(import.meta.url)('amf-client-js') as AmfModule;
    runtime = {
      amf,
      raml08: amf.RAMLConfiguration.RAML08(),
      raml10: amf.RAMLConfiguration.RAML10(),
      oas30: amf.OASConfiguration.OAS30(),
    };
  }
  return runtime;
}
