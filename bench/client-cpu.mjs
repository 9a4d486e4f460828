#!/usr/bin/env node
// Client CPU per call, paired, each contestant in a process of its own (bench/lib/client-child.mjs:
// no row pays for another's garbage, timers or JIT state): undici.request (own Agent and global
// dispatcher) and undici's request API on the global dispatcher with origin + path (what our undici
// transport calls: the floor under undici.request) against contractgen's default Node path (getPet on Petstore), the generated client
// bundled with a runtime build so that two builds can run side by side. Each round asks every
// contestant for one batch, in an order that alternates and reverses; prints medians of CPU per call
// and of per-round ratios to undici.request and to the first build.
//
//   node bench/client-cpu.mjs [--in-flight 32] [--rounds 15] [--calls 5000] [--runtime DIR]... [--fetch]
//   (--runtime: a checkout whose runtime/dist to use, e.g. a worktree of an earlier commit; default this one;
//    --fetch: also raw fetch, raw fetch with an AbortController's signal, and each build with transport: 'fetch')
import path from 'node:path';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { benchDir, cacheDir } from './lib/paths.mjs';
import { startServer } from './lib/servers.mjs';
import { startContestant } from './lib/client-child.mjs';
import { ensureOutput } from './sections/generation.mjs';

const { values } = parseArgs({
  options: {
    'in-flight': { type: 'string', default: '32' },
    rounds: { type: 'string', default: '15' },
    calls: { type: 'string', default: '5000' },
    runtime: { type: 'string', multiple: true },
    fetch: { type: 'boolean', default: false },
  },
});
const inFlight = Number(values['in-flight']);
const calls = Number(values.calls);
const rounds = Number(values.rounds);
const roots = values.runtime ?? [path.dirname(benchDir)];

/** Resolves @contractgen/runtime from `root` (`nodePaths`, where its own dependencies are found, is only a fallback behind this checkout's node_modules). */
function runtimeOf(root) {
  return {
    name: 'runtime-of',
    setup(b) {
      b.onResolve({ filter: /^@contractgen\/runtime(\/|$)/ }, (args) =>
        args.pluginData === 'runtime-of' ? undefined : b.resolve(args.path, { kind: args.kind, resolveDir: root, pluginData: 'runtime-of' }),
      );
    },
  };
}

const out = await ensureOutput('petstore', 'contractgen');
const builds = [];
for (const [i, root] of roots.entries()) {
  // inside bench/.cache so that the runtime's import('undici') resolves to this checkout's undici
  const outfile = path.join(cacheDir, 'work', 'client-cpu', `build-${i}.mjs`);
  await build({
    entryPoints: [path.join(out, 'client.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20',
    external: ['undici'], nodePaths: [path.join(root, 'node_modules')], conditions: ['node'], logLevel: 'warning', plugins: [runtimeOf(root)],
  });
  builds.push({ name: `contractgen (${path.basename(path.resolve(root))})`, module: outfile });
}
const server = await startServer(path.join(benchDir, 'apps', 'target-http.mjs'));
const baseUrl = `${server.url}/v1`;
const specs = {
  'undici.request': { kind: 'undici.request' },
  'undici.request, global dispatcher': { kind: 'undici.request, global dispatcher' },
  'undici dispatcher.request': { kind: 'undici dispatcher.request' },
};
for (const { name, module } of builds) specs[name] = { kind: 'contractgen', module, form: 'function', options: {} };
if (values.fetch) {
  specs['raw fetch'] = { kind: 'raw fetch' };
  specs['raw fetch + AbortController'] = { kind: 'raw fetch + AbortController' };
  for (const { name, module } of builds) specs[`${name}, fetch`] = { kind: 'contractgen', module, form: 'function', options: { transport: 'fetch' } };
}
const names = Object.keys(specs);
const cpu = Object.fromEntries(names.map((name) => [name, []]));
const children = {};
try {
  for (const name of names) children[name] = await startContestant({ ...specs[name], baseUrl });
  for (const name of names) await children[name].run(calls, inFlight); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) cpu[name].push((await children[name].run(calls, inFlight)).cpuUs);
  }
} finally {
  for (const child of Object.values(children)) await child.stop();
  await server.stop();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const ratio = (name, ref) => median(cpu[name].map((v, i) => v / cpu[ref][i])).toFixed(3);
const first = builds[0].name;
console.log(`${calls} calls × ${rounds} rounds, ${inFlight} in flight, one process per row (load ${os.loadavg()[0].toFixed(2)})`);
for (const name of names) {
  const refs = name.endsWith(', fetch') || name.startsWith('raw fetch') ? ['raw fetch', 'raw fetch + AbortController'] : ['undici.request', first];
  console.log(`${name.padEnd(44)} ${median(cpu[name]).toFixed(1).padStart(7)} µs/call   ${refs.map((ref) => `÷ ${ref} ${ratio(name, ref)}×`).join('   ')}`);
}
