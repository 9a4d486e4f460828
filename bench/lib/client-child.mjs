// One client contestant per child process (bench/sections/client.mjs, bench/client-cpu.mjs): a
// contestant's CPU per call is then its process's own, not partly the garbage, timers and JIT state
// of the row that ran before it in a shared process (the fetch rows' GC made undici and contractgen
// rows spread 95–201 µs when all ran in one process). The parent keeps rounds paired: it asks each
// child in turn for one batch (`run`), so rows measured in one round are measured back to back.
//
//   parent: const c = await startContestant({ kind, baseUrl, ... }); await c.run(n, concurrency); await c.stop();
//   child:  node bench/lib/client-child.mjs '<spec JSON>'  (reads "n concurrency" lines, answers JSON lines)
//
// spec.kind: 'undici.request' | 'undici.request, global dispatcher' | 'undici dispatcher.request' | 'node:http (keep-alive)' | 'raw fetch' |
// 'raw fetch + AbortController' | 'openapi-fetch' | 'hey-api SDK' | 'contractgen'; for 'contractgen':
// spec.module (the bundled generated client), spec.options (createClient options besides baseUrl and the
// API key), spec.form ('function': getPet(api, …), 'class': new Client(…).getPet(…)); for 'hey-api SDK':
// spec.module (its bundled SDK). Every call is GET /v1/pets/1 with the API key, JSON parsed, status checked.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { API_KEY } from '../apps/pet-data.mjs';

const self = fileURLToPath(import.meta.url);

/** Starts the child for `spec`; resolves once its contestant has answered one check call. */
export function startContestant(spec) {
  const child = spawn(process.execPath, [self, JSON.stringify(spec)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err = (err + d).slice(-2000)));
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (line) => waiting.shift()?.resolve(line));
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`${spec.kind} child exited (${code}): ${err.trim().split('\n').slice(-3).join(' ')}`));
  });
  const ask = (text) =>
    new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
      child.stdin.write(`${text}\n`);
    }).then((line) => {
      const answer = JSON.parse(line);
      if (answer.error) throw new Error(answer.error);
      return answer;
    });
  const handle = {
    pid: child.pid,
    /** One batch of `n` calls, `concurrency` in flight: { ok, wallUs, cpuUs, perS } (the child's own CPU). */
    run: (n, concurrency) => ask(`${n} ${concurrency}`),
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done();
        const hard = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => {
          clearTimeout(hard);
          done();
        });
        child.stdin.end();
      }),
  };
  return handle.run(1, 1).then(
    () => handle,
    async (error) => {
      await handle.stop();
      throw error;
    },
  );
}

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

function check(status, body) {
  if (status !== 200 || body?.name !== 'Rex') throw new Error(`unexpected answer ${status} ${JSON.stringify(body)}`);
}

/** The contestant's call and its cleanup. */
async function contestant(spec) {
  const petUrl = `${spec.baseUrl}/pets/1`;
  const headers = { accept: 'application/json', 'x-api-key': API_KEY };
  switch (spec.kind) {
    case 'undici.request':
    case 'undici.request, global dispatcher': {
      const { Agent, request } = await import('undici');
      const agent = spec.kind === 'undici.request' ? new Agent({ keepAliveTimeout: 60_000 }) : undefined;
      const options = agent === undefined ? { headers } : { headers, dispatcher: agent };
      return {
        call: async () => {
          const r = await request(petUrl, options);
          check(r.statusCode, await r.body.json());
        },
        close: () => agent?.close(),
      };
    }
    // the floor under undici.request: undici's request API on the dispatcher, given origin and path
    // (what contractgen's undici transport calls; undici.request's URL wrapper costs more per call)
    case 'undici dispatcher.request': {
      const { Dispatcher, getGlobalDispatcher } = await import('undici');
      const { origin, pathname } = new URL(petUrl);
      const options = { origin, path: pathname, method: 'GET', headers };
      return {
        call: async () => {
          const r = await Dispatcher.prototype.request.call(getGlobalDispatcher(), options);
          check(r.statusCode, await r.body.json());
        },
      };
    }
    case 'node:http (keep-alive)': {
      const http = await import('node:http');
      const agent = new http.Agent({ keepAlive: true });
      return {
        call: () =>
          new Promise((resolve, reject) => {
            http
              .get(petUrl, { headers, agent }, (res) => {
                const chunks = [];
                res.on('data', (c) => chunks.push(c));
                res.on('end', () => {
                  try {
                    check(res.statusCode, JSON.parse(Buffer.concat(chunks).toString('utf8')));
                    resolve();
                  } catch (error) {
                    reject(error);
                  }
                });
              })
              .on('error', reject);
          }),
        close: () => agent.destroy(),
      };
    }
    case 'raw fetch':
      return {
        call: async () => {
          const r = await fetch(petUrl, { headers });
          check(r.status, await r.json());
        },
      };
    // the floor for a fetch client that can cancel on timeout: fetch has to follow a signal (an AbortController per call)
    case 'raw fetch + AbortController':
      return {
        call: async () => {
          const r = await fetch(petUrl, { headers, signal: new AbortController().signal });
          check(r.status, await r.json());
        },
      };
    case 'openapi-fetch': {
      const client = (await import('openapi-fetch')).default({ baseUrl: spec.baseUrl });
      return {
        call: async () => {
          const r = await client.GET('/pets/{petId}', { params: { path: { petId: 1 } }, headers: { 'x-api-key': API_KEY } });
          check(r.response.status, r.data);
        },
      };
    }
    case 'hey-api SDK': {
      const sdk = await import(spec.module);
      sdk.client.setConfig({ baseUrl: spec.baseUrl });
      return {
        call: async () => {
          const r = await sdk.getPet({ path: { petId: 1 }, headers: { 'x-api-key': API_KEY } });
          check(r.response.status, r.data);
        },
      };
    }
    case 'contractgen': {
      const generated = await import(spec.module);
      const options = { baseUrl: spec.baseUrl, auth: { apiKey: API_KEY }, ...spec.options };
      if (spec.form === 'class') {
        const client = new generated.Client(options);
        return {
          call: async () => {
            const r = await client.getPet({ path: { petId: 1 } });
            check(r.status, r.body);
          },
        };
      }
      const api = generated.createClient(options);
      return {
        call: async () => {
          const r = await generated.getPet(api, { path: { petId: 1 } });
          check(r.status, r.body);
        },
      };
    }
    default:
      throw new Error(`unknown contestant ${spec.kind}`);
  }
}

async function main() {
  const spec = JSON.parse(process.argv[2]);
  let made;
  try {
    made = await contestant(spec);
  } catch (error) {
    made = { error };
  }
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const [n, concurrency] = line.split(' ').map(Number);
    let answer;
    try {
      if (made.error) throw made.error;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await pool(n, concurrency, made.call);
      const wall = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      answer = { ok: true, wallUs: (wall * 1000) / n, cpuUs: (cpu.user + cpu.system) / n, perS: n / (wall / 1000) };
    } catch (error) {
      answer = { error: error?.message ?? String(error) };
    }
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  }
  await made.close?.();
  process.exit(0);
}

if (process.argv[1] === self) await main();
