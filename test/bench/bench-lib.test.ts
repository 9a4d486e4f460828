/**
 * The bench's own logic (bench/lib), without running a benchmark: the contestant order rotates
 * per round, the server pre-check compares the whole answer, and the history file is append-only.
 */
import { createServer, type Server } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alternate, roundOrder } from '../../bench/lib/alternate.mjs';
import { appendHistory, headlineCell } from '../../bench/lib/history.mjs';
import { precheck } from '../../bench/lib/precheck.mjs';
import { hasProcCpu, processCpuMs } from '../../bench/lib/proc-cpu.mjs';
import { ratioOf } from '../../bench/lib/table.mjs';
import { tmpDir } from '../helpers/generated.js';

describe('alternate', () => {
  it('rotates the order every round, warm-up included, so each contestant takes each position', async () => {
    const order: string[] = [];
    const contestant = (name: string) => ({ name, run: async () => (order.push(name), { ok: true, v: 1 }) });
    const rows = await alternate([contestant('A'), contestant('B'), contestant('C')], { runs: 2, warmup: 1 });
    expect(order.join(' ')).toBe('A B C B C A C A B');
    expect(rows.map((r: { name: string }) => r.name)).toEqual(['A', 'B', 'C']); // rows keep the contestants' order
    expect(rows.map((r: { stats: { v: { n: number } } }) => r.stats.v.n)).toEqual([2, 2, 2]); // warm-up not counted
  });

  it('skips a failed contestant in later rounds and keeps rotating the rest', async () => {
    const order: string[] = [];
    const make = (name: string, ok: boolean) => ({ name, retry: false, run: async () => (order.push(name), ok ? { ok: true, v: 1 } : { ok: false, reason: 'no' }) });
    const rows = await alternate([make('A', true), make('B', false), make('C', true)], { runs: 2, warmup: 0 });
    expect(order.join(' ')).toBe('A B C C A');
    expect(rows.map((r: { failed?: string }) => r.failed)).toEqual([undefined, 'no', undefined]);
  });

  it('roundOrder wraps around', () => {
    expect([0, 1, 2, 3, 4].map((i) => roundOrder(['a', 'b', 'c'], i).join(''))).toEqual(['abc', 'bca', 'cab', 'abc', 'bca']);
    expect(roundOrder([], 3)).toEqual([]);
  });
});

