import { describe, expect, it } from 'vitest';
import { SpecError } from '../../generator/diagnostics.js';
import { allRefs, fixture, get, load, manifest, operationsOf } from './helpers.js';

const valid = manifest.entries.filter((e) => e.expect === 'valid');

describe('valid RAML fixtures convert to self-contained OpenAPI 3.0.3', () => {
  it('the manifest lists the 12 valid entry points', () => {
    expect(valid.length).toBe(12);
  });

  for (const entry of valid) {
    it(entry.entry, async () => {
      const { document, files, warnings } = await load(entry.entry);
      expect(document.openapi).toBe('3.0.3');
      expect(Object.keys(get(document, 'paths')).length).toBeGreaterThanOrEqual(entry.minPaths ?? 1);
      expect(JSON.stringify(document)).not.toContain('x-amf-');
      expect(files).toContain(fixture(entry.entry));
      for (const ref of allRefs(document)) {
        expect(ref).toMatch(/^#\/components\/schemas\//);
        expect(get(document, 'components', 'schemas', decodeURIComponent(ref.slice(21)))).toBeDefined();
      }
      const ids = operationsOf(document).map((o) => o.op.operationId);
      expect(ids.every((id) => typeof id === 'string' && /^[A-Za-z_$][\w$]*$/.test(id))).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      for (const w of warnings) {
        expect(w.code).toMatch(/^RAML_[A-Z0-9_]+$/);
        expect(w.location?.file).toBeTruthy();
      }
    });
  }

  it('lists every included file for watch mode', async () => {
    const { files } = await load('valid/raml10/own-feature-matrix/api.raml');
    expect(files).toEqual([
      fixture('valid/raml10/own-feature-matrix/api.raml'),
      fixture('valid/raml10/own-feature-matrix/legacy.schema.json'),
      fixture('valid/raml10/own-feature-matrix/lib/common.lib.raml'),
    ]);
  });

  it('applies resource types and traits (with parameters) as parameters', async () => {
    const { document } = await load('valid/raml10/own-feature-matrix/api.raml');
    const params = get(document, 'paths', '/pets', 'get', 'parameters') as { name: string; in: string; schema: any; required?: boolean }[];
    expect(params.map((p) => `${p.in}:${p.name}`)).toEqual(['query:status', 'query:kinds', 'query:since', 'query:page', 'query:size', 'header:X-Tenant']);
    expect(params.find((p) => p.name === 'size')?.schema.maximum).toBe(100);
    expect(get(document, 'paths', '/pets', 'post', 'responses', '201', 'headers', 'Location', 'schema')).toEqual({ type: 'string' });
    expect(get(document, 'paths', '/pets', 'post', 'description')).toBe('Collection of pets');
  });

  it('keeps bodies per media type and JSON Schema bodies as is', async () => {
    const { document } = await load('valid/raml10/own-feature-matrix/api.raml');
    expect(Object.keys(get(document, 'paths', '/pets/{petId}', 'put', 'requestBody', 'content'))).toEqual(['application/json', 'application/xml']);
    expect(get(document, 'paths', '/pets/{petId}/photo', 'post', 'requestBody', 'content', 'multipart/form-data', 'schema', 'properties', 'file')).toEqual({ type: 'string', format: 'binary' });
    const legacy = get(document, 'paths', '/legacy', 'get', 'responses', '200', 'content', 'application/json', 'schema');
    expect(legacy.required).toEqual(['id']);
    expect(legacy.properties.children.items.properties.n).toEqual({ type: 'integer' });
  });

  it('converts RAML 0.8 form parameters, uri parameters and headers', async () => {
    const { document } = await load('valid/raml08/own-feature-matrix/api.raml');
    const put = get(document, 'paths', '/items/{itemId}', 'put');
    expect(get(put, 'requestBody', 'content', 'application/x-www-form-urlencoded', 'schema', 'required')).toEqual(['name']);
    expect(get(put, 'parameters', '0')).toMatchObject({ name: 'itemId', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } });
    const get08 = get(document, 'paths', '/items/{itemId}', 'get');
    expect(get08.parameters.map((p: any) => `${p.in}:${p.name}`)).toEqual(['path:itemId', 'header:If-None-Match']);
    expect(Object.keys(get08.responses)).toEqual(['200', '304', '404']);
    expect(get(document, 'paths', '/items', 'get', 'parameters').map((p: any) => p.name)).toEqual(['name', 'offset']);
  });

  it('keeps RAML 0.8 parameters from traits optional (0.8: only URI parameters default to required)', async () => {
    const { document } = await load('valid/raml08/own-feature-matrix/api.raml');
    const params = get(document, 'paths', '/items', 'get', 'parameters') as { name: string; required?: boolean }[];
    expect(params.map((p) => [p.name, p.required ?? false])).toEqual([['name', false], ['offset', false]]);
    expect(get(document, 'paths', '/items/{itemId}', 'put', 'parameters', '0', 'required')).toBe(true);
  });

  it('resolves library chains', async () => {
    const { document, files } = await load('valid/raml10/tck-chain-uses/valid.raml');
    expect(files.length).toBe(4);
    expect(Object.keys(get(document, 'components', 'schemas') ?? {}).length).toBeGreaterThan(0);
  });

  it('is deterministic and does not depend on earlier calls (AMF-GAPS 18)', async () => {
    const { loadRaml } = await import('../../generator/raml/index.js');
    const a = await loadRaml(fixture('valid/raml10/own-feature-matrix/api.raml'));
    const b = await loadRaml(fixture('valid/raml10/own-feature-matrix/api.raml'));
    expect(JSON.stringify(b.document)).toBe(JSON.stringify(a.document));
    expect(get(a.document, 'components', 'schemas', 'Cat', 'allOf')).toBeDefined();
  });

  it('rejects a file that is not RAML', async () => {
    const { loadRaml } = await import('../../generator/raml/index.js');
    await expect(loadRaml(fixture('SOURCES.md'))).rejects.toBeInstanceOf(SpecError);
  });
});
