// Which fixtures have committed golden outputs (name -> spec under fixtures/).
export const GOLDENS = {
  petstore: 'openapi/petstore.yaml',
  'body-types': 'openapi/body-types.yaml',
  'features-3.1': 'openapi/features-3.1.yaml',
  'petstore-swagger2': 'openapi/petstore-swagger2.yaml',
  'multi-file': 'openapi/multi-file/openapi.yaml',
  composition: 'openapi/composition.yaml',
  'external-refs': 'openapi/external-refs/openapi.yaml',
  // the outside conformance suite's own fixtures (test/conformance)
  'conformance-petstore-v3': 'conformance/petstore-v3.yaml',
  'conformance-petstore-expanded': 'conformance/petstore-expanded.yaml',
  'conformance-styles': 'conformance/styles.yaml',
  downloads: 'openapi/downloads.yaml',
  // the batching sink's tests (test/runtime/sink)
  sink: 'openapi/sink.yaml',
  // OpenAPI 3.2 and streams (test/stream)
  'stream-3.2': 'openapi/stream-3.2.yaml',
  'raml10-feature-matrix': 'raml/valid/raml10/own-feature-matrix/api.raml',
  'raml08-feature-matrix': 'raml/valid/raml08/own-feature-matrix/api.raml',
};
