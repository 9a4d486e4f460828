// 5. Client overhead: N calls through contractgen's Client vs raw fetch, undici.request and
// openapi-fetch against the same local server (a child process), sequential and concurrent.
import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import createOpenapiFetch from 'openapi-fetch';
import { Agent, request as undiciRequest } from 'undici';
import { alternate } from '../lib/alternate.mjs';
import { compileForNode } from '../lib/compile.mjs';
import { benchDir, cacheDir } from '../lib/paths.mjs';
import { startServer } from '../lib/servers.mjs';
import { fmt } from '../lib/stats.mjs';
import { API_KEY } from '../apps/pet-data.mjs';
import { ensureOutput } from './generation.mjs';

async function pool(n, concurrency, call) {
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
}

export async function benchClient({ quick, runs, log }) {
  const out = await ensureOutput('petstore', 'contractgen');
  const compiled = await compileForNode(path.join(out, 'client.ts'), path.join(cacheDir, 'work', 'client', 'petstore-client.mjs'));
  // resolves @contractgen/runtime/client through its "node" export condition: the Node transports
  const generated = await import(compiled);
  const { Client, createClient, getPet } = generated;
  const server = await startServer(path.join(benchDir, 'apps', 'target-http.mjs'));
  const baseUrl = `${server.url}/v1`;
  const petUrl = `${baseUrl}/pets/1`;
  const headers = { accept: 'application/json', 'x-api-key': API_KEY };
  const agent = new Agent({ keepAliveTimeout: 60_000 });
  const httpAgent = new http.Agent({ keepAlive: true });
  const auth = { apiKey: API_KEY };
  const resilience = {
    retry: { count: 3, interval: 50 },
    circuitBreaker: { rollingWindow: { timeWindow: 10_000, bucketSize: 1_000, requestVolumeThreshold: 10 }, failureThreshold: 0.5, resetTime: 5_000 },
  };

  const api = createClient({ baseUrl, auth });
  const apiHttp = createClient({ baseUrl, auth, transport: 'node:http' });
  const apiFetch = createClient({ baseUrl, auth, transport: 'fetch' });
  const apiResilient = createClient({ baseUrl, auth, ...resilience });
  const ours = new Client({ baseUrl, auth });
  const openapiFetch = createOpenapiFetch({ baseUrl });
  const hey = await heyApiClient(baseUrl);

  const check = (name, status, body) => {
    if (status !== 200 || body?.name !== 'Rex') throw new Error(`${name}: unexpected answer ${status} ${JSON.stringify(body)}`);
  };
  // Each call: one GET /v1/pets/1 with the API key, JSON body parsed, status checked.
  const calls = {
    'undici.request': async () => {
      const r = await undiciRequest(petUrl, { headers, dispatcher: agent });
      check('undici', r.statusCode, await r.body.json());
    },
    'node:http (keep-alive)': () =>
      new Promise((resolve, reject) => {
        http
          .get(petUrl, { headers, agent: httpAgent }, (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => {
              try {
                check('node:http', res.statusCode, JSON.parse(Buffer.concat(chunks).toString('utf8')));
                resolve();
              } catch (error) {
                reject(error);
              }
            });
          })
          .on('error', reject);
      }),
    'raw fetch': async () => {
      const r = await fetch(petUrl, { headers });
      check('fetch', r.status, await r.json());
    },
    // the floor for a fetch client that can cancel on timeout: fetch has to follow a signal (an AbortController per call)
    'raw fetch + AbortController': async () => {
      const r = await fetch(petUrl, { headers, signal: new AbortController().signal });
      check('fetch', r.status, await r.json());
    },
    'openapi-fetch': async () => {
      const r = await openapiFetch.GET('/pets/{petId}', { params: { path: { petId: 1 } }, headers: { 'x-api-key': API_KEY } });
      check('openapi-fetch', r.response.status, r.data);
    },
    ...(hey === undefined
      ? {}
      : {
          'hey-api SDK': async () => {
            const r = await hey.getPet({ path: { petId: 1 }, headers: { 'x-api-key': API_KEY } });
            check('hey-api', r.response.status, r.data);
          },
        }),
    'contractgen (default: undici.request)': async () => {
      const r = await getPet(api, { path: { petId: 1 } });
      check('contractgen', r.status, r.body);
    },
    'contractgen, node:http': async () => {
      const r = await getPet(apiHttp, { path: { petId: 1 } });
      check('contractgen', r.status, r.body);
    },
    'contractgen, fetch': async () => {
      const r = await getPet(apiFetch, { path: { petId: 1 } });
      check('contractgen', r.status, r.body);
    },
    'contractgen + retry + breaker': async () => {
      const r = await getPet(apiResilient, { path: { petId: 1 } });
      check('contractgen', r.status, r.body);
    },
    'contractgen Client class': async () => {
      const r = await ours.getPet({ path: { petId: 1 } });
      check('contractgen', r.status, r.body);
    },
  };

  const modes = [
    { id: 'sequential', n: quick ? 200 : 2000, concurrency: 1 },
    { id: 'concurrent', n: quick ? 600 : 7_000, concurrency: 32 },
  ];
  const groups = [];
  try {
    for (const mode of modes) {
      log(`client: ${mode.id}`);
      const contestants = Object.entries(calls).map(([name, call]) => ({
        name,
        describe: (m) => `${fmt(m.wallUs, 'us')}/call wall, ${fmt(m.cpuUs, 'us')}/call CPU`,
        async run() {
          const cpu0 = process.cpuUsage();
          const t0 = performance.now();
          await pool(mode.n, mode.concurrency, call);
          const wall = performance.now() - t0;
          const cpu = process.cpuUsage(cpu0);
          return { ok: true, wallUs: (wall * 1000) / mode.n, cpuUs: (cpu.user + cpu.system) / mode.n, perS: mode.n / (wall / 1000) };
        },
      }));
      const rows = await alternate(contestants, { runs, log, label: `${mode.id} ` });
      groups.push({
        caption: `${mode.id}: ${mode.n} × GET /v1/pets/1${mode.concurrency > 1 ? `, ${mode.concurrency} in flight` : ', one at a time'}`,
        columns: [
          { key: 'wallUs', label: 'wall per call', unit: 'us' },
          { key: 'cpuUs', label: 'client CPU per call', unit: 'us' },
        ],
        ratios: [
          { metric: 'cpuUs', ref: 'undici.request', mode: 'row/ref', paired: true, label: 'CPU ÷ undici.request' },
          { metric: 'cpuUs', ref: 'node:http (keep-alive)', mode: 'row/ref', paired: true, label: 'CPU ÷ node:http' },
          { metric: 'cpuUs', ref: 'raw fetch', mode: 'row/ref', paired: true, label: 'CPU ÷ raw fetch' },
          { metric: 'cpuUs', ref: 'raw fetch + AbortController', mode: 'row/ref', paired: true, label: 'CPU ÷ raw fetch with a signal' },
        ],
        rows,
      });
    }
  } finally {
    await agent.close();
    httpAgent.destroy();
    await server.stop();
  }
  return {
    id: 'client',
    title: '5. Client overhead (Petstore getPet, 127.0.0.1)',
    intro:
      'Goals (issue 14): contractgen with default options on Node ≤ 1.3× undici.request CPU per call; the fetch path (`transport: \'fetch\'`) ≤ 1.1× raw fetch. contractgen rows call the generated per-operation function `getPet(api, …)` (the `Client` class row calls the same function through its method); on Node `@contractgen/runtime/client` resolves its Node build, whose default transport is `undici.request` (undici installed), `node:http` with a keep-alive agent otherwise (forced here with `transport: \'node:http\'`). The default per-attempt timeout (30 s) is on in every contractgen row. Every contestant runs in this process against the same plain `node:http` server (a child process answering a fixed pet), sends the API key, parses the JSON body and checks the status. "Wall per call" = batch time ÷ calls; "client CPU per call" = this process\'s user+system CPU ÷ calls (the server\'s CPU is not included), the truest measure of a client\'s own overhead. The generated `client.ts` is compiled with esbuild (packages external); retry + breaker = `retry: { count: 3 }` and a rolling-window circuit breaker (no retry ever fires here); hey-api = its generated SDK (fetch client) for the same spec. "raw fetch + AbortController" is raw fetch given a signal, as any fetch client that cancels on timeout must (contractgen\'s fetch path does, for its 30 s timeout): the floor for the fetch goal (fetch\'s own cost of following a signal). The undici.request row sends through its own `Agent` (keepAliveTimeout 60 s); contractgen uses undici\'s global dispatcher (a default `Agent`: the same pool, unlimited connections, no pipelining); paired runs measured the two dispatchers 0.91–1.08× of each other. Ratios are medians of the per-round ratios (rows alternate within each round, so a round\'s machine drift cancels out).',
    groups,
  };
}

/** hey-api's generated SDK for Petstore (fetch-based), compiled like ours; undefined when it cannot be built. */
async function heyApiClient(baseUrl) {
  try {
    const dir = await ensureOutput('petstore', 'hey-api');
    const entry = path.join(cacheDir, 'work', 'client', 'hey-entry.ts');
    mkdirSync(path.dirname(entry), { recursive: true });
    writeFileSync(entry, `export { client } from ${JSON.stringify(path.join(dir, 'client.gen.ts'))};\nexport * from ${JSON.stringify(path.join(dir, 'sdk.gen.ts'))};\n`);
    const sdk = await import(await compileForNode(entry, path.join(cacheDir, 'work', 'client', 'hey-sdk.mjs')));
    sdk.client.setConfig({ baseUrl });
    return typeof sdk.getPet === 'function' ? sdk : undefined;
  } catch {
    return undefined;
  }
}
