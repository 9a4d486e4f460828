// The stream bench's reader (bench/sections/stream.mjs starts it with --expose-gc): reads the SSE
// target's `GET /ticks?count=N` through the raw eventsource-parser loop and through the generated
// client, rows alternating (bench/lib/alternate.mjs), and prints the rows as JSON on stdout
// (progress on stderr). A process of its own so that no other section's heap (the full run's
// earlier sections) is collected during these rows, and each timed run starts after a full GC, so
// that no row pays for the garbage of the row before it.
//   node --expose-gc bench/apps/sse-reader.mjs '{"client":"….mjs","baseUrl":"http://127.0.0.1:…","count":N,"runs":R}'
import { performance } from 'node:perf_hooks';
import { createParser } from 'eventsource-parser';
import { Agent, request as undiciRequest } from 'undici';
import { alternate } from '../lib/alternate.mjs';
import { fmt } from '../lib/stats.mjs';

const { client: compiled, baseUrl, count, runs } = JSON.parse(process.argv[2]);
const gc = globalThis.gc;
if (typeof gc !== 'function') throw new Error('sse-reader.mjs needs --expose-gc');
const { Client } = await import(compiled);
const url = `${baseUrl}/ticks?count=${count}`;
const agent = new Agent({ keepAliveTimeout: 60_000 });
const client = new Client({ baseUrl, auth: { apiKey: 'bench' }, dispatcher: agent });
const defaultClient = new Client({ baseUrl, auth: { apiKey: 'bench' } });

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

const log = (msg) => console.error(msg);
try {
  const rows = await alternate(
    Object.entries(readers).map(([name, read]) => ({
      name,
      describe: (m) => `${fmt(m.perS, 'req/s')} events/s, ${fmt(m.cpuUs, 'us')} CPU/event`,
      async run() {
        gc(); // outside the timing: every run starts from a collected heap
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        await read();
        const wall = performance.now() - t0;
        const cpu = process.cpuUsage(cpu0);
        return { ok: true, perS: count / (wall / 1000), cpuUs: (cpu.user + cpu.system) / count };
      },
    })),
    // two warm-up rounds: the client's code path is longer than the raw loop's and is optimized later
    { runs, warmup: 2, log, label: 'stream ' },
  );
  process.stdout.write(`${JSON.stringify(rows)}\n`);
} finally {
  await agent.close();
}
