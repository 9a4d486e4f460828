import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { isRaml } from '../../generator/raml/index.js';
import { camel, operationIdFromPath } from '../../generator/raml/post/operation-ids.js';
import { fixture, get, load, operationsOf } from './helpers.js';

const M10 = 'valid/raml10/own-feature-matrix/api.raml';
const M08 = 'valid/raml08/own-feature-matrix/api.raml';
const GAPS = 'gaps/api.raml';
const schemas = async (path: string) => get((await load(path)).document, 'components', 'schemas');
const warning = async (path: string, code: string) => (await load(path)).warnings.filter((w) => w.code === code);

describe('header detection and lazy AMF (AMF-GAPS 21, 22)', () => {
  it('isRaml accepts 0.8 / 1.0 API headers only', () => {
    expect(isRaml('#%RAML 1.0\ntitle: x')).toBe(true);
    expect(isRaml('#%RAML 0.8\r\ntitle: x')).toBe(true);
    expect(isRaml('#%RAML 1.0 Library\n')).toBe(true);
    expect(isRaml('#%RAML 2.0\n')).toBe(false);
    expect(isRaml('openapi: 3.0.0\n# #%RAML 1.0')).toBe(false);
  });

  it('AMF is not loaded by importing the module, only by loadRaml', async () => {
    const require = createRequire(import.meta.url);
    const loaded = () => Object.keys(require.cache).some((k) => k.includes('amf-client-js'));
    expect(loaded()).toBe(false);
    await load(M10);
    expect(loaded()).toBe(true);
  });
});

