/**
 * generator/format.ts formats with Prettier's standalone build and the Babel parser
 * (`babel-ts`): a first run does not load the `typescript` parser plugin (issue 16, cold start).
 * This pins that choice: every text the emitters hand to formatTs, over the OpenAPI fixtures,
 * comes out byte for byte as Prettier's full Node entry with the `typescript` parser formats it.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it, vi } from 'vitest';
import { FORMAT_LIMIT } from '../../generator/format.js';
import { generateInto, ROOT } from '../helpers/generated.js';

const seen: Array<{ input: string; output: string }> = [];
vi.mock('../../generator/format.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../generator/format.js')>();
  return {
    ...real,
    formatTs: async (input: string) => {
      const output = await real.formatTs(input);
      seen.push({ input, output });
      return output;
    },
  };
});

function specs(): string[] {
  const out: string[] = [];
  for (const dir of ['fixtures/openapi', 'fixtures/conformance']) {
    for (const name of readdirSync(path.join(ROOT, dir))) {
      const file = path.join(ROOT, dir, name);
      if (statSync(file).isDirectory()) out.push(path.join(file, 'openapi.yaml'));
      else if (/\.(ya?ml|json)$/.test(name)) out.push(file);
    }
  }
  return out.filter((f) => statSync(f, { throwIfNoEntry: false })?.isFile());
}

describe('formatTs (babel-ts, standalone) = Prettier with the typescript parser', () => {
  it('on every emitted file of the OpenAPI fixtures', async () => {
    const failed: string[] = [];
    for (const spec of specs()) {
      try {
        await generateInto(spec, 'format-parser');
      } catch {
        failed.push(spec); // fixtures that are meant to fail (none emits)
      }
    }
    const formatted = seen.filter((s) => s.input.length <= FORMAT_LIMIT);
    expect(formatted.length).toBeGreaterThan(30);
    for (const { input, output } of formatted) {
      const reference = await prettier.format(input, { parser: 'typescript', singleQuote: true, printWidth: 120, trailingComma: 'all' });
      expect(output).toBe(reference);
    }
    expect(failed.length).toBeLessThan(specs().length / 2);
  }, 300_000);
});
