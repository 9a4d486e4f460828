/**
 * Issue 16 (RAML cold re-runs): with the CLI's compile cache enabled, the last conversion of a
 * RAML root is kept on disk; the next process converts nothing when no file changed and only
 * the edited resources when some did. Its result must equal a fresh conversion.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRamlPerf } from '../../fixtures/raml/perf/generate.mjs';
import { enableCompileCache } from '../../generator/fast-start/index.js';
import { createRamlCache, loadRaml } from '../../generator/raml/index.js';

const work = mkdtempSync(join(tmpdir(), 'raml-persistent-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('RAML conversions kept across CLI runs (compile cache)', () => {
  it('an unchanged spec and an edited resource give what a fresh conversion gives', async () => {
    const apis = generateRamlPerf(join(work, 'api'), { version: '0.8', resources: 3 }) as Record<'0.8', string>;
    const cacheDir = join(work, 'cache');
    expect(enableCompileCache(cacheDir)).toBe(true);
    const file = apis['0.8'];
    const first = await loadRaml(file);
    const stored = () => readdirSync(cacheDir).filter((f) => f.startsWith('text-')).map((f) => readFileSync(join(cacheDir, f), 'utf8'));
    expect(stored().filter((t) => t.includes('"others"')).length).toBe(1);
    expect(await loadRaml(file)).toEqual(first);
    writeFileSync(file, readFileSync(file, 'utf8').replace('description: Get a repo.', 'description: Get that repo.'));
    const edited = await loadRaml(file);
    expect(stored().some((t) => t.includes('Get that repo.'))).toBe(true);
    expect(JSON.parse(JSON.stringify(edited))).toEqual(JSON.parse(JSON.stringify(await loadRaml(file, { cache: createRamlCache() }))));
  }, 600_000);
});
