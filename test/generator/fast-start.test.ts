/**
 * The CLI's cold-start layer (generator/fast-start): the `typescript` shim, the V8 code
 * cache for CommonJS, the cached Ajv standalone validators and formatted texts must change
 * nothing a run produces — the same files, the same located errors — with the cache cold,
 * warm, or off.
 */
import { chmod, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codegen } from '../dev/cli-helpers.js';
import { fixture, tmpDir } from '../helpers/generated.js';

async function files(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of (await readdir(dir)).sort()) out[f] = await readFile(path.join(dir, f), 'utf8');
  return out;
}

const VIOLATIONS: Record<string, string> = {
  'v2.yaml': 'swagger: "2.0"\ninfo: { title: V2, version: "1" }\npaths:\n  /a:\n    get:\n      parameters: [{ name: q, in: querystring, type: string }]\n      responses: { "200": { description: ok } }\n',
  'v3.yaml': 'openapi: 3.0.3\ninfo: { title: V3, version: "1" }\npaths:\n  /a:\n    get:\n      parameters: [{ name: q, in: querystring, schema: { type: string } }]\n      responses: { "200": { description: ok } }\n',
  'v31.yaml': 'openapi: 3.1.0\ninfo: { title: V31, version: "1" }\npaths:\n  /a:\n    get:\n      parameters: [{ name: q, in: querystring, schema: { type: string } }]\n      responses: { "200": { description: ok } }\n',
};

describe('fast start (CLI compile cache)', () => {
  it('writes the same files with the cache off, cold and warm', async () => {
    const cache = await tmpDir('compile-cache');
    const runs: Array<Record<string, string>> = [];
    for (const env of [{ CONTRACTGEN_COMPILE_CACHE: '0' }, { CONTRACTGEN_COMPILE_CACHE_DIR: cache }, { CONTRACTGEN_COMPILE_CACHE_DIR: cache }]) {
      const out = await tmpDir('fast-start-out');
      const r = await codegen(['generate', fixture('openapi/petstore.yaml'), '-o', out, '--quiet'], { env });
      expect(r.code, r.stderr).toBe(0);
      runs.push(await files(out));
    }
    expect(Object.keys(runs[0]!)).toEqual(['client.ts', 'index.ts', 'server.ts', 'types.ts']);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
    const kept = await readdir(cache, { recursive: true });
    expect(kept.some((f) => String(f).endsWith('.bin'))).toBe(true); // V8 code cache of node_modules CJS
    expect(kept.some((f) => /gen-[0-9a-f]+\.cjs$/.test(String(f)))).toBe(true); // the OpenAPI 3.0 validator
    expect(kept.filter((f) => /text-[0-9a-f]+\.txt$/.test(String(f)))).toHaveLength(4); // each file's text in Prettier's style
  });

  it('reports the same schema errors with the compile cache off, cold and warm (2.0, 3.0, 3.1)', async () => {
    const dir = await tmpDir('fast-start-bad');
    const cache = await tmpDir('compile-cache');
    for (const [name, text] of Object.entries(VIOLATIONS)) {
      const spec = path.join(dir, name);
      await writeFile(spec, text);
      const results = [];
      for (const env of [{ CONTRACTGEN_COMPILE_CACHE: '0' }, { CONTRACTGEN_COMPILE_CACHE_DIR: cache }, { CONTRACTGEN_COMPILE_CACHE_DIR: cache }]) {
        results.push(await codegen(['generate', spec, '-o', path.join(dir, 'out')], { env }));
      }
      expect(results[0]!.code, name).toBe(1);
      expect(results[0]!.stderr, name).toMatch(new RegExp(`${name.replace('.', '\\.')}:\\d+:\\d+`));
      expect(results[0]!.stderr, name).toMatch(/SPEC_SCHEMA/);
      for (const r of results.slice(1)) expect({ code: r.code, stderr: r.stderr }, name).toEqual({ code: results[0]!.code, stderr: results[0]!.stderr });
    }
    // the validators npm run build precompiled (dist/generator/load/validators) are used, so none is generated into the cache
    // (test/generator/precompiled-validators.test.ts holds them to Ajv's run-time compilation)
    expect((await readdir(cache, { recursive: true })).filter((f) => /gen-[0-9a-f]+\.cjs$/.test(String(f)))).toHaveLength(0);
  });

  it.skipIf(process.platform === 'win32')('uses no cache directory that others may write to', async () => {
    const cache = await tmpDir('compile-cache-shared');
    await chmod(cache, 0o777);
    const out = await tmpDir('fast-start-out');
    const r = await codegen(['generate', fixture('openapi/petstore.yaml'), '-o', out, '--quiet'], { env: { CONTRACTGEN_COMPILE_CACHE_DIR: cache } });
    expect(r.code, r.stderr).toBe(0);
    expect(await readdir(cache)).toEqual([]);
  });
});