describe('AMF-GAPS handled by the converter', () => {
  it('6: an invented 200 becomes a `default` response, with a warning', async () => {
    const { document } = await load(GAPS);
    expect(get(document, 'paths', '/things/{id}', 'get', 'responses')).toEqual({ default: { description: 'No responses documented in the RAML spec' } });
    const w = await warning(GAPS, 'RAML_NO_RESPONSES');
    expect(w.map((x) => x.location?.line)).toEqual([25, 30]);
    // real responses are untouched
    expect(Object.keys(get(document, 'paths', '/things/{id}', 'put', 'responses'))).toEqual(['204']);
  });

  it('7: operationIds from displayName, else method + path; unique', async () => {
    const { document } = await load(M10);
    const ids = Object.fromEntries(operationsOf(document).map((o) => [`${o.method} ${o.path}`, o.op.operationId]));
    expect(ids['get /pets']).toBe('listPets');
    expect(get(document, 'paths', '/pets', 'get', 'summary')).toBe('listPets');
    expect(ids['get /pets/{petId}']).toBe('getPetsByPetId');
    expect(ids['post /pets/{petId}/photo']).toBe('postPetsByPetIdPhoto');
    expect(operationIdFromPath('get', '/a-b/{c_d}')).toBe('getABByCD');
    expect(camel(['2fa', 'login'])).toBe('op2faLogin');
  });

  it('8: one root server list, {version} from `version:`, baseUriParameters enums and patterns kept', async () => {
    const m10 = (await load(M10)).document;
    expect(get(m10, 'servers')).toEqual([
      { url: 'https://{tenant}.example.com/api/{version}', variables: { tenant: { default: '', 'x-pattern': '^[a-z]+$' }, version: { default: 'v2' } } },
    ]);
    expect(operationsOf(m10).some((o) => 'servers' in o.op)).toBe(false);
    expect((await warning(M10, 'RAML_SERVER_VARIABLE_NO_DEFAULT'))[0]?.location?.line).toBe(6);
    const gaps = (await load(GAPS)).document;
    expect(get(gaps, 'servers', '0', 'variables', 'region')).toEqual({ enum: ['eu', 'us'], default: 'eu' });
    expect(get(gaps, 'servers', '0', 'variables', 'version', 'default')).toBe('v1');
  });

  it('9: queryString properties become query parameters', async () => {
    const params = get((await load(M10)).document, 'paths', '/owners/{ownerId}/pets', 'get', 'parameters');
    expect(params).toContainEqual({ name: 'filter', in: 'query', schema: { type: 'string' } });
  });

  it('10: OAuth 2.0 flows from settings, Pass Through → apiKey, securedBy null → {}', async () => {
    const { document } = await load(M10);
    const sec = get(document, 'components', 'securitySchemes');
    expect(sec.oauth2.flows.authorizationCode).toEqual({ authorizationUrl: 'https://auth.example.com/authorize', tokenUrl: 'https://auth.example.com/token', scopes: { read: '', write: '' } });
    expect(Object.keys(sec.oauth2.flows)).toEqual(['authorizationCode', 'clientCredentials']);
    expect(sec.basic).toEqual({ type: 'http', scheme: 'basic' });
    expect(sec.apiKey).toEqual({ type: 'apiKey', in: 'header', name: 'X-Api-Key' });
    expect(sec.custom).toBeUndefined();
    expect(get(document, 'paths', '/pets', 'get', 'security')).toEqual([{ oauth2: ['read'] }, { apiKey: [] }, {}]);
    expect(get(document, 'paths', '/pets/{petId}/photo', 'post', 'security')).toEqual([{ basic: [] }]);
    expect(get(document, 'paths', '/pets/search', 'post', 'security')).toEqual([]);
    const custom = await warning(M10, 'RAML_SECURITY_UNSUPPORTED');
    expect(custom.map((w) => [w.message.includes("'custom'"), w.location?.line])).toEqual([[true, 36]]);
  });

  it('10: RAML 0.8 grant names map to flows; query Pass Through; Digest warned', async () => {
    const flows = get((await load(M08)).document, 'components', 'securitySchemes', 'oauth_2_0', 'flows');
    expect(flows).toEqual({
      authorizationCode: { authorizationUrl: 'https://auth.example.com/authorize', tokenUrl: 'https://auth.example.com/token', scopes: { basic: '' } },
      implicit: { authorizationUrl: 'https://auth.example.com/authorize', scopes: { basic: '' } },
    });
    const gaps = (await load(GAPS)).document;
    expect(get(gaps, 'components', 'securitySchemes')).toEqual({ queryKey: { type: 'apiKey', in: 'query', name: 'api_key' } });
    expect(get(gaps, 'paths', '/things/{id}', 'get', 'security')).toEqual([{ queryKey: [] }]);
    const digest = await warning(GAPS, 'RAML_SECURITY_UNSUPPORTED');
    expect(digest[0]?.message).toContain('Digest');
    expect(digest[0]?.location?.line).toBe(9);
  });

  it('10: URI grant types are reported', async () => {
    const w = await warning('valid/raml10/tck-spec-apis/root.raml', 'RAML_OAUTH2_GRANT_UNSUPPORTED');
    expect(w[0]?.message).toContain('saml2-bearer');
    expect(w[0]?.location?.file).toBe(fixture('valid/raml10/tck-spec-apis/securitySchemes/oauth_2_0.raml'));
  });

  it('11: a DELETE body is reported with its location', async () => {
    const w = await warning(GAPS, 'RAML_DELETE_BODY_DROPPED');
    expect(w).toHaveLength(1);
    expect(w[0]?.location).toMatchObject({ file: fixture(GAPS), line: 28 });
  });

  it('12: inheritance as allOf, discriminator mapping on the parent', async () => {
    const s = await schemas(M10);
    expect(s.Cat).toEqual({ allOf: [{ $ref: '#/components/schemas/Pet' }, { type: 'object', properties: { indoor: { type: 'boolean' } }, required: ['indoor'] }] });
    expect(s.Dog.allOf[1].properties.goodBoy).toEqual({ default: true, type: 'boolean' });
    expect(s.Pet.discriminator).toEqual({ propertyName: 'kind', mapping: { cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog' } });
    expect(s.Animal).toEqual({ anyOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }] });
  });

  it('13: `Type | nil` keeps the named type as a nullable $ref', async () => {
    const s = await schemas(M10);
    expect(s.Pet.properties.owner).toEqual({ nullable: true, allOf: [{ $ref: '#/components/schemas/Person' }] });
    expect(s.Person.required).toEqual(['first', 'email']);
    expect(get(await schemas(GAPS), 'Upload', 'properties', 'data')).toEqual({ nullable: true, type: 'string', format: 'binary' });
  });

  it('14: RAML date/time formats become checkable schemas', async () => {
    const p = (await schemas(M10)).Pet.properties;
    expect(p.born).toEqual({ type: 'string', format: 'date' });
    expect(p.lastSeen).toEqual({ type: 'string', format: 'date-time' });
    expect(p.localTs.format).toBeUndefined();
    expect(new RegExp(p.localTs.pattern).test('2020-01-01T00:00:00')).toBe(true);
    expect(new RegExp(p.localTs.pattern).test('2020-01-01T00:00:00Z')).toBe(false);
    expect(new RegExp(p.feedingTime.pattern).test('12:30:00')).toBe(true);
    expect(p.lastSeenLegacy).toEqual({ type: 'string', 'x-raml-format': 'rfc2616' });
    expect(p.weight).toEqual({ type: 'number', format: 'float', minimum: 0 });
  });

  it('15: pattern properties → additionalProperties (warned), file in arrays/unions, draft-3 required', async () => {
    expect((await schemas(M10)).Pet.properties.meta).toEqual({ type: 'object', additionalProperties: { type: 'string' } });
    const w = await warning(M10, 'RAML_PATTERN_PROPERTIES');
    expect(w).toHaveLength(1);
    expect(w[0]?.location?.line).toBe(92);
    expect(get(await schemas(GAPS), 'Upload', 'properties', 'parts', 'items')).toEqual({ type: 'string', format: 'binary' });
    expect((await schemas(M08)).Item.required).toEqual(['id', 'name']);
  });

  it('16: XSD bodies are opaque strings, warned', async () => {
    const content = get((await load(M08)).document, 'paths', '/items/{itemId}', 'get', 'responses', '200', 'content');
    expect(content['text/xml'].schema).toEqual({ type: 'string' });
    expect(content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Item' });
    const w = await warning('valid/raml10/tck-spec-apis/bodies.raml', 'RAML_XML_SCHEMA');
    expect(w[0]?.location?.file).toBe(fixture('valid/raml10/tck-spec-apis/schemas/group.xsd'));
  });

  it('17: named examples become the schema example', async () => {
    const pet = (await schemas(M10)).Pet;
    expect(pet.example).toMatchObject({ id: '0000abcd', name: 'Rex' });
  });

  it('19: the document is OpenAPI 3.0.3 (nullable survives)', async () => {
    expect((await load(M10)).document.openapi).toBe('3.0.3');
  });

  it('leftover AMF extensions are reported, not silently dropped', async () => {
    const w = await warning('valid/raml10/tck-teams-api/valid.raml', 'RAML_UNMAPPED');
    expect(w.map((x) => x.message)).toEqual(expect.arrayContaining([expect.stringContaining('x-amf-facets')]));
  });

  it('annotations become x- extensions', async () => {
    const { document } = await load(M10);
    expect(get(document, 'paths', '/pets', 'x-internal')).toBe(false);
    expect(get(document, 'paths', '/pets/{petId}', 'put', 'x-owner')).toEqual({ team: 'pets' });
  });
});
