// 4. Server throughput: the generated Petstore server vs hand-written Fastify with the same
// routes and schemas vs openapi-backend and fastify-openapi-glue serving the same spec.
// Each server runs in its own child process; autocannon drives it from this process.
import path from 'node:path';
import autocannon from 'autocannon';
import { alternate } from '../lib/alternate.mjs';
import { precheck } from '../lib/precheck.mjs';
import { compileForNode } from '../lib/compile.mjs';
import { benchDir, cacheDir } from '../lib/paths.mjs';
import { startServer } from '../lib/servers.mjs';
import { spec } from '../lib/specs.mjs';
import { processCpuMs } from '../lib/proc-cpu.mjs';
import { fmt } from '../lib/stats.mjs';
import { API_KEY, createdOnTheWire, newPet, petOnTheWire } from '../apps/pet-data.mjs';
import { ensureOutput } from './generation.mjs';

const app = (name) => path.join(benchDir, 'apps', name);

/** Hand-written Fastify doing what createListener does by default too (timeouts, a warn-level logger). */
const SAME = 'hand-written Fastify, same listener defaults';

export const SCENARIOS = [
  {
    id: 'get',
    caption: 'GET /v1/pets/{petId} — path parameter coerced + validated, API key checked, JSON response serialized by schema',
    request: { method: 'GET', path: '/v1/pets/1', headers: { 'x-api-key': API_KEY } },
    expect: { status: 200, body: petOnTheWire },
  },
  {
    id: 'post',
    caption: 'POST /v1/pets — JSON body parsed + validated against the write schema, API key checked, 201 serialized',
    request: {
      method: 'POST',
      path: '/v1/pets',
      headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify(newPet),
    },
    expect: { status: 201, body: createdOnTheWire },
  },
];

/** autocannon for `durationS` seconds, or for `amount` requests when given. */
export function cannon(url, req, durationS, connections, amount) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url: url + req.path, method: req.method, headers: req.headers, body: req.body, connections, pipelining: 1, ...(amount ? { amount } : { duration: durationS }) },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
  });
}

/**
 * One measured run against a started server: req/s and p99 from autocannon, and the server's CPU
 * (user + system, all its threads) per request from /proc — the steadier figure on a loaded machine.
 */
export async function measureServer(srv, sc, { durationS, connections, amount }) {
  const before = processCpuMs(srv.pid);
  const res = await cannon(srv.url, sc.request, durationS, connections, amount);
  const after = processCpuMs(srv.pid);
  const bad = res.non2xx + res.errors + res.timeouts;
  if (bad > 0) return { ok: false, reason: `${res.non2xx} non-2xx, ${res.errors} errors, ${res.timeouts} timeouts under load` };
  const out = { ok: true, rps: res.requests.average, p99: res.latency.p99, meanMs: res.latency.mean };
  if (before !== undefined && after !== undefined && res.requests.total > 0) out.cpuUs = ((after - before) * 1000) / res.requests.total;
  return out;
}

/** The benchmarked servers (name, script, args, env). */
export function serverList({ compiled, petstore, quick = false }) {
  return [
    { name: 'hand-written Fastify', script: app('server-fastify.mjs'), args: [] },
    { name: SAME, script: app('server-fastify.mjs'), args: [], env: { CG_SAME_DEFAULTS: '1' } },
    { name: 'contractgen', script: app('server-contractgen.mjs'), args: [compiled] },
    ...(quick ? [] : [{ name: 'contractgen, validateResponses on', script: app('server-contractgen.mjs'), args: [compiled], env: { CG_VALIDATE_RESPONSES: '1' } }]),
    { name: 'openapi-backend (on Fastify)', script: app('server-openapi-backend.mjs'), args: [petstore] },
    { name: 'fastify-openapi-glue', script: app('server-openapi-glue.mjs'), args: [petstore] },
  ];
}

/** The generated Petstore server, compiled for Node. */
export async function compiledPetstoreServer() {
  const out = await ensureOutput('petstore', 'contractgen');
  return compileForNode(path.join(out, 'server.ts'), path.join(cacheDir, 'work', 'server', 'petstore-server.mjs'));
}

