import { createServer } from 'node:http';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../generator/diagnostics.js';
import { loadRaml } from '../../generator/raml/index.js';
import { tmpDir } from '../helpers/generated.js';
import { fixture, get, load, manifest, rejection } from './helpers.js';

describe('invalid RAML fixtures give a SpecError with file and line', () => {
  for (const entry of manifest.entries.filter((e) => e.expect === 'invalid')) {
    it(entry.entry, async () => {
      const error = await rejection(load(entry.entry));
      expect(error).toBeInstanceOf(SpecError);
      const file = entry.errorFile ? fixture(resolve(fixture(entry.entry), '..', entry.errorFile)) : fixture(entry.entry);
      expect(error.location.file).toBe(file);
      expect(error.location.line).toBe(entry.errorLine);
      expect(error.location.column).toBeGreaterThanOrEqual(1);
      expect(error.details.length).toBeGreaterThanOrEqual(1);
      expect(error.code).toMatch(/^RAML_/);
    });
  }

  it('reports the column 1-based (AMF columns are 0-based)', async () => {
    const error = await rejection(load('invalid/tck-unknown-trait.raml'));
    expect(error.message).toContain('idontexist');
    expect(error.location).toEqual({ file: fixture('invalid/tck-unknown-trait.raml'), line: 13, column: 10 });
  });

  it('invalid examples are errors by default, warnings with lenientExamples (AMF-GAPS 1)', async () => {
    const strict = await rejection(load('invalid/tck-example-prop-type.raml'));
    expect(strict.code).toBe('RAML_EXAMPLE_INVALID');
    const lenient = await load('invalid/tck-example-prop-type.raml', { lenientExamples: true });
    expect(lenient.warnings.find((w) => w.code === 'RAML_EXAMPLE_INVALID')?.location?.line).toBe(10);
  });
});

describe('known AMF gaps that reject valid RAML', () => {
  it('explicit + implicit media type merge is reported with its location (AMF-GAPS 2, RAML 0.8)', async () => {
    const error = await rejection(load('known-amf-gaps/jsparser2-implicit-default-mediatype-08/api.raml'));
    expect(error.code).toBe('RAML_MEDIA_TYPE_MERGE');
    expect(error.location.line).toBe(22);
    expect(error.message).toContain('explicit media type');
  });

  it('explicit + implicit media type merge (AMF-GAPS 2, RAML 1.0)', async () => {
    const error = await rejection(load('known-amf-gaps/own-implicit-default-mediatype-10/api.raml'));
    expect(error.code).toBe('RAML_MEDIA_TYPE_MERGE');
    expect(error.location.line).toBe(26);
  });

  it('RAML 0.8 trait parameter refined without type: AMF resets it to string (AMF-GAPS 3)', async () => {
    // the example AMF then misjudges is a warning by default in 0.8 (issue 12.23), an error when strict
    const error = await rejection(load('known-amf-gaps/jsparser2-trait-param-type-08/api.raml', { lenientExamples: false }));
    expect(error.code).toBe('RAML_EXAMPLE_INVALID');
    expect(error.location.line).toBe(16);
    const lenient = await load('known-amf-gaps/jsparser2-trait-param-type-08/api.raml');
    expect(lenient.warnings.find((w) => w.code === 'RAML_EXAMPLE_INVALID')?.location?.line).toBe(16);
    const param = get(lenient.document, 'paths', '/resource', 'get', 'parameters').find((p: any) => p.name === 'numericParam');
    // Documents the AMF bug: RAML says number.
    expect(param.schema.type).toBe('string');
  });

  it('OAuth scopes in securedBy on both resource type and method fail to merge (AMF-GAPS 4)', async () => {
    const error = await rejection(load('gaps/scopes-merge/api.raml'));
    expect(error.code).toBe('RAML_INVALID');
    expect(error.message).toContain('Cannot merge');
    expect(error.location.file).toBe(fixture('gaps/scopes-merge/api.raml'));
  });

  it('cyclic library uses are rejected with the library location (AMF-GAPS 5)', async () => {
    const error = await rejection(load('gaps/cyclic-uses/api.raml'));
    expect(error.message).toContain('Cyclic');
    expect(error.location).toMatchObject({ file: fixture('gaps/cyclic-uses/lib.raml'), line: 3 });
  });
});

describe('sandboxed resource loader (AMF-GAPS 20)', () => {
  it('refuses an !include outside the spec folder', async () => {
    const error = await rejection(load('sandbox/outside-include/api.raml'));
    expect(error.code).toBe('RAML_INCLUDE_OUTSIDE_ROOT');
    expect(error.message).toContain('outside.txt');
    expect(error.location).toMatchObject({ file: fixture('sandbox/outside-include/api.raml'), line: 3 });
  });

  it('refuses an http:// !include', async () => {
    const error = await rejection(load('sandbox/http-include/api.raml'));
    expect(error.code).toBe('RAML_INCLUDE_OUTSIDE_ROOT');
    expect(error.message).toContain('http://127.0.0.1:9/type.raml');
    expect(error.location.line).toBe(9);
  });

  it('never opens a connection for an http include (loopback server sees no request)', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.end('#%RAML 1.0 DataType\ntype: string\n');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    const dir = await tmpDir('raml-sandbox');
    const spec = join(dir, 'api.raml');
    writeFileSync(spec, `#%RAML 1.0\ntitle: T\ntypes:\n  Remote: !include http://127.0.0.1:${port}/t.raml\n  Remote2: !include https://127.0.0.1:${port}/t.raml\n`);
    try {
      const error = await rejection(loadRaml(spec));
      expect(error.code).toBe('RAML_INCLUDE_OUTSIDE_ROOT');
      expect(error.details.filter((d: any) => d.code === 'RAML_INCLUDE_OUTSIDE_ROOT')).toHaveLength(2);
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });

  it('refuses a symlink that points outside the spec folder', async () => {
    const base = await tmpDir('raml-symlink');
    mkdirSync(join(base, 'api'));
    writeFileSync(join(base, 'secret.raml'), '#%RAML 1.0 DataType\ntype: string\n');
    symlinkSync(join(base, 'secret.raml'), join(base, 'api', 'inner.raml'));
    writeFileSync(join(base, 'api', 'api.raml'), '#%RAML 1.0\ntitle: T\ntypes:\n  X: !include inner.raml\n');
    const error = await rejection(loadRaml(join(base, 'api', 'api.raml')));
    expect(error.code).toBe('RAML_INCLUDE_OUTSIDE_ROOT');
    expect(error.message).toContain('symlink');
  });
});
