// 5. Client overhead: N calls through contractgen's Client vs raw fetch, undici.request and
// openapi-fetch against the same local server (a child process), sequential and concurrent. Every row
// runs in a process of its own (bench/lib/client-child.mjs), asked for one batch per round in turn, so
// no row pays for another's garbage, timers or JIT state (in one shared process the fetch rows' GC
// spread the undici and contractgen rows 95–201 µs).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { alternate } from '../lib/alternate.mjs';
import { startContestant } from '../lib/client-child.mjs';
import { compileForNode } from '../lib/compile.mjs';
import { benchDir, cacheDir } from '../lib/paths.mjs';
import { startServer } from '../lib/servers.mjs';
import { fmt } from '../lib/stats.mjs';
import { ensureOutput } from './generation.mjs';

export async function benchClient({ quick, runs, log }) {
  const out = await ensureOutput('petstore', 'contractgen');
  // resolves @contractgen/runtime/client through its "node" export condition: the Node transports
  const generated = await compileForNode(path.join(out, 'client.ts'), path.join(cacheDir, 'work', 'client', 'petstore-client.mjs'));
  const hey = await heyApiModule();
  const server = await startServer(path.join(benchDir, 'apps', 'target-http.mjs'));
  const baseUrl = `${server.url}/v1`;
  const resilience = {
    retry: { count: 3, interval: 50 },
    circuitBreaker: { rollingWindow: { timeWindow: 10_000, bucketSize: 1_000, requestVolumeThreshold: 10 }, failureThreshold: 0.5, resetTime: 5_000 },
  };
  const ours = (options, form = 'function') => ({ kind: 'contractgen', module: generated, options, form });
  // Each call: one GET /v1/pets/1 with the API key, JSON body parsed, status checked (client-child.mjs).
  const specs = {
    'undici.request': { kind: 'undici.request' },
    'undici dispatcher.request': { kind: 'undici dispatcher.request' },
    'node:http (keep-alive)': { kind: 'node:http (keep-alive)' },
    'raw fetch': { kind: 'raw fetch' },
    'raw fetch + AbortController': { kind: 'raw fetch + AbortController' },
    'openapi-fetch': { kind: 'openapi-fetch' },
    ...(hey === undefined ? {} : { 'hey-api SDK': { kind: 'hey-api SDK', module: hey } }),
    'contractgen (default: undici)': ours({}),
    'contractgen, node:http': ours({ transport: 'node:http' }),
    'contractgen, fetch': ours({ transport: 'fetch' }),
    'contractgen + retry + breaker': ours(resilience),
    'contractgen Client class': ours({}, 'class'),
  };
  const children = {};
  const modes = [
    { id: 'sequential', n: quick ? 200 : 2000, concurrency: 1 },
    { id: 'concurrent', n: quick ? 600 : 7_000, concurrency: 32 },
  ];
  const groups = [];
  try {
    const notStarted = {};
    for (const [name, spec] of Object.entries(specs)) {
      try {
        children[name] = await startContestant({ ...spec, baseUrl });
      } catch (error) {
        notStarted[name] = error;
      }
    }
    for (const mode of modes) {
      log(`client: ${mode.id}`);
      const contestants = Object.keys(specs).map((name) => ({
        name,
        describe: (m) => `${fmt(m.wallUs, 'us')}/call wall, ${fmt(m.cpuUs, 'us')}/call CPU`,
        // a row whose process did not start (its check call failed) is listed as failed
        run: () => (children[name] === undefined ? Promise.reject(notStarted[name]) : children[name].run(mode.n, mode.concurrency)),
      }));
      // two warm-up rounds: each process JITs its own calls only
      const rows = await alternate(contestants, { runs, warmup: 2, log, label: `${mode.id} ` });
      groups.push({
        caption: `${mode.id}: ${mode.n} × GET /v1/pets/1${mode.concurrency > 1 ? `, ${mode.concurrency} in flight` : ', one at a time'}`,
        columns: [
          { key: 'wallUs', label: 'wall per call', unit: 'us' },
          { key: 'cpuUs', label: 'client CPU per call', unit: 'us' },
        ],
        ratios: [
          { metric: 'cpuUs', ref: 'undici.request', mode: 'row/ref', paired: true, label: 'CPU ÷ undici.request' },
          { metric: 'cpuUs', ref: 'undici dispatcher.request', mode: 'row/ref', paired: true, label: 'CPU ÷ undici dispatcher.request' },
          { metric: 'cpuUs', ref: 'node:http (keep-alive)', mode: 'row/ref', paired: true, label: 'CPU ÷ node:http' },
          { metric: 'cpuUs', ref: 'raw fetch', mode: 'row/ref', paired: true, label: 'CPU ÷ raw fetch' },
          { metric: 'cpuUs', ref: 'raw fetch + AbortController', mode: 'row/ref', paired: true, label: 'CPU ÷ raw fetch with a signal' },
        ],
        rows,
      });
    }
  } finally {
    for (const child of Object.values(children)) await child.stop();
    await server.stop();
  }
  return {
    id: 'client',
    title: '5. Client overhead (Petstore getPet, 127.0.0.1)',
    intro:
      'Goals (issue 14): contractgen with default options on Node ≤ 1.3× undici.request CPU per call; the fetch path (`transport: \'fetch\'`) ≤ 1.1× raw fetch. contractgen rows call the generated per-operation function `getPet(api, …)` (the `Client` class row calls the same function through its method); on Node `@contractgen/runtime/client` resolves its Node build, whose default transport is `undici.request` (undici installed), `node:http` with a keep-alive agent otherwise (forced here with `transport: \'node:http\'`). The default per-attempt timeout (30 s) is on in every contractgen row. Every contestant runs in a process of its own (bench/lib/client-child.mjs; each round asks every process for one batch, in turn, so no row pays for another\'s garbage, timers or JIT state) against the same plain `node:http` server (a child process answering a fixed pet), sends the API key, parses the JSON body and checks the status. "Wall per call" = batch time ÷ calls; "client CPU per call" = the contestant process\'s user+system CPU during its batch ÷ calls (the server\'s CPU is not included), the truest measure of a client\'s own overhead. The generated `client.ts` is compiled with esbuild (packages external); retry + breaker = `retry: { count: 3 }` and a rolling-window circuit breaker (no retry ever fires here); hey-api = its generated SDK (fetch client) for the same spec. "raw fetch + AbortController" is raw fetch given a signal, as any fetch client that cancels on timeout must (contractgen\'s fetch path does, for its 30 s timeout): the floor for the fetch goal (fetch\'s own cost of following a signal). "undici dispatcher.request" is undici\'s request API called on the global dispatcher with origin and path (what contractgen\'s undici transport calls), without `undici.request`\'s URL wrapper, which costs ~25 µs more per call here: the floor of a client on undici. The undici.request row sends through its own `Agent` (keepAliveTimeout 60 s); contractgen uses undici\'s global dispatcher (a default `Agent`: the same pool, unlimited connections, no pipelining); paired runs measured the two dispatchers 0.91–1.08× of each other. Ratios are medians of the per-round ratios (rows alternate within each round, so a round\'s machine drift cancels out).',
    groups,
  };
}

/** hey-api's generated SDK for Petstore (fetch-based), compiled like ours; undefined when it cannot be built. */
async function heyApiModule() {
  try {
    const dir = await ensureOutput('petstore', 'hey-api');
    const entry = path.join(cacheDir, 'work', 'client', 'hey-entry.ts');
    mkdirSync(path.dirname(entry), { recursive: true });
    writeFileSync(entry, `export { client } from ${JSON.stringify(path.join(dir, 'client.gen.ts'))};\nexport * from ${JSON.stringify(path.join(dir, 'sdk.gen.ts'))};\n`);
    return await compileForNode(entry, path.join(cacheDir, 'work', 'client', 'hey-sdk.mjs'));
  } catch {
    return undefined;
  }
}