/** Rounds of the server section: at least 7 in a full run (POST spread 15–35k req/s between rounds over 3). */
export const serverRuns = (runs, quick) => (quick ? runs : Math.max(runs, 7));

export async function benchServer({ quick, runs: asked, log }) {
  const runs = serverRuns(asked, quick);
  const durationS = quick ? 1 : 5;
  const connections = 10;
  const petstore = spec('petstore').file;
  const compiled = await compiledPetstoreServer();
  const servers = serverList({ compiled, petstore, quick });

  const groups = [];
  for (const sc of SCENARIOS) {
    log(`server: ${sc.id}`);
    const started = [];
    try {
      const contestants = [];
      for (const s of servers) {
        let srv;
        let startError;
        try {
          srv = await startServer(s.script, s.args, { env: s.env });
          started.push(srv);
        } catch (e) {
          startError = e.message;
        }
        // One real request first: a server whose answer is not the contract's is reported, not measured.
        const wrong = srv ? await precheck(srv.url, sc) : undefined;
        contestants.push({
          name: s.name,
          describe: (m) => `${fmt(m.rps, 'req/s')} req/s, p99 ${m.p99} ms${m.cpuUs === undefined ? '' : `, ${fmt(m.cpuUs, 'us')} CPU/request`}`,
          async run() {
            if (startError) return { ok: false, reason: `did not start: ${startError}` };
            if (wrong) return { ok: false, reason: wrong };
            return measureServer(srv, sc, { durationS, connections });
          },
        });
      }
      const rows = await alternate(contestants, { runs, log, label: `${sc.id} ` });
      groups.push({
        caption: sc.caption,
        columns: [
          { key: 'rps', label: 'requests/s', unit: 'req/s' },
          { key: 'p99', label: 'p99 latency', unit: 'ms' },
          { key: 'cpuUs', label: 'server CPU per request', unit: 'us' },
        ],
        ratios: [
          { metric: 'rps', ref: 'hand-written Fastify', mode: 'row/ref', paired: true, label: 'req/s ÷ hand-written Fastify' },
          { metric: 'rps', ref: SAME, mode: 'row/ref', paired: true, label: 'req/s ÷ same defaults' },
          { metric: 'cpuUs', ref: 'hand-written Fastify', mode: 'ref/row', paired: true, label: 'CPU efficiency vs hand-written Fastify' },
        ],
        rows,
      });
    } finally {
      await Promise.all(started.map((s) => s.stop()));
    }
  }
  return {
    id: 'server',
    title: '4. Server throughput (Petstore, 127.0.0.1)',
    intro: `autocannon, ${connections} connections, no pipelining, ${durationS} s per run, ${runs} rounds after a warm-up (at least 7: on a loaded machine a round's req/s swings by 2×), contestants rotating; ratios are medians of per-round ratios. Server CPU per request is the server process's user + system time (every thread, /proc) over the run ÷ its requests: steadier than req/s when other work shares the cores; its ratio is hand-written Fastify's CPU per request ÷ the row's (higher is better). Every server in its own process with \`NODE_ENV=production\`, answering the same pet (whose handler object also carries a \`secret\` field the schema does not declare). contractgen's server is the generated \`server.ts\` (compiled with esbuild) on \`createListener\` with its defaults (timeouts, a \`warn\`-level logger that logs nothing here), \`validateResponses: false\` unless the row says otherwise (its default outside production is on). The hand-written Fastify app declares the same params/body/response JSON schemas and checks the API key in an \`onRequest\` hook; it runs with Fastify's defaults (no connection or request timeout) and logging off, and once more as "${SAME}": the listener timeouts of contractgen's \`createListener\` (request 30 s, headers 10 s, keep-alive 72 s, connection 120 s) and a pino logger at \`warn\` without request lines, which is what contractgen runs by default — the second ratio column compares with that row. openapi-backend is mounted on Fastify (one wildcard route) and sends \`JSON.stringify\` output (no response schema). Before measuring, one request per server is checked against the contract: status, a JSON content type and exactly the documented body (so no \`secret\`); a server that answers otherwise is listed as failed with its answer, not measured.`,
    groups,
  };
}
