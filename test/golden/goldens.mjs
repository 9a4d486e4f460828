// Which fixtures have committed golden outputs (name -> spec under fixtures/).
export const GOLDENS = {
  petstore: 'openapi/petstore.yaml',
  'features-3.1': 'openapi/features-3.1.yaml',
  'petstore-swagger2': 'openapi/petstore-swagger2.yaml',
  'multi-file': 'openapi/multi-file/openapi.yaml',
  'raml10-feature-matrix': 'raml/valid/raml10/own-feature-matrix/api.raml',
  'raml08-feature-matrix': 'raml/valid/raml08/own-feature-matrix/api.raml',
};
