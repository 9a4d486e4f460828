import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createGenerateCache, generate } from '../../generator/generate.js';
import { Reporter, type Stream } from '../../generator/reporter.js';
import { diffOperations, describeDiff } from '../../generator/watch/operation-diff.js';
import { SpecError } from '../../generator/diagnostics.js';
import { rejection } from '../helpers/assert.js';
import { ROOT, tmpDir, typecheck } from '../helpers/generated.js';
import { codegen, todoProject } from './cli-helpers.js';

class Capture implements Stream {
  text = '';
  constructor(readonly isTTY: boolean) {}
  write(t: string) {
    this.text += t;
    return true;
  }
}

const ANSI = /\u001b\[/;

it('colours and progress only on a TTY, never with NO_COLOR; --quiet prints errors only; --verbose prints stage timings', () => {
  const run = (tty: boolean, env: NodeJS.ProcessEnv, opts: { quiet?: boolean; verbose?: boolean } = {}) => {
    const out = new Capture(tty);
    const err = new Capture(tty);
    const r = new Reporter(out, err, { env, ...opts });
    r.stageStart('load');
    r.stageDone('load', 12.3);
    r.info('done');
    r.error({ code: 'X', message: 'broken', location: { file: 'a.yaml', line: 1, column: 2 } });
    return { out: out.text, err: err.text };
  };
  const tty = run(true, {});
  expect(tty.err).toMatch(ANSI);
  expect(tty.err).toContain('load…'); // progress
  expect(tty.err).toContain('\u001b[31merror:\u001b[39m a.yaml:1:2: broken [X]');
  const noColor = run(true, { NO_COLOR: '1' });
  expect(noColor.err).not.toMatch(/\u001b\[3\dm/);
  expect(noColor.err).toContain('error: a.yaml:1:2: broken [X]');
  const pipe = run(false, {});
  expect(pipe.err).not.toMatch(ANSI);
  expect(pipe.err).not.toContain('load…');
  expect(pipe.out).toBe('done\n');
  const quiet = run(true, {}, { quiet: true });
  expect(quiet.out).toBe('');
  expect(quiet.err).not.toContain('load…');
  expect(quiet.err).toContain('broken');
  expect(run(false, {}, { verbose: true }).err).toContain('  load    12 ms\n');
}, 180_000);

it('the CLI on a pipe: no escape codes; --quiet is silent on success; --verbose lists the stages', async () => {
  const dir = await todoProject('output');
  const plain = await codegen(['generate', 'spec/openapi.yaml', '-o', 'gen', '--verbose'], { cwd: dir });
  expect(plain.code).toBe(0);
  expect(plain.stdout + plain.stderr).not.toMatch(ANSI);
  for (const stage of ['load', 'model', 'emit', 'format', 'write']) expect(plain.stderr).toMatch(new RegExp(`^  ${stage} +\\d+ ms$`, 'm'));
  const quiet = await codegen(['generate', 'spec/openapi.yaml', '-o', 'gen', '-q'], { cwd: dir });
  expect(quiet).toEqual({ code: 0, stdout: '', stderr: '' });
}, 180_000);

it('the in-process cache skips all work when no input changed, and not when a $ref target did', async () => {
  const dir = await todoProject('cache');
  const cache = createGenerateCache();
  const input = path.join(dir, 'spec/openapi.yaml');
  const output = await tmpDir('cache-out');
  const first = await generate({ input, output, cache });
  expect(first.cached).toBe(false);
  expect(first.inputs.map((f) => path.basename(f)).sort()).toEqual(['openapi.yaml', 'schemas.yaml']);
  const second = await generate({ input, output, cache });
  expect(second.cached).toBe(true);
  expect(second.files).toEqual(first.files);
  expect(second.written).toEqual([]);
  const schemas = path.join(dir, 'spec/schemas.yaml');
  await writeFile(schemas, (await readFile(schemas, 'utf8')).replace('title: { type: string }', 'title: { type: string, maxLength: 80 }'));
  const third = await generate({ input, output, cache });
  expect(third.cached).toBe(false);
  expect(third.written).toContain('server.ts');
  // different options never share a cache entry
  expect((await generate({ input, output, cache, targets: ['types'], check: true })).cached).toBe(false);
  expect(describeDiff(diffOperations(first.model, third.model))).toMatch(/^no operation changed; 1 schema changed \(\w+\)$/);
  expect(await typecheck([output])).toBe('');
}, 180_000);

it('per-entry caches (validation, document types): every edit gives the bytes of a fresh run; a broken edit is still located', async () => {
  const dir = await tmpDir('entry-cache');
  const input = path.join(dir, 'spec.yaml');
  const cache = createGenerateCache();
  const spec = (await readFile(path.join(ROOT, 'fixtures/openapi/petstore.yaml'), 'utf8')).replace(/\r\n/g, '\n');
  const run = async (text: string) => {
    await writeFile(input, text);
    const warm = await generate({ input, output: path.join(dir, 'warm'), cache });
    const cold = await generate({ input, output: path.join(dir, 'cold') });
    expect(warm.files).toEqual(cold.files);
    return { warm, printed: cache.types!.printed };
  };
  expect((await run(spec)).printed).toBeGreaterThan(5);
  const summary = spec.replace(/summary: (.*)/, 'summary: $1 (edited)');
  expect(summary).not.toBe(spec);
  expect((await run(summary)).printed).toBe(1); // one path item printed again
  expect(cache.validation!.valid.size).toBeGreaterThan(5);

  // an entry that was valid becomes invalid: reported at its line although the rest is cached
  const broken = summary.replace(/operationId: listPets/, 'operationId: listPets\n      deprecated: 7');
  await writeFile(input, broken);
  const error = await rejection(generate({ input, output: path.join(dir, 'warm'), cache }), SpecError);
  expect(error.code).toBe('SPEC_SCHEMA');
  expect(error.location?.line).toBe(broken.split('\n').findIndex((l) => l.includes('deprecated: 7')) + 1);
  expect((await run(summary)).warm.cached).toBe(true); // back to the last good document: nothing to do
  expect((await run(spec)).printed).toBe(1);
  expect(await typecheck([path.join(dir, 'warm')])).toBe('');

  // outputs are compared in memory while their size and mtime are what we left: a hand edit is noticed
  const types = path.join(dir, 'warm', 'types.ts');
  const good = await readFile(types, 'utf8');
  await writeFile(types, `${good}// edited by hand\n`);
  const again = await generate({ input, output: path.join(dir, 'warm'), cache });
  expect(again.cached).toBe(true);
  expect(again.written).toEqual(['types.ts']);
  expect(await readFile(types, 'utf8')).toBe(good);
  expect((await generate({ input, output: path.join(dir, 'warm'), cache })).written).toEqual([]);
}, 180_000);
