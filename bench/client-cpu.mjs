#!/usr/bin/env node
// Client CPU per call, paired, in a process of its own (no fetch, openapi-fetch or hey-api rows whose
// garbage the next row pays for, as in the bench's client section): undici.request (own Agent and
// global dispatcher) against contractgen's default Node path (getPet on Petstore), the generated
// client bundled with a runtime build so that two builds can run side by side. Rounds alternate and
// reverse; prints medians of CPU per call and of per-round ratios to undici.request and to the first
// build.
//
//   node bench/client-cpu.mjs [--in-flight 32] [--rounds 15] [--calls 5000] [--runtime DIR]...
//   (--runtime: a checkout whose runtime/dist to use, e.g. a worktree of an earlier commit; default this one)
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { request, Agent } from 'undici';
import { API_KEY } from './apps/pet-data.mjs';
import { benchDir, cacheDir } from './lib/paths.mjs';
import { startServer } from './lib/servers.mjs';
import { ensureOutput } from './sections/generation.mjs';

const { values } = parseArgs({
  options: {
    'in-flight': { type: 'string', default: '32' },
    rounds: { type: 'string', default: '15' },
    calls: { type: 'string', default: '5000' },
    runtime: { type: 'string', multiple: true },
  },
});
const inFlight = Number(values['in-flight']);
const calls = Number(values.calls);
const rounds = Number(values.rounds);
const roots = values.runtime ?? [path.dirname(benchDir)];

const out = await ensureOutput('petstore', 'contractgen');
const builds = [];
for (const [i, root] of roots.entries()) {
  // inside bench/.cache so that the runtime's import('undici') resolves to this checkout's undici
  const outfile = path.join(cacheDir, 'work', 'client-cpu', `build-${i}.mjs`);
  await build({
    entryPoints: [path.join(out, 'client.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20',
    external: ['undici'], nodePaths: [path.join(root, 'node_modules')], conditions: ['node'], logLevel: 'warning',
  });
  builds.push({ name: `contractgen (${path.basename(root)})`, module: await import(outfile) });
}
const server = await startServer(path.join(benchDir, 'apps', 'target-http.mjs'));
const baseUrl = `${server.url}/v1`;
const petUrl = `${baseUrl}/pets/1`;
const headers = { accept: 'application/json', 'x-api-key': API_KEY };
const agent = new Agent({ keepAliveTimeout: 60_000 });
const check = (status, body) => {
  if (status !== 200 || body?.name !== 'Rex') throw new Error(`unexpected answer ${status}`);
};
const contestants = {
  'undici.request': async () => {
    const r = await request(petUrl, { headers, dispatcher: agent });
    check(r.statusCode, await r.body.json());
  },
  'undici.request, global dispatcher': async () => {
    const r = await request(petUrl, { headers });
    check(r.statusCode, await r.body.json());
  },
};
for (const { name, module } of builds) {
  const api = module.createClient({ baseUrl, auth: { apiKey: API_KEY } });
  contestants[name] = async () => {
    const r = await module.getPet(api, { path: { petId: 1 } });
    check(r.status, r.body);
  };
}
async function pool(call) {
  let next = 0;
  const worker = async () => {
    while (next < calls) {
      next++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}
const names = Object.keys(contestants);
const cpu = Object.fromEntries(names.map((name) => [name, []]));
try {
  for (const name of names) await pool(contestants[name]);
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      const before = process.cpuUsage();
      await pool(contestants[name]);
      const used = process.cpuUsage(before);
      cpu[name].push((used.user + used.system) / calls);
    }
  }
} finally {
  await agent.close();
  await server.stop();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const ratio = (name, ref) => median(cpu[name].map((v, i) => v / cpu[ref][i])).toFixed(3);
const first = builds[0].name;
console.log(`${calls} calls × ${rounds} rounds, ${inFlight} in flight (load ${(await import('node:os')).loadavg()[0].toFixed(2)})`);
for (const name of names) {
  console.log(`${name.padEnd(40)} ${median(cpu[name]).toFixed(1).padStart(7)} µs/call   ÷ undici.request ${ratio(name, 'undici.request')}×   ÷ ${first} ${ratio(name, first)}×`);
}
