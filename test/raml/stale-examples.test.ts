/**
 * Issue 12.23: RAML 0.8 never required examples to validate — stale examples are warnings by
 * default there; RAML 1.0 stays strict, and its error names --lenient-examples. A draft-03 JSON
 * schema with draft-04 `required` arrays is read as draft-04 (warned), not rejected, and its
 * required properties survive (AMF drops the arrays). Fixtures written for this test
 * (fixtures/raml/stale-examples; the raml-apis descriptions carry no licence).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../generator/diagnostics.js';
import { generateInto, typecheck } from '../helpers/generated.js';
import { fixture, get, load } from './helpers.js';

const at = (d: { location?: { file: string; line?: number | undefined } | undefined }) => `${path.basename(d.location?.file ?? '')}:${d.location?.line}`;

describe('RAML 0.8', () => {
  it('stale examples are warnings by default, each at its line', async () => {
    const result = await load('stale-examples/api-08.raml');
    const stale = result.warnings.filter((w) => w.code === 'RAML_EXAMPLE_INVALID').map(at).sort();
    // the query parameter's `example: ten`, the user example's "not-a-number", the order line's sku 7
    expect(stale).toEqual(['api-08.raml:22', 'api-08.raml:29', 'api-08.raml:47']);
  });

  it('strict when asked (lenientExamples: false)', async () => {
    const err = await load('stale-examples/api-08.raml', { lenientExamples: false }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SpecError);
    expect((err as SpecError).code).toBe('RAML_EXAMPLE_INVALID');
  });

  it('draft-03 schemas with draft-04 required arrays are read as draft-04, with a warning per array', async () => {
    const result = await load('stale-examples/api-08.raml');
    const drafts = result.warnings.filter((w) => w.code === 'RAML_SCHEMA_DRAFT_MISMATCH');
    expect(drafts.map(at).sort()).toEqual(['api-08.raml:14', 'order-schema.json:14', 'order-schema.json:19']);
    expect(drafts[0]!.message).toMatch(/declares draft-03 but uses draft-04 `required` arrays; it is read as draft-04/);
    const schemas = get(result.document, 'components', 'schemas');
    expect(schemas.user.required).toEqual(['id', 'name']); // inline declaration
    expect(schemas.order.required).toEqual(['id', 'lines']); // !include'd file
    expect(get(schemas.order, 'properties', 'lines', 'items', 'required')).toEqual(['sku']); // nested
  });

  it('generates types with those properties required, passing tsc --strict', async () => {
    const { dir, result } = await generateInto(fixture('stale-examples/api-08.raml'), 'raml08-stale');
    expect(result.warnings.length).toBeGreaterThan(0);
    expect(await typecheck([dir])).toBe('');
  });
});

describe('RAML 1.0', () => {
  it('a stale example is an error that names --lenient-examples', async () => {
    const err = await load('stale-examples/api-10.raml').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SpecError);
    expect((err as SpecError).code).toBe('RAML_EXAMPLE_INVALID');
    expect((err as SpecError).message).toMatch(/--lenient-examples/);
    expect(at(err as SpecError)).toBe('api-10.raml:11');
  });

  it('a warning with lenientExamples', async () => {
    const result = await load('stale-examples/api-10.raml', { lenientExamples: true });
    expect(result.warnings.filter((w) => w.code === 'RAML_EXAMPLE_INVALID').map(at)).toEqual(['api-10.raml:11']);
  });
});
