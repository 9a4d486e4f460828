// 7. Streams: SSE events per second through the generated client's `events` (the stream-3.2
// fixture's streamTicks: typed events, data parsed as JSON) against a raw eventsource-parser loop
// doing the same work (undici.request, TextDecoder, createParser, JSON.parse of each data) on the
// same local server (a child process). Goal (issue 18): the client at >= 0.9x the raw loop.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { compileForNode } from '../lib/compile.mjs';
import { benchDir, root, workDir } from '../lib/paths.mjs';
import { startServer } from '../lib/servers.mjs';

/** The rows, measured by bench/apps/sse-reader.mjs in a process of its own (fresh heap, a GC before each run). */
function readInChild(config, log) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', path.join(benchDir, 'apps', 'sse-reader.mjs'), JSON.stringify(config)], {
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => {
      err += d;
      const lines = err.split('\n');
      err = lines.pop();
      for (const line of lines) log(line);
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`sse-reader.mjs exited with ${code}: ${err.trim().slice(-300)}`));
      try {
        resolve(JSON.parse(out));
      } catch (error) {
        reject(new Error(`sse-reader.mjs printed no rows: ${out.slice(0, 200)}`, { cause: error }));
      }
    });
  });
}

export async function benchStream({ quick, runs, log }) {
  const compiled = await compileForNode(path.join(root, 'test/golden/stream-3.2/client.ts'), path.join(workDir('stream'), 'stream-client.mjs'));
  const server = await startServer(path.join(benchDir, 'apps', 'sse-target.mjs'));
  // ~0.15 s per run at ~0.6 µs per event: long enough that a scheduler hiccup on a shared machine is
  // a small part of a run; the rounds are cheap, so there are at least 15 of them (the paired ratio is their median: at load ~10 single rounds spread 0.5–1.2×)
  const count = quick ? 50_000 : 250_000;
  const rounds = quick ? runs : Math.max(runs, 15);
  let rows;
  try {
    log(`stream: ${count} SSE events per run, ${rounds} rounds`);
    rows = await readInChild({ client: compiled, baseUrl: server.url, count, runs: rounds }, log);
  } finally {
    await server.stop();
  }
  return {
    id: 'stream',
    title: '7. Streams: SSE events/s (stream-3.2 streamTicks, 127.0.0.1)',
    intro:
      'One GET per run reads every event of a prepared `text/event-stream` body from a plain `node:http` child process. The raw loop is what a hand-written client does: `undici.request`, a streaming TextDecoder, eventsource-parser and `JSON.parse` of each `data`. The contractgen rows iterate the generated client\'s typed `events` (the same parser, plus the typed event objects, id tracking for Last-Event-ID and the abort checks). "raw loop as an async generator" is the raw loop handing its events out through an async generator: an AsyncIterable costs the consumer a promise per event (0.12–0.15 µs measured in-process), which the callback loop does not pay. The rows are read in a process of their own (bench/apps/sse-reader.mjs: no other section\'s heap is collected during them) after two warm-up rounds, each run after a full GC outside its timing (no row pays for the garbage of the row before it), at least 15 rounds. Both ratios are paired (the median of the per-round ratios: the rows alternate); "events per CPU-s" divides the client process\'s own CPU time per event (user + sys; the server is another process), the figure machine load moves least — events/s is wall time, which on a shared machine measures the scheduler as much as the client. Goal (issue 18): events/s ≥ 0.9× the raw loop.',
    groups: [
      {
        caption: `${count} events per run (event, id, JSON data)`,
        columns: [
          { key: 'perS', label: 'events/s', unit: 'req/s' },
          { key: 'cpuUs', label: 'client CPU per event', unit: 'us' },
        ],
        // paired: the median of the per-round ratios (the rows alternate round by round), so the machine's drift cancels;
        // the CPU ratio is the client's own events per CPU-second (the server is a child process), the figure load moves least
        ratios: [
          { metric: 'perS', ref: 'raw eventsource-parser loop', mode: 'row/ref', paired: true, label: 'events/s ÷ raw loop' },
          { metric: 'cpuUs', ref: 'raw eventsource-parser loop', mode: 'ref/row', paired: true, label: 'events per CPU-s ÷ raw loop' },
        ],
        rows,
      },
    ],
  };
}