describe('server pre-check', () => {
  let server: Server;
  let url = '';
  let answer: { status: number; type: string; body: string } = { status: 200, type: 'application/json', body: '' };
  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  const sc = { request: { method: 'GET', path: '/v1/pets/1', headers: {} }, expect: { status: 200, body: { id: 1, name: 'Rex', tag: null } } };

  it.each([
    ['the contract answer (keys in any order)', 200, 'application/json; charset=utf-8', '{"name":"Rex","tag":null,"id":1}', undefined],
    ['a field the schema does not declare', 200, 'application/json', '{"id":1,"name":"Rex","tag":null,"secret":"x"}', /instead of \{"id":1/],
    ['a missing field', 200, 'application/json', '{"id":1,"name":"Rex"}', /instead of/],
    ['another status', 400, 'application/json', '{"id":1,"name":"Rex","tag":null}', /answers 400 instead of 200/],
    ['another media type', 200, 'text/plain', '{"id":1,"name":"Rex","tag":null}', /content-type "text\/plain"/],
    ['a body that is not JSON', 200, 'application/json', '{"id":', /not JSON/],
  ] as const)('%s', async (_name, status, type, body, problem) => {
    answer = { status, type, body };
    const verdict = await precheck(url, sc);
    if (problem === undefined) expect(verdict).toBeUndefined();
    else expect(verdict).toMatch(problem);
  });
});

describe('history', () => {
  const group = (caption: string, rows: Array<{ name: string; cpu?: number; failed?: string }>) => ({
    caption,
    columns: [{ key: 'cpu', label: 'CPU', unit: 'ms' }],
    ratios: [{ metric: 'cpu', ref: 'contractgen', mode: 'ref/row', label: 'contractgen ÷ this, CPU' }],
    rows: rows.map((r) => ({ name: r.name, failed: r.failed, stats: r.cpu === undefined ? {} : { cpu: { median: r.cpu, min: r.cpu, max: r.cpu, n: 1 } } })),
  });
  const results = [
    { id: 'generation', groups: [group('Petstore — 5 operations', [{ name: 'contractgen', cpu: 1 }]), group('GitHub — 845 operations', [{ name: 'contractgen', cpu: 8 }, { name: 'openapi-typescript', cpu: 10 }, { name: 'hey-api', failed: 'crashed' }])] },
    { id: 'watch', groups: [{ columns: [], rows: [{ name: 'one-line edit -> report line (incl. debounce)', stats: { ms: { median: 1010, min: 900, max: 1200, n: 5 } } }] }] },
  ];
  const headlines = [
    { label: 'GitHub CPU ÷ ots', section: 'generation', group: 'GitHub', row: 'openapi-typescript', ratio: 'contractgen ÷ this, CPU' },
    { label: 'GitHub CPU ÷ hey-api', section: 'generation', group: 'GitHub', row: 'hey-api', ratio: 'contractgen ÷ this, CPU' },
    { label: 'watch', section: 'watch', row: /^one-line edit/, metric: 'ms', unit: 'ms' },
    { label: 'server', section: 'server', group: 'GET', row: 'contractgen', ratio: 'req/s ÷ hand-written Fastify' },
  ];

  it('reads each headline from its cell: a ratio, a figure, failed, or – for a section that did not run', () => {
    expect(headlines.map((h) => headlineCell(results, h))).toEqual(['0.80×', 'failed', '1.01 s', '–']);
  });

  it('appends one row per run under one header, and starts a new table when the headlines change', async () => {
    const file = path.join(await tmpDir('bench-history'), 'HISTORY.md');
    const run = (date: string) => ({ date, commit: 'abc1234', runs: 5, load: ['1.00', '2.00'] });
    appendHistory(file, run('2026-12-01T00:00:00Z'), results, headlines);
    const first = await readFile(file, 'utf8');
    expect(first).toMatch(/^# Benchmark history\n[\s\S]*Do not edit by hand/);
    expect(first.trimEnd().split('\n').slice(-3)).toEqual([
      '| run (UTC) | commit | runs | load (start → end) | GitHub CPU ÷ ots | GitHub CPU ÷ hey-api | watch | server |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      '| 2026-12-01T00:00:00Z | abc1234 | 5 | 1.00 → 2.00 | 0.80× | failed | 1.01 s | – |',
    ]);
    appendHistory(file, run('2026-12-02T00:00:00Z'), results, headlines);
    const second = await readFile(file, 'utf8');
    expect(second.startsWith(first)).toBe(true); // append-only
    expect(second.slice(first.length)).toBe('| 2026-12-02T00:00:00Z | abc1234 | 5 | 1.00 → 2.00 | 0.80× | failed | 1.01 s | – |\n');
    appendHistory(file, run('2026-12-03T00:00:00Z'), results, headlines.slice(0, 1));
    const third = await readFile(file, 'utf8');
    expect(third.startsWith(second)).toBe(true);
    expect(third.slice(second.length)).toBe(
      '\n| run (UTC) | commit | runs | load (start → end) | GitHub CPU ÷ ots |\n| --- | --- | ---: | ---: | ---: |\n| 2026-12-03T00:00:00Z | abc1234 | 5 | 1.00 → 2.00 | 0.80× |\n',
    );
  });

  it('a file someone left without a final newline still gets whole rows', async () => {
    const file = path.join(await tmpDir('bench-history'), 'HISTORY.md');
    await writeFile(file, '# Benchmark history');
    appendHistory(file, { date: 'd', commit: 'c', runs: 1, load: ['0', '0'] }, results, headlines.slice(0, 1));
    expect((await readFile(file, 'utf8')).split('\n').slice(0, 3)).toEqual(['# Benchmark history', '', '| run (UTC) | commit | runs | load (start → end) | GitHub CPU ÷ ots |']);
  });
});

describe('paired ratios and CPU per process', () => {
  const row = (name: string, xs: number[]) => ({ name, samples: xs.map((v) => ({ v })), stats: { v: { median: [...xs].sort((a, b) => a - b)[xs.length >> 1], min: 0, max: 0, n: xs.length } } });
  it('paired: the median of per-round ratios (a round that is slow for both cancels out), not the ratio of medians', () => {
    // round 2 is 3x slower for both: per-round ratios 2, 2, 2 → 2; medians 20 / 30 → 0.67
    const group = { rows: [row('ref', [10, 30, 12]), row('x', [20, 60, 24])] };
    expect(ratioOf(group, group.rows[1], { metric: 'v', ref: 'ref', mode: 'row/ref', paired: true })).toBe(2);
    expect(ratioOf(group, group.rows[1], { metric: 'v', ref: 'ref', mode: 'ref/row', paired: true })).toBe(0.5);
    expect(ratioOf(group, group.rows[1], { metric: 'v', ref: 'ref', mode: 'row/ref' })).toBe(2);
    // not one sample per round each (a row that failed midway): the ratio of medians
    const uneven = { rows: [row('ref', [10, 30, 12]), row('x', [20, 24])] };
    expect(ratioOf(uneven, uneven.rows[1], { metric: 'v', ref: 'ref', mode: 'row/ref', paired: true })).toBe(24 / 12);
  });

  it.runIf(hasProcCpu)('processCpuMs agrees with the CPU clock Node reports for the same process', () => {
    const before = processCpuMs(process.pid) as number;
    const start = process.cpuUsage();
    let x = 0;
    // spend 200 ms of CPU (by Node's own clock, whatever the machine's load)
    while ((process.cpuUsage(start).user + process.cpuUsage(start).system) / 1000 < 200) x += Math.sqrt(x + 1);
    expect(x).toBeGreaterThan(0);
    // /proc counts in clock ticks (10 ms): at least the 200 ms less two ticks
    expect((processCpuMs(process.pid) as number) - before).toBeGreaterThanOrEqual(180);
  });
});
