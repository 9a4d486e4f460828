/**
 * Lazy access to amf-client-js. AMF is large (about 0.6 s just to `require`), so it is
 * imported only when a RAML input is seen, once per process, and its base
 * configurations are built once and reused (watch mode calls loadRaml repeatedly).
 */
import type * as Amf from 'amf-client-js';

export type AmfModule = typeof Amf;
export type { Amf };

export interface AmfRuntime {
  amf: AmfModule;
  raml08: Amf.AMFConfiguration;
  raml10: Amf.AMFConfiguration;
  oas30: Amf.AMFConfiguration;
}

let runtime: Promise<AmfRuntime> | undefined;

/** The shared AMF instance. Named imports of amf-client-js type-check but fail at run time (AMF-GAPS 21): use the default export. */
export function amfRuntime(): Promise<AmfRuntime> {
  runtime ??= import('amf-client-js').then((module) => {
    const amf = ((module as { default?: AmfModule }).default ?? module) as AmfModule;
    return {
      amf,
      raml08: amf.RAMLConfiguration.RAML08(),
      raml10: amf.RAMLConfiguration.RAML10(),
      oas30: amf.OASConfiguration.OAS30(),
    };
  });
  return runtime;
}
