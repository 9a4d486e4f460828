#!/usr/bin/env node
// Watch-mode CPU per one-line edit, paired: each build (a checkout's dist/generator/generate.js)
// runs in a child process of its own that generates the spec once (cold, not counted) and then,
// when told, edits one operation summary of its own copy and regenerates with a generate cache,
// as `codegen watch` does. Rounds alternate and reverse the order of the builds; prints medians of
// CPU (user + system) and wall per edit, the stages as the generator reports them, and the median
// of per-round CPU ratios to the first build. Say the load beside the figures.
//
//   node bench/watch-cpu.mjs [--spec github] [--rounds 9] [--build DIR]...
//   (--build: a checkout, e.g. /work/main; default this one; give two to compare)
import { fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { root, workDir } from './lib/paths.mjs';
import { ensureCorpus, spec } from './lib/specs.mjs';
import { prepareCopy } from './sections/watch.mjs';

const self = fileURLToPath(import.meta.url);

if (process.env.WATCH_CPU_CHILD) {
  // child: [build, spec copy, output]
  const [build, copy, out] = JSON.parse(process.env.WATCH_CPU_CHILD);
  const { generate, createGenerateCache } = await import(pathToFileURL(path.join(build, 'dist/generator/generate.js')).href);
  const cache = createGenerateCache();
  let stages = {};
  const options = () => ({ input: copy, output: out, cache, onStage: (s, ms) => (stages[s] = ms) });
  await generate(options());
  let edit = 0;
  process.send({ ready: true });
  process.on('message', async () => {
    const text = readFileSync(copy, 'utf8');
    writeFileSync(copy, text.replace(`BENCH-EDIT-${edit}`, `BENCH-EDIT-${edit + 1}`));
    edit++;
    stages = {};
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await generate(options());
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    process.send({ ms, cpuMs: (cpu.user + cpu.system) / 1000, stages, written: r.written.length });
  });
} else {
  const { values } = parseArgs({ options: { spec: { type: 'string', default: 'github' }, rounds: { type: 'string', default: '9' }, build: { type: 'string', multiple: true } } });
  const builds = (values.build ?? [root]).map((b) => path.resolve(b));
  const rounds = Number(values.rounds);
  ensureCorpus(console.log);
  const s = spec(values.spec);
  const children = builds.map((build, i) => {
    const dir = workDir('watch-cpu', String(i));
    // the first operation's summary carries the marker each edit changes (as in the bench's watch section)
    const copy = prepareCopy(s, dir);
    const child = fork(self, [], { env: { ...process.env, WATCH_CPU_CHILD: JSON.stringify([build, copy, path.join(dir, 'out')]) } });
    return { build, child, next: () => new Promise((resolve) => child.once('message', resolve)) };
  });
  // (cold runs one after the other: they are not measured, but should not crowd each other either)
  for (const c of children) await c.next();
  const results = children.map(() => []);
  console.log(`${s.name}, ${rounds} rounds (+1 warm-up), load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (let round = 0; round <= rounds; round++) {
    const order = round % 2 === 0 ? children.map((_, i) => i) : children.map((_, i) => children.length - 1 - i);
    for (const i of order) {
      const c = children[i];
      const got = c.next();
      c.child.send('edit');
      const r = await got;
      if (r.written === 0) throw new Error(`${c.build}: the edit changed no output file`);
      if (round > 0) results[i].push(r);
    }
  }
  for (const c of children) c.child.kill();
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  children.forEach((c, i) => {
    const rs = results[i];
    const stageNames = Object.keys(rs[0].stages);
    const stageText = stageNames.map((n) => `${n} ${median(rs.map((r) => r.stages[n] ?? 0)).toFixed(0)}`).join(', ');
    const ratio = i === 0 ? '' : `, CPU ÷ first build ${median(rs.map((r, k) => r.cpuMs / results[0][k].cpuMs)).toFixed(3)}×`;
    console.log(`${c.build}: CPU ${median(rs.map((r) => r.cpuMs)).toFixed(0)} ms, wall ${median(rs.map((r) => r.ms)).toFixed(0)} ms per edit (stages, wall ms: ${stageText})${ratio}`);
  });
  console.log(`load after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}
