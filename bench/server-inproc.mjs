#!/usr/bin/env node
// In-process CPU per request: the hand-written Fastify app and contractgen's generated Petstore
// server built in this one process and driven with `app.inject` (light-my-request: no sockets, no
// kernel, no second process), rounds alternating and rotating. It measures the JavaScript each
// server runs per request — what a change to the runtime moves — without the socket and scheduling
// noise of a loaded machine; the injection itself costs the same for both and narrows the ratio.
// Prints the medians of per-round ratios (hand-written Fastify's CPU per request ÷ the row's).
//
//   node bench/server-inproc.mjs [--scenario get|post] [--rounds 9] [--requests 20000]
//                                [--variant 'label:ENV=VALUE;ENV2=VALUE'] [--no-same] [--cpu-prof]
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { alternate } from './lib/alternate.mjs';
import { fmt, summarize } from './lib/stats.mjs';
import { buildFastifyApp } from './apps/fastify-app.mjs';
import { startContractgen } from './apps/contractgen-app.mjs';
import { compiledPetstoreServer, SCENARIOS } from './sections/server.mjs';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'post' },
    rounds: { type: 'string', default: '9' },
    requests: { type: 'string', default: '20000' },
    variant: { type: 'string', multiple: true },
    'no-same': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
  },
});
process.env.NODE_ENV = 'production';
const sc = SCENARIOS.find((s) => s.id === values.scenario);
if (!sc) throw new Error(`--scenario must be one of ${SCENARIOS.map((s) => s.id).join(', ')}`);
const compiled = await compiledPetstoreServer();
const REF = 'hand-written Fastify';
const apps = [{ name: REF, app: buildFastifyApp(false) }];
if (!values['no-same']) apps.push({ name: 'hand-written Fastify, same listener defaults', app: buildFastifyApp(true) });
apps.push({ name: 'contractgen', app: await startContractgen(compiled, process.env) });
for (const v of values.variant ?? []) {
  const [label, ...rest] = v.split(':');
  const env = Object.fromEntries(rest.join(':').split(';').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  apps.push({ name: `contractgen ${label}`, app: await startContractgen(compiled, { ...process.env, ...env }) });
}
const N = Number(values.requests);
const inject = { method: sc.request.method, url: sc.request.path, headers: sc.request.headers, payload: sc.request.body };

async function batch(app) {
  const start = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    const res = await app.inject(inject);
    if (res.statusCode !== sc.expect.status) throw new Error(`answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
  }
  const used = process.cpuUsage(start);
  return { ok: true, cpuUs: (used.user + used.system) / N };
}

const session = values['cpu-prof'] ? new Session() : undefined;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
}
const load = () => os.loadavg()[0].toFixed(1);
const loadStart = load();
try {
  const contestants = apps.map(({ name, app }) => ({ name, describe: (m) => `${fmt(m.cpuUs, 'us')} CPU/request`, run: () => batch(app) }));
  // warm-up round first (unmeasured), then the profile (if asked) covers the measured rounds
  if (session) for (const c of contestants) await c.run();
  if (session) await session.post('Profiler.start');
  const rows = await alternate(contestants, { runs: Number(values.rounds), warmup: session ? 0 : 1, log: (l) => console.log(l), label: `${sc.id} ` });
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(values['cpu-prof'], JSON.stringify(profile));
  }
  const ref = rows.find((r) => r.name === REF);
  console.log(`\n${sc.id} in process: ${N} requests a round, ${values.rounds} rounds, load ${loadStart} → ${load()} (${os.cpus().length} cores)`);
  for (const row of rows) {
    const cpu = row.stats.cpuUs;
    const paired = row.samples.length === ref.samples.length ? summarize(row.samples.map((m, i) => ref.samples[i].cpuUs / m.cpuUs)) : undefined;
    console.log(
      `${row.name.padEnd(48)} ${cpu ? `${fmt(cpu.median, 'us')} (${fmt(cpu.min, 'us')}–${fmt(cpu.max, 'us')})` : '–'}  CPU ratio ${paired ? `${paired.median.toFixed(3)} (${paired.min.toFixed(3)}–${paired.max.toFixed(3)})` : '–'}`,
    );
  }
} finally {
  for (const { app } of apps) await app.close();
}
