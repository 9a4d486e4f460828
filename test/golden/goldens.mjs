// Which fixtures have committed golden outputs (name -> spec under fixtures/).
export const GOLDENS = {
  petstore: 'openapi/petstore.yaml',
  'features-3.1': 'openapi/features-3.1.yaml',
  'petstore-swagger2': 'openapi/petstore-swagger2.yaml',
  'multi-file': 'openapi/multi-file/openapi.yaml',
};
