#!/usr/bin/env node
// Bytes allocated per request by each server (V8's `--trace-gc-nvp` lines: the `allocated=` of every
// GC during a measured run, summed, ÷ its requests). Unlike CPU time, allocation does not move with
// the machine's load: on a busy machine where server-cpu.mjs's rounds spread ±20 %, this resolves a
// change of ~100–200 bytes a request (the GC boundaries of a run are the granularity). Rows: the
// bench's hand-written Fastify and contractgen servers (bench/sections/server.mjs), each in its own
// process with NODE_ENV=production, a warm-up of 10,000 requests, then the measured ones.
//
//   node bench/server-alloc.mjs [--scenario get|post] [--requests 40000] [--rounds 2]
//                               [--variant 'label:ENV=VALUE;ENV2=VALUE'] (CG_RUNTIME=<dir>: see server-cpu.mjs)
import { spawn } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { cannon, compiledPetstoreServer, SCENARIOS } from './sections/server.mjs';
import { benchDir } from './lib/paths.mjs';
import { parseVariant, variantModule } from './lib/variants.mjs';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'get' },
    requests: { type: 'string', default: '40000' },
    rounds: { type: 'string', default: '2' },
    variant: { type: 'string', multiple: true },
  },
});
const sc = SCENARIOS.find((s) => s.id === values.scenario);
if (!sc) throw new Error(`--scenario must be one of ${SCENARIOS.map((s) => s.id).join(', ')}`);
const N = Number(values.requests);
const compiled = await compiledPetstoreServer();
const app = (name) => `${benchDir}/apps/${name}`;
const rows = [
  { name: 'hand-written Fastify', args: [app('server-fastify.mjs')], env: {} },
  { name: 'contractgen', args: [app('server-contractgen.mjs'), compiled], env: {} },
  { name: 'contractgen, validateResponses on', args: [app('server-contractgen.mjs'), compiled], env: { CG_VALIDATE_RESPONSES: '1' } },
  { name: 'contractgen, logger: false', args: [app('server-contractgen.mjs'), compiled], env: { CG_LOGGER: 'off' } },
];
for (const v of values.variant ?? []) {
  const { label, env } = parseVariant(v);
  rows.push({ name: `contractgen ${label}`, args: [app('server-contractgen.mjs'), variantModule(compiled, label, env)], env });
}

/** One server's bytes per request over `N` requests after a warm-up. */
async function measure(row) {
  const child = spawn(process.execPath, ['--trace-gc-nvp', ...row.args], { env: { ...process.env, NODE_ENV: 'production', ...row.env }, stdio: ['pipe', 'pipe', 'ignore'] });
  let out = '';
  try {
    const url = await new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`${row.name} exited (${code}) before it listened`)));
      child.stdout.on('data', (d) => {
        out += d;
        const m = /READY (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolve(m[1]);
      });
    });
    const allocated = () => [...out.matchAll(/allocated=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    await cannon(url, sc.request, 0, 10, 10_000);
    const before = allocated();
    const res = await cannon(url, sc.request, 0, 10, N);
    if (res.non2xx + res.errors + res.timeouts > 0) throw new Error(`${row.name}: ${res.non2xx} non-2xx, ${res.errors} errors, ${res.timeouts} timeouts`);
    return (allocated() - before) / res.requests.total;
  } finally {
    child.kill('SIGTERM');
  }
}

const load = () => os.loadavg()[0].toFixed(1);
const loadStart = load();
const results = rows.map(() => []);
for (let round = 0; round < Number(values.rounds); round++) {
  for (let i = 0; i < rows.length; i++) {
    const k = (i + round) % rows.length;
    results[k].push(await measure(rows[k]));
  }
}
console.log(`${sc.id}: bytes allocated per request, ${N} requests a run, ${values.rounds} rounds, load ${loadStart} → ${load()}`);
const ref = Math.min(...results[0]);
for (let i = 0; i < rows.length; i++) {
  const all = results[i].map((b) => b.toFixed(0)).join(', ');
  console.log(`${rows[i].name.padEnd(44)} ${all.padEnd(16)} (+${(Math.min(...results[i]) - ref).toFixed(0)} over hand-written Fastify's least)`);
}
