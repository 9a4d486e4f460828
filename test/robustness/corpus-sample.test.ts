/**
 * A fixed sample of 30 real-world specs (fixtures/corpus/, gzip; sources and
 * licences in fixtures/corpus/SOURCES.md), including one of 2.8 MB
 * (docusign.net, 402 operations): each is unpacked into .tmp/, generated with
 * all targets, and all outputs are type-checked in one tsc run. The full
 * corpus (~2,600 specs) is `npm run corpus`.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { fixture, tmpDir, typecheck } from '../helpers/generated.js';

/** Specs that fail today because of a generator bug (named): left out of the sample, and each must still fail. */
const KNOWN_BUGS: Record<string, string> = {
  // (none: the operation-type-collision bug these two hit is fixed — kept as regular members of the sample)
};

const DIR = fixture('corpus');
const files = (await readdir(DIR)).filter((f) => f.endsWith('.json.gz')).sort();
const outputs = new Map<string, string>();
let root: string;

beforeAll(async () => {
  root = await tmpDir('robust-corpus');
  for (const file of files.filter((f) => !KNOWN_BUGS[f])) {
    const input = path.join(root, file.replace(/\.gz$/, ''));
    await writeFile(input, gunzipSync(await readFile(path.join(DIR, file))));
    const out = path.join(root, file.replace(/\.json\.gz$/, ''));
    await generate({ input, output: out });
    outputs.set(file, out);
  }
}, 300_000);

describe('committed corpus sample', () => {
  it('has 30 specs, each listed in SOURCES.md', async () => {
    expect(files).toHaveLength(30);
    const sources = await readFile(path.join(DIR, 'SOURCES.md'), 'utf8');
    for (const f of files) expect(sources).toContain(`\`${f}\``);
  });

  it('every spec without a known bug generated all targets', () => {
    expect([...outputs.keys()]).toEqual(files.filter((f) => !KNOWN_BUGS[f]));
  });

  it('all outputs compile under strict (one tsc run)', async () => {
    expect(await typecheck([...outputs.values()])).toBe('');
  }, 300_000);

  // A known bug must still show: when it is fixed this fails, and the spec goes back into the sample.
  for (const [file, bug] of Object.entries(KNOWN_BUGS)) {
    it.fails(`${file} still fails to generate or compile (${bug}); once fixed, remove it from KNOWN_BUGS`, async () => {
      const input = path.join(root, file.replace(/\.gz$/, ''));
      await writeFile(input, gunzipSync(await readFile(path.join(DIR, file))));
      const out = path.join(root, file.replace(/\.json\.gz$/, ''));
      await generate({ input, output: out });
      expect(await typecheck([out])).toBe('');
    }, 300_000);
  }
});
