/**
 * Issue 16 (RAML watch): with a cache, only the edited top-level resources go through AMF and
 * are merged into the last result. After each of a seeded series of random edits the merged
 * result must equal a fresh full conversion of the same files (document, warnings, files),
 * and the edits that touch only resources must really take the partial path.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRamlPerf } from '../../fixtures/raml/perf/generate.mjs';
import { createGenerateCache, generate } from '../../generator/generate.js';
import { createRamlCache, loadRaml } from '../../generator/raml/index.js';
import { rejection } from './helpers.js';
import { prng } from '../helpers/prng.js';

const work = mkdtempSync(join(tmpdir(), 'raml-incremental-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const apis = generateRamlPerf(join(work, 'base'), { resources: 4 }) as Record<'0.8' | '1.0', string>;


type Edit = { name: string; partial: boolean; apply(text: string, pick: (n: number) => number): string | undefined };

const pickLine = (text: string, re: RegExp, pick: (n: number) => number): [number, string[]] | undefined => {
  const lines = text.split('\n');
  const hits = lines.flatMap((l, i) => (re.test(l) ? [i] : []));
  return hits.length ? [hits[pick(hits.length)]!, lines] : undefined;
};

const EDITS: Edit[] = [
  {
    name: 'a method description',
    partial: true,
    apply: (t, pick) => {
      const hit = pickLine(t, /^ {4,}description: /, pick);
      if (!hit) return undefined;
      const [i, lines] = hit;
      lines[i] = `${lines[i]} (edited ${pick(1000)})`;
      return lines.join('\n');
    },
  },
  {
    name: 'a displayName that repeats another one (operation ids numbered across resources)',
    partial: true,
    apply: (t, pick) => {
      const hit = pickLine(t, /^ +description: (Get|Edit|Replace|Delete) /, pick);
      if (!hit) return undefined;
      const [i, lines] = hit;
      lines.splice(i + 1, 0, `${lines[i]!.match(/^ */)![0]}displayName: Shared name`);
      return lines.join('\n');
    },
  },
  {
    name: 'a new method on a resource',
    partial: true,
    apply: (t, pick) => {
      const hit = pickLine(t, /^ {2}\/\{\w+Id\}:$/, pick);
      if (!hit) return undefined;
      const [i, lines] = hit;
      lines.splice(i + 1, 0, '    head:', '      description: Check it exists.', '      responses:', '        200:', '          description: It does.');
      return lines.join('\n');
    },
  },
  {
    name: 'a new top-level resource',
    partial: true,
    apply: (t) => `${t.trimEnd()}\n/status:\n  get:\n    description: Service status.\n    responses:\n      200:\n        body:\n          application/json:\n            example: { "ok": true }\n`,
  },
  {
    name: 'a header edit (title)',
    partial: false,
    apply: (t, pick) => t.replace(/^title: .*$/m, `title: Edited ${pick(1000)}`),
  },
];

async function outcome(file: string, cache?: ReturnType<typeof createRamlCache>) {
  try {
    const r = await loadRaml(file, cache ? { cache } : {});
    return { document: r.document, warnings: r.warnings, files: r.files };
  } catch (error) {
    const e = error as { code?: string; message: string; location?: unknown };
    return { error: { code: e.code, message: e.message, location: e.location } };
  }
}

describe('incremental RAML loads (watch mode)', () => {
  for (const version of ['0.8', '1.0'] as const) {
    it(`RAML ${version}: after random edits the merged result equals a fresh conversion`, async () => {
      const seed = version === '0.8' ? 16 : 1016;
      const random = prng(seed);
      const pick = (n: number) => Math.floor(random() * n);
      const dir = join(work, `v${version}`);
      cpSync(join(apis[version], '..'), dir, { recursive: true });
      const file = join(dir, 'api.raml');
      const cache = createRamlCache();
      await loadRaml(file, { cache });
      expect(cache.last).toBe('full');
      const order = [0, 1, 2, 3, pick(2), 4, 0];
      for (const [step, index] of order.entries()) {
        const edit = EDITS[index]!;
        const next = edit.apply(readFileSync(file, 'utf8'), pick);
        expect(next, `seed ${seed} step ${step}: ${edit.name} found nothing to edit`).toBeDefined();
        writeFileSync(file, next!);
        const merged = await outcome(file, cache);
        expect(cache.last, `seed ${seed} step ${step}: ${edit.name}`).toBe(edit.partial ? 'partial' : 'full');
        expect(merged, `seed ${seed} step ${step}: ${edit.name}`).toEqual(await outcome(file));
      }
    }, 600_000);
  }

  it('an error in an edited resource is reported at its line, and fixing it is partial again', async () => {
    const dir = join(work, 'error');
    cpSync(join(apis['0.8'], '..'), dir, { recursive: true });
    const file = join(dir, 'api.raml');
    const good = readFileSync(file, 'utf8');
    const cache = createRamlCache();
    await loadRaml(file, { cache });
    const broken = good.replace(/(\n {2}\/\{repoId\}:\n {4}type: )item/, '$1missingType');
    expect(broken).not.toBe(good);
    writeFileSync(file, broken);
    const error = await rejection(loadRaml(file, { cache }));
    const fresh = await rejection(loadRaml(file));
    expect(error.code).toBe('RAML_INVALID');
    expect({ code: error.code, message: error.message, location: error.location }).toEqual({ code: fresh.code, message: fresh.message, location: fresh.location });
    expect(error.location.line).toBe(broken.split('\n').findIndex((l) => l.includes('missingType')) + 1);
    writeFileSync(file, good.replace('description: Get a repo.', 'description: Get a repo (fixed).'));
    const fixed = await loadRaml(file, { cache });
    expect(cache.last).toBe('partial');
    expect(fixed).toEqual(await loadRaml(file));
  }, 600_000);

  it('an edit of an included file is a full conversion', async () => {
    const dir = join(work, 'include');
    cpSync(join(apis['0.8'], '..'), dir, { recursive: true });
    const file = join(dir, 'api.raml');
    const cache = createRamlCache();
    await loadRaml(file, { cache });
    const schema = join(dir, 'schemas', 'repo.json');
    writeFileSync(schema, readFileSync(schema, 'utf8').replace('"type": "object"', '"type": "object", "description": "edited"'));
    const merged = await loadRaml(file, { cache });
    expect(cache.last).toBe('full');
    expect(merged).toEqual(await loadRaml(file));
  }, 600_000);

  it('generate() in watch mode (a GenerateCache) takes the partial path and writes what a fresh run writes', async () => {
    const dir = join(work, 'generate');
    cpSync(join(apis['1.0'], '..'), dir, { recursive: true });
    const file = join(dir, 'api.raml');
    const cache = createGenerateCache();
    await generate({ input: file, output: join(dir, 'out-watch'), cache });
    writeFileSync(file, readFileSync(file, 'utf8').replace('description: Get a repo.', 'description: Get one repo.'));
    const watched = await generate({ input: file, output: join(dir, 'out-watch'), cache });
    expect(cache.raml?.last).toBe('partial');
    const fresh = await generate({ input: file, output: join(dir, 'out-fresh') });
    expect(watched.files.map((f) => [f.path, f.contents])).toEqual(fresh.files.map((f) => [f.path, f.contents]));
    expect(watched.files.find((f) => f.path.endsWith('server.ts'))?.contents).toContain('Get one repo.');
  }, 600_000);
});
