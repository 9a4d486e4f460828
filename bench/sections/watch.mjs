// 2. Watch regeneration: time from a one-line edit of the spec to the output written.
// Uses `codegen watch` when the CLI has it (edit -> its next report line on stdout);
// otherwise the generate() API in one long-lived process, which is what a watcher does.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchDir, bin, workDir } from '../lib/paths.mjs';
import { runMeasured } from '../lib/proc.mjs';
import { spec } from '../lib/specs.mjs';
import { summarize } from '../lib/stats.mjs';

/** A copy of the spec with a marker in the first operation summary: each edit changes one line (also bench/watch-cpu.mjs). */
export function prepareCopy(s, dir) {
  const copy = path.join(dir, `spec${path.extname(s.file)}`);
  if (s.file.endsWith('.json')) {
    const doc = JSON.parse(readFileSync(s.file, 'utf8'));
    outer: for (const item of Object.values(doc.paths))
      for (const [m, op] of Object.entries(item))
        if (['get', 'post', 'put', 'delete', 'patch'].includes(m)) {
          op.summary = 'BENCH-EDIT-0';
          break outer;
        }
    writeFileSync(copy, JSON.stringify(doc, null, 2));
  } else {
    const text = readFileSync(s.file, 'utf8');
    writeFileSync(copy, text.replace(/summary: .*/, 'summary: BENCH-EDIT-0'));
  }
  return copy;
}

function cliHasWatch() {
  const r = spawnSync(bin.node, [bin.codegen, '--help'], { encoding: 'utf8' });
  return /^\s*watch\b/m.test(r.stdout ?? '');
}

/** Also used by the RAML section (bench/sections/raml.mjs). */
export async function viaCli(copy, out, runs, timeoutMs) {
  const child = spawn(bin.node, [bin.codegen, 'watch', copy, '-o', out], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  let waiter;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d) => {
    for (const l of d.split('\n').filter((x) => /written/.test(x))) {
      lines.push(l);
      waiter?.();
    }
  });
  const nextLine = (after) =>
    new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`codegen watch printed nothing within ${timeoutMs} ms`)), timeoutMs);
      waiter = () => {
        if (lines.length > after) {
          clearTimeout(t);
          waiter = undefined;
          resolve(lines[lines.length - 1]);
        }
      };
      waiter();
    });
  try {
    const t0 = performance.now();
    await nextLine(0);
    const coldMs = performance.now() - t0;
    const editMs = [];
    const reportedMs = [];
    for (let i = 1; i <= runs + 1; i++) {
      await new Promise((r) => setTimeout(r, 300)); // let the watcher settle (debounce)
      const seen = lines.length;
      const text = readFileSync(copy, 'utf8');
      const t = performance.now();
      writeFileSync(copy, text.replace(`BENCH-EDIT-${i - 1}`, `BENCH-EDIT-${i}`));
      const line = await nextLine(seen);
      if (i > 1) {
        editMs.push(performance.now() - t);
        const m = / in (\d+) ms/.exec(line);
        if (m) reportedMs.push(Number(m[1]));
      }
    }
    return { coldMs, editMs, reportedMs };
  } finally {
    child.kill('SIGTERM');
  }
}

export async function benchWatch({ bigSpec, runs, log, timeoutMs }) {
  const s = spec(bigSpec);
  const dir = workDir('watch', bigSpec);
  const copy = prepareCopy(s, dir);
  const out = path.join(dir, 'out');
  const withCli = cliHasWatch();
  log(`watch: ${s.name} via ${withCli ? '`codegen watch`' : 'the generate() API'}`);
  let res;
  let failed;
  if (withCli) {
    try {
      res = await viaCli(copy, out, runs, 60_000);
    } catch (e) {
      failed = e.message;
    }
  } else {
    const r = await runMeasured(bin.node, [path.join(benchDir, 'apps', 'watch-api.mjs'), bin.generateApi, copy, out, String(runs)], {
      timeoutMs,
    });
    if (r.ok) res = JSON.parse(r.stdout.trim().split('\n').pop());
    else failed = r.reason;
  }
  const cold = res && { median: res.coldMs, min: res.coldMs, max: res.coldMs, n: 1 };
  const rows = failed
    ? [{ name: 'contractgen', failed }]
    : [
        { name: 'cold generate (first run in a fresh process)', stats: { ms: cold } },
        { name: withCli ? 'one-line edit -> report line (incl. debounce)' : 'regeneration after a one-line edit', stats: { ms: summarize(res.editMs) } },
        ...(res.reportedMs?.length ? [{ name: 'regeneration as reported by watch', stats: { ms: summarize(res.reportedMs) } }] : []),
      ];
  return {
    id: 'watch',
    title: `2. Watch regeneration (${s.name})`,
    intro: withCli
      ? `\`codegen watch\` on a copy of the spec; each run rewrites the file with one summary line changed and measures until the watcher prints its next \`… written … in N ms\` line (this includes fs.watch latency and the watcher's 100 ms debounce); the second row is the regeneration time the watcher itself reports. One warm-up edit, then ${runs} measured edits.`
      : `**\`codegen watch\` does not exist yet in this build**, so this measures what a watcher does: one long-lived process calling the \`generate()\` API (\`dist/generator/generate.js\`) after each one-line edit of a copy of the spec (an operation summary changes, so server.ts/client.ts change). One warm-up edit, then ${runs} measured edits. Cold = module loading + first generate in a fresh process.`,
    groups: [
      {
        columns: [{ key: 'ms', label: 'time to output written', unit: 'ms' }],
        ratios: [{ metric: 'ms', ref: 'cold generate (first run in a fresh process)', mode: 'row/ref', label: '÷ cold generate' }],
        rows,
      },
    ],
  };
}
