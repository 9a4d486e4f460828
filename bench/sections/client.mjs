// 5. Client overhead: N calls through contractgen's Client vs raw fetch, undici.request and
// openapi-fetch against the same local server (a child process), sequential and concurrent.
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
  const { Client } = await import(compiled);
  const server = await startServer(path.join(benchDir, 'apps', 'target-http.mjs'));
  const baseUrl = `${server.url}/v1`;
  const petUrl = `${baseUrl}/pets/1`;
  const headers = { accept: 'application/json', 'x-api-key': API_KEY };
  const agent = new Agent({ keepAliveTimeout: 60_000 });

  const ours = new Client({ baseUrl, auth: { apiKey: API_KEY } });
  const oursUndici = new Client({ baseUrl, auth: { apiKey: API_KEY }, dispatcher: agent });
  const oursResilient = new Client({
    baseUrl,
    auth: { apiKey: API_KEY },
    retry: { count: 3, interval: 50 },
    circuitBreaker: { rollingWindow: { timeWindow: 10_000, bucketSize: 1_000, requestVolumeThreshold: 10 }, failureThreshold: 0.5, resetTime: 5_000 },
  });
  const oursResilientUndici = new Client({
    baseUrl,
    auth: { apiKey: API_KEY },
    dispatcher: agent,
    retry: { count: 3, interval: 50 },
    circuitBreaker: { rollingWindow: { timeWindow: 10_000, bucketSize: 1_000, requestVolumeThreshold: 10 }, failureThreshold: 0.5, resetTime: 5_000 },
  });
  const openapiFetch = createOpenapiFetch({ baseUrl });

  const check = (name, status, body) => {
    if (status !== 200 || body?.name !== 'Rex') throw new Error(`${name}: unexpected answer ${status} ${JSON.stringify(body)}`);
  };
  // Each call: one GET /v1/pets/1 with the API key, JSON body parsed, status checked.
  const calls = {
    'raw fetch': async () => {
      const r = await fetch(petUrl, { headers });
      check('fetch', r.status, await r.json());
    },
    'undici.request': async () => {
      const r = await undiciRequest(petUrl, { headers, dispatcher: agent });
      check('undici', r.statusCode, await r.body.json());
    },
    'openapi-fetch': async () => {
      const r = await openapiFetch.GET('/pets/{petId}', { params: { path: { petId: 1 } }, headers: { 'x-api-key': API_KEY } });
      check('openapi-fetch', r.response.status, r.data);
    },
    contractgen: async () => {
      const r = await ours.getPet({ path: { petId: 1 } });
      check('contractgen', r.status, r.body);
    },
    'contractgen + retry + breaker': async () => {
      const r = await oursResilient.getPet({ path: { petId: 1 } });
      check('contractgen', r.status, r.body);
    },
    'contractgen, undici dispatcher': async () => {
      const r = await oursUndici.getPet({ path: { petId: 1 } });
      check('contractgen', r.status, r.body);
    },
    'contractgen, undici dispatcher + retry + breaker': async () => {
      const r = await oursResilientUndici.getPet({ path: { petId: 1 } });
      check('contractgen', r.status, r.body);
    },
  };

  const modes = [
    { id: 'sequential', n: quick ? 200 : 3000, concurrency: 1 },
    { id: 'concurrent', n: quick ? 600 : 10_000, concurrency: 32 },
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
          { metric: 'wallUs', ref: 'raw fetch', mode: 'row/ref', label: 'wall ÷ raw fetch' },
          { metric: 'cpuUs', ref: 'raw fetch', mode: 'row/ref', label: 'CPU ÷ raw fetch' },
        ],
        rows,
      });
    }
  } finally {
    await agent.close();
    await server.stop();
  }
  return {
    id: 'client',
    title: '5. Client overhead (Petstore getPet, 127.0.0.1)',
    intro:
      'Every contestant runs in this process against the same plain `node:http` server (a child process answering a fixed pet), sends the API key, parses the JSON body and checks the status. "Wall per call" = batch time ÷ calls; "client CPU per call" = this process\'s user+system CPU ÷ calls (the server\'s CPU is not included), the truest measure of a client\'s own overhead. The contractgen Client is the generated `client.ts` compiled with esbuild; "undici dispatcher" rows pass `dispatcher: new Agent()` (the Node path, `undici.request`); retry + breaker = `retry: { count: 3 }` and a rolling-window circuit breaker (no retry ever fires here).',
    groups,
  };
}
