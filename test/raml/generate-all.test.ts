/**
 * Every valid RAML fixture generates types, server and client that pass
 * tsc --strict; every invalid one fails through the CLI path with exit 1 and
 * file:line (two of them have goldens: test/golden/goldens.mjs).
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../generator/cli.js';
import { fixture, generateInto, tmpDir, typecheck } from '../helpers/generated.js';

interface Entry { entry: string; expect: 'valid' | 'invalid' | 'known-gap' }
const manifest = JSON.parse(await readFile(fixture('raml/manifest.json'), 'utf8')) as { entries: Entry[] };
const valid = manifest.entries.filter((e) => e.expect === 'valid').map((e) => e.entry);
const invalid = manifest.entries.filter((e) => e.expect === 'invalid').map((e) => e.entry);

function capture(): { stream: NodeJS.WritableStream; text: () => string } {
  let text = '';
  return { stream: { write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WritableStream, text: () => text };
}

describe('RAML fixtures through the whole generator', () => {
  it('every valid fixture generates all targets that pass tsc --strict', async () => {
    expect(valid.length).toBeGreaterThanOrEqual(10);
    const dirs: string[] = [];
    for (const entry of valid) {
      const { dir, result } = await generateInto(fixture('raml', entry), `raml-${path.basename(path.dirname(entry))}`);
      expect(result.files.map((f) => f.path).sort(), entry).toEqual(['client.ts', 'index.ts', 'server.ts', 'types.ts']);
      dirs.push(dir);
    }
    expect(await typecheck(dirs)).toBe('');
  }, 300_000); // 12 conversions and one tsc run: minutes on a loaded machine

  it.each(invalid)('%s: exit 1 with file:line, output untouched', async (entry) => {
    const out = await tmpDir('raml-invalid');
    const err = capture();
    const code = await main(['generate', fixture('raml', entry), '-o', out], capture().stream as never, err.stream as never);
    expect(code).toBe(1);
    expect(err.text()).toMatch(/\.raml:\d+:\d+: .*\[RAML_[A-Z_]+\]/);
    expect(await readdir(out)).toEqual([]);
  });
});

describe('--lenient-examples', () => {
  it('turns an example that breaks its type into a warning with its location, and generates', async () => {
    const out = await tmpDir('raml-lenient');
    const err = capture();
    const code = await main(['generate', fixture('raml/invalid/tck-example-prop-type.raml'), '-o', out, '--lenient-examples'], capture().stream as never, err.stream as never);
    expect(code).toBe(0);
    expect(err.text()).toMatch(/^warning: .*tck-example-prop-type\.raml:10:1: y should be boolean \[RAML_EXAMPLE_INVALID\]$/m);
    expect((await readdir(out)).sort()).toEqual(['client.ts', 'index.ts', 'server.ts', 'types.ts']);
    expect(await typecheck([out])).toBe('');
  });
});
