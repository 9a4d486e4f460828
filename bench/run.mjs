#!/usr/bin/env node
// `npm run bench [-- --quick] [--only generation,server,…] [--runs N]`
//
// Side-by-side benchmarks of contractgen and its peers. Prints tables and writes them as
// Markdown: a full run (every section, no --quick) writes bench/RESULTS.md and appends its
// headline figures to bench/HISTORY.md; --quick writes bench/RESULTS-quick.md, a run of some
// sections (--only) bench/RESULTS-partial.md, so a partial run never replaces the full results.
// Only 127.0.0.1 is ever contacted (plus the npm registry, once, to install the spec corpus
// into bench/.cache for a full run). Not part of `npm test`.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { commit, environment } from './lib/env.mjs';
import { appendHistory } from './lib/history.mjs';
import { benchDir, ensureBuilt, snapshotBuild } from './lib/paths.mjs';
import { measurer } from './lib/proc.mjs';
import { ensureCorpus } from './lib/specs.mjs';
import { renderMarkdown, renderTerminal } from './lib/table.mjs';

const SECTIONS = ['generation', 'watch', 'typecheck', 'server', 'client', 'bundle', 'stream', 'raml'];

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    runs: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log(`npm run bench -- [--quick] [--only ${SECTIONS.join(',')}] [--runs N] [--out file.md]`);
  process.exit(0);
}
const quick = args.quick;
const only = args.only ? args.only.split(',').map((s) => s.trim()) : SECTIONS;
for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`unknown section ${s} (one of ${SECTIONS.join(', ')})`);
const runs = args.runs ? Number(args.runs) : quick ? 3 : 5;
const full = !quick && SECTIONS.every((s) => only.includes(s));
const outFile = args.out ?? path.join(benchDir, full ? 'RESULTS.md' : quick ? 'RESULTS-quick.md' : 'RESULTS-partial.md');
const historyFile = path.join(benchDir, 'HISTORY.md');

const started = Date.now();
const loadBefore = os.loadavg()[0].toFixed(2);
const log = (msg) => console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`);

ensureBuilt();
snapshotBuild();
if (!quick) ensureCorpus(log);

const config = {
  quick,
  runs,
  log,
  generationSpecs: quick ? ['petstore'] : ['petstore', 'stripe', 'github', 'kubernetes'],
  bigSpec: quick ? 'petstore' : 'github',
  timeoutMs: quick ? 120_000 : 900_000,
};

const env = environment();
const results = [];

function writeResults(done) {
  const totalS = ((Date.now() - started) / 1000).toFixed(0);
  const header = [
    `# contractgen benchmarks${quick ? ' (quick run — reduced set, not for quoting)' : full ? '' : ` (sections: ${only.join(', ')} — not a full run)`}`,
    '',
    `Written by \`npm run bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\` (bench/run.mjs) on ${env.date} in ${totalS} s${done ? '' : ' (still running: sections so far)'}, every figure from this one run. Do not edit by hand: rerun instead. See [docs/bench.md](../docs/bench.md) for the method and how to read it${full ? ', and [HISTORY.md](HISTORY.md) for the headline figures of earlier full runs' : ''}.`,
    '',
    `- **Machine:** ${env.machine}`,
    `- **Node:** ${env.node}`,
    `- **Load average (1 min)** at start ${loadBefore}, at end ${os.loadavg()[0].toFixed(2)} — other work on the machine shows up as wall-time spread; CPU time and RSS are the stable columns.`,
    `- **Runs:** median of ${runs} measured runs after 1 warm-up${quick ? ' (none for generation in --quick)' : ''}, every contestant once per round, the order rotated each round (A B C, B C A, C A B, …); cells are \`median (min–max)\`.`,
    `- **Measured with:** ${measurer}; autocannon for HTTP; \`performance.now()\`/\`process.cpuUsage()\` in-process.`,
    `- **Versions:** ${Object.entries(env.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    '',
  ];
  writeFileSync(outFile, [...header, ...results.map(renderMarkdown)].join('\n'));
  return totalS;
}

for (const id of only) {
  const mod = await import(`./sections/${id}.mjs`);
  const fn = mod[`bench${id[0].toUpperCase()}${id.slice(1)}`];
  log(`— ${id} —`);
  try {
    const section = await fn({ ...config, specs: config.generationSpecs });
    results.push(section);
    console.log(renderTerminal(section));
  } catch (error) {
    log(`${id} failed: ${error?.stack ?? error}`);
    results.push({ id, title: id, groups: [], notes: [`failed: ${error?.message ?? error}`] });
  }
  writeResults(false); // a long run keeps what it has measured so far
}
const totalS = writeResults(true);
log(`wrote ${path.relative(process.cwd(), outFile)} (${totalS} s)`);
if (full) {
  appendHistory(historyFile, { date: env.date, commit: commit(), runs, load: [loadBefore, os.loadavg()[0].toFixed(2)] }, results);
  log(`appended the headline figures to ${path.relative(process.cwd(), historyFile)}`);
}
