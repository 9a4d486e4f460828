// 7. Streams: SSE events per second through the generated client's `events` (the stream-3.2
// fixture's streamTicks: typed events, data parsed as JSON) against a raw eventsource-parser loop
// doing the same work (undici.request, TextDecoder, createParser, JSON.parse of each data) on the
// same local server (a child process). Goal (issue 18): the client at >= 0.9x the raw loop.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createParser } from 'eventsource-parser';
import { Agent, request as undiciRequest } from 'undici';
import { alternate } from '../lib/alternate.mjs';
import { compileForNode } from '../lib/compile.mjs';
import { benchDir, root, workDir } from '../lib/paths.mjs';
import { startServer } from '../lib/servers.mjs';
import { fmt } from '../lib/stats.mjs';

export async function benchStream({ quick, runs, log }) {
  const compiled = await compileForNode(path.join(root, 'test/golden/stream-3.2/client.ts'), path.join(workDir('stream'), 'stream-client.mjs'));
  const { Client } = await import(compiled);
  const server = await startServer(path.join(benchDir, 'apps', 'sse-target.mjs'));
  const count = quick ? 20_000 : 100_000;
  const url = `${server.url}/ticks?count=${count}`;
  const agent = new Agent({ keepAliveTimeout: 60_000 });
  const client = new Client({ baseUrl: server.url, auth: { apiKey: 'bench' }, dispatcher: agent });
  const defaultClient = new Client({ baseUrl: server.url, auth: { apiKey: 'bench' } });

  const check = (name, n, sum) => {
    if (n !== count || sum !== (count * (count - 1)) / 2) throw new Error(`${name}: got ${n} events (seq sum ${sum}), expected ${count}`);
  };
  /** Every event through a generated client, summed as the raw loop sums them. */
  const readEvents = async (api) => {
    const res = await api.streamTicks({ query: { count } });
    let n = 0;
    let sum = 0;
    for await (const e of res.events) {
      sum += e.data.seq;
      n++;
    }
    check('contractgen', n, sum);
  };
  const readers = {
    'raw eventsource-parser loop': async () => {
      const res = await undiciRequest(url, { dispatcher: agent, headers: { accept: 'text/event-stream' } });
      let n = 0;
      let sum = 0;
      const parser = createParser({
        onEvent: (e) => {
          const data = JSON.parse(e.data);
          sum += data.seq;
          n++;
        },
      });
      const decoder = new TextDecoder();
      for await (const chunk of res.body) parser.feed(decoder.decode(chunk, { stream: true }));
      check('raw', n, sum);
    },
    // the same loop handing its events out as an AsyncIterable (what a typed client must do): one
    // promise per event for the consumer's `for await`, the floor any iterator pays
    'raw loop as an async generator': async () => {
      const res = await undiciRequest(url, { dispatcher: agent, headers: { accept: 'text/event-stream' } });
      async function* events() {
        let queue = [];
        const parser = createParser({ onEvent: (e) => queue.push({ data: JSON.parse(e.data), event: e.event, id: e.id }) });
        const decoder = new TextDecoder();
        for await (const chunk of res.body) {
          parser.feed(decoder.decode(chunk, { stream: true }));
          const ready = queue;
          queue = [];
          yield* ready;
        }
      }
      let n = 0;
      let sum = 0;
      for await (const e of events()) {
        sum += e.data.seq;
        n++;
      }
      check('raw generator', n, sum);
    },
    'contractgen client events (undici dispatcher)': () => readEvents(client),
    'contractgen client events (default Node transport)': () => readEvents(defaultClient),
  };
  let rows;
  try {
    log(`stream: ${count} SSE events per run`);
    rows = await alternate(
      Object.entries(readers).map(([name, read]) => ({
        name,
        describe: (m) => `${fmt(m.perS, 'req/s')} events/s, ${fmt(m.cpuUs, 'us')} CPU/event`,
        async run() {
          const cpu0 = process.cpuUsage();
          const t0 = performance.now();
          await read();
          const wall = performance.now() - t0;
          const cpu = process.cpuUsage(cpu0);
          return { ok: true, perS: count / (wall / 1000), cpuUs: (cpu.user + cpu.system) / count };
        },
      })),
      { runs, log, label: 'stream ' },
    );
  } finally {
    await agent.close();
    await server.stop();
  }
  return {
    id: 'stream',
    title: '7. Streams: SSE events/s (stream-3.2 streamTicks, 127.0.0.1)',
    intro:
      'One GET per run reads every event of a prepared `text/event-stream` body from a plain `node:http` child process. The raw loop is what a hand-written client does: `undici.request`, a streaming TextDecoder, eventsource-parser and `JSON.parse` of each `data`. The contractgen rows iterate the generated client\'s typed `events` (the same parser, plus the typed event objects, id tracking for Last-Event-ID and the abort checks). "raw loop as an async generator" is the raw loop handing its events out through an async generator: an AsyncIterable costs the consumer a promise per event (0.12–0.15 µs measured in-process), which the callback loop does not pay. Both ratios are paired (the median of the per-round ratios: the rows alternate); "events per CPU-s" divides the client process\'s own CPU time per event (user + sys; the server is a child process), the figure machine load moves least — events/s is wall time, which on a shared machine measures the scheduler as much as the client. Goal (issue 18): events/s ≥ 0.9× the raw loop.',
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
