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
  export const addJSDocComment: typeof import('openapi-typescript').addJSDocComment;
  export const tsPropertyIndex: typeof import('openapi-typescript').tsPropertyIndex;
  export const stringToAST: typeof import('openapi-typescript').stringToAST;
  export const oapiRef: typeof import('openapi-typescript').oapiRef;
}
declare module 'openapi-typescript/dist/transform/path-item-object.mjs' {
  const transformPathItemObject: typeof import('openapi-typescript').transformPathItemObject;
  export default transformPathItemObject;
}
declare module 'openapi-typescript/dist/transform/response-object.mjs' {
  const transformResponseObject: typeof import('openapi-typescript').transformResponseObject;
  export default transformResponseObject;
}
declare module 'openapi-typescript/dist/transform/parameter-object.mjs' {
  const transformParameterObject: typeof import('openapi-typescript').transformParameterObject;
  export default transformParameterObject;
}
declare module 'openapi-typescript/dist/transform/request-body-object.mjs' {
  const transformRequestBodyObject: typeof import('openapi-typescript').transformRequestBodyObject;
  export default transformRequestBodyObject;
}
declare module 'openapi-typescript/dist/transform/header-object.mjs' {
  const transformHeaderObject: typeof import('openapi-typescript').transformHeaderObject;
  export default transformHeaderObject;
}
declare module 'openapi-typescript/dist/lib/utils.mjs' {
  export const resolveRef: typeof import('openapi-typescript').resolveRef;
  export const scanDiscriminators: typeof import('openapi-typescript').scanDiscriminators;
  export const createRef: typeof import('openapi-typescript').createRef;
}
