#!/usr/bin/env node
// Server CPU per request, paired: the bench's server apps (bench/sections/server.mjs) each get
// the same number of requests per round (autocannon `amount`), rounds alternating and rotating,
// and the server's user + system CPU (/proc, every thread) is divided by the requests. On a loaded
// machine req/s swings 2-4x between rounds; CPU per request barely moves. Prints each round and
// the medians of per-round ratios (hand-written Fastify's CPU per request ÷ the row's: higher is
// better, 1.00 = the same CPU).
//
//   node bench/server-cpu.mjs [--scenario get|post] [--rounds 9] [--requests 30000]
//                             [--connections 10] [--only contractgen,fastify] [--cpu-prof DIR]
import { parseArgs } from 'node:util';
import os from 'node:os';
import { alternate } from './lib/alternate.mjs';
import { startServer } from './lib/servers.mjs';
import { parseVariant, variantModule } from './lib/variants.mjs';
import { spec } from './lib/specs.mjs';
import { fmt, summarize } from './lib/stats.mjs';
import { compiledPetstoreServer, measureServer, SCENARIOS, serverList } from './sections/server.mjs';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'post' },
    rounds: { type: 'string', default: '9' },
    requests: { type: 'string', default: '30000' },
    connections: { type: 'string', default: '10' },
    only: { type: 'string' },
    'cpu-prof': { type: 'string' },
    // --variant 'label:ENV=VALUE;ENV2=VALUE': one more contractgen row with that environment;
    // CG_RUNTIME=<dir> runs it on another build of the runtime (<dir>/dist, e.g. of an earlier commit)
    variant: { type: 'string', multiple: true },
  },
});
const sc = SCENARIOS.find((s) => s.id === values.scenario);
if (!sc) throw new Error(`--scenario must be one of ${SCENARIOS.map((s) => s.id).join(', ')}`);
const REF = 'hand-written Fastify';
const wanted = values.only?.split(',').map((s) => s.trim());
let servers = serverList({ compiled: await compiledPetstoreServer(), petstore: spec('petstore').file });
servers = servers.filter((s) => s.name === REF || !wanted || wanted.some((w) => s.name === w || (w === 'contractgen' ? s.name.startsWith('contractgen') : s.name.includes(w))));
const base = servers.find((s) => s.name === 'contractgen');
for (const v of values.variant ?? []) {
  const { label, env } = parseVariant(v);
  const args = env.CG_RUNTIME ? [variantModule(base.args[0], label, env)] : base.args;
  servers.push({ ...base, name: `contractgen ${label}`, args, env: { ...base.env, ...env } });
}
const prof = values['cpu-prof'];

const started = [];
const load = () => os.loadavg()[0].toFixed(1);
try {
  for (const s of servers) {
    const execArgv = prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`, `--cpu-prof-name=${s.name.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`] : [];
    // a server writes its profile as it exits (seconds under load): no SIGKILL before that
    started.push({ s, srv: await startServer(s.script, s.args, { env: s.env, execArgv, ...(prof ? { stopTimeoutMs: 60_000 } : {}) }) });
  }
  const loadStart = load();
  const contestants = started.map(({ s, srv }) => ({
    name: s.name,
    describe: (m) => `${fmt(m.cpuUs, 'us')} CPU/request, ${fmt(m.rps, 'req/s')} req/s`,
    run: () => measureServer(srv, sc, { connections: Number(values.connections), amount: Number(values.requests) }),
  }));
  const rows = await alternate(contestants, { runs: Number(values.rounds), log: (l) => console.log(l), label: `${sc.id} ` });
  const ref = rows.find((r) => r.name === REF);
  console.log(`\n${sc.id}: ${values.requests} requests a round, ${values.rounds} rounds, load ${loadStart} → ${load()} (${os.cpus().length} cores)`);
  for (const row of rows) {
    const cpu = row.stats.cpuUs;
    const paired = ref && row.samples.length === ref.samples.length ? summarize(row.samples.map((m, i) => ref.samples[i].cpuUs / m.cpuUs)) : undefined;
    const rps = ref && row.samples.length === ref.samples.length ? summarize(row.samples.map((m, i) => m.rps / ref.samples[i].rps)) : undefined;
    console.log(
      `${row.name.padEnd(48)} ${cpu ? `${fmt(cpu.median, 'us')} (${fmt(cpu.min, 'us')}–${fmt(cpu.max, 'us')})` : '–'}  CPU ratio ${paired ? `${paired.median.toFixed(2)} (${paired.min.toFixed(2)}–${paired.max.toFixed(2)})` : '–'}  req/s ratio ${rps ? rps.median.toFixed(2) : '–'}`,
    );
  }
} finally {
  await Promise.all(started.map(({ srv }) => srv.stop()));
}
