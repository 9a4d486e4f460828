/**
 * openapi-typescript's transformers, imported from their own modules so the
 * package entry (which loads Redocly's bundler, ~1 s) is never loaded. The
 * package exports `./*`; its types ship only for the entry, so they are
 * re-declared here from it.
 */
declare module 'openapi-typescript/dist/transform/index.mjs' {
  const transformSchema: typeof import('openapi-typescript').transformSchema;
  export default transformSchema;
}
declare module 'openapi-typescript/dist/transform/schema-object.mjs' {
  const transformSchemaObject: typeof import('openapi-typescript').transformSchemaObject;
  export default transformSchemaObject;
}
declare module 'openapi-typescript/dist/lib/ts.mjs' {
  export const astToString: typeof import('openapi-typescript').astToString;
}
declare module 'openapi-typescript/dist/lib/utils.mjs' {
  export const resolveRef: typeof import('openapi-typescript').resolveRef;
  export const scanDiscriminators: typeof import('openapi-typescript').scanDiscriminators;
}
