// The headline figures of a full run (the targets in docs/bench.md), appended as one row to
// bench/HISTORY.md, so a reader sees the trend across runs. Append-only: a run never rewrites
// earlier rows; when the list of headlines changes, a new table (new header) starts below.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fmt, fmtRatio } from './stats.mjs';
import { ratioOf } from './table.mjs';

/**
 * Each headline names a cell of RESULTS.md: the section, the group (its caption starts with
 * `group`; omitted = the first group), the row, and either a ratio column (by label) or a metric.
 */
export const HEADLINES = [
  { label: 'GitHub gen. CPU ÷ openapi-typescript', section: 'generation', group: 'GitHub', row: 'openapi-typescript', ratio: 'contractgen ÷ this, CPU' },
  { label: 'Stripe gen. CPU ÷ openapi-typescript', section: 'generation', group: 'Stripe', row: 'openapi-typescript', ratio: 'contractgen ÷ this, CPU' },
  { label: 'GitHub gen. CPU ÷ hey-api', section: 'generation', group: 'GitHub', row: 'hey-api', ratio: 'contractgen ÷ this, CPU' },
  { label: 'GitHub gen. RSS ÷ openapi-typescript', section: 'generation', group: 'GitHub', row: 'openapi-typescript', ratio: 'contractgen ÷ this, RSS' },
  { label: 'watch: edit → written', section: 'watch', row: /^(one-line edit|regeneration after)/, metric: 'ms', unit: 'ms' },
  { label: 'tsc7 CPU ÷ openapi-typescript', section: 'typecheck', group: 'TypeScript 7', row: 'openapi-typescript', ratio: 'contractgen ÷ this, CPU' },
  { label: 'server GET ÷ Fastify', section: 'server', group: 'GET', row: 'contractgen', ratio: 'req/s ÷ hand-written Fastify' },
  { label: 'server POST ÷ Fastify', section: 'server', group: 'POST', row: 'contractgen', ratio: 'req/s ÷ hand-written Fastify' },
  { label: 'client CPU ÷ undici.request (Node default)', section: 'client', group: 'sequential', row: /^contractgen \(default/, ratio: 'CPU ÷ undici.request' },
  { label: 'client CPU ÷ fetch, fetch path', section: 'client', group: 'sequential', row: 'contractgen, fetch', ratio: 'CPU ÷ raw fetch' },
  { label: 'one-op bundle gzip ÷ openapi-fetch', section: 'bundle', group: 'GitHub', row: /^contractgen: createClient/, ratio: 'at start ÷ openapi-fetch (gzip)' },
];

const matches = (pattern, name) => (typeof pattern === 'string' ? name === pattern : pattern.test(name));

/** The text of one headline's cell in `results` (the sections of a run): a figure, `failed` or `–`. */
export function headlineCell(results, h) {
  const section = results.find((s) => s.id === h.section);
  const group = h.group === undefined ? section?.groups[0] : section?.groups.find((g) => g.caption?.startsWith(h.group));
  const row = group?.rows.find((r) => matches(h.row, r.name));
  if (!row) return '–';
  if (row.failed && !Object.values(row.stats ?? {}).some(Boolean)) return 'failed';
  if (h.metric) return fmt(row.stats?.[h.metric]?.median, h.unit);
  const ratio = group.ratios?.find((r) => r.label === h.ratio);
  return ratio ? fmtRatio(ratioOf(group, row, ratio)) : '–';
}

const INTRO = [
  '# Benchmark history',
  '',
  'One row per full `npm run bench`, appended by the run itself (bench/lib/history.mjs): the headline',
  'figures of that run\'s [RESULTS.md](RESULTS.md), oldest first. Do not edit by hand. Ratios read as in',
  'RESULTS.md: "÷ openapi-typescript / hey-api / openapi-fetch" is contractgen\'s CPU, RSS or size divided',
  'by that tool\'s (below 1.00× = contractgen uses less); "server ÷ Fastify" is contractgen\'s req/s divided',
  'by hand-written Fastify\'s (above 1.00× = faster); "client ÷ fetch" is contractgen\'s CPU per call',
  'divided by raw fetch\'s. CPU and RSS are the stable figures; compare the load column before reading',
  'a change in wall-time figures (watch) as a change in the code. See [docs/bench.md](../docs/bench.md).',
  '',
];

const line = (cells) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;

/**
 * Appends one run to `file` (created with its intro when missing). `run` = { date, commit, runs,
 * load: [start, end] }. Starts a new table when the last header is not the current one.
 */
export function appendHistory(file, run, results, headlines = HEADLINES) {
  const head = line(['run (UTC)', 'commit', 'runs', 'load (start → end)', ...headlines.map((h) => h.label)]);
  const rule = line(['---', '---', '---:', '---:', ...headlines.map(() => '---:')]);
  const row = line([run.date, run.commit, run.runs, `${run.load[0]} → ${run.load[1]}`, ...headlines.map((h) => headlineCell(results, h))]);
  if (!existsSync(file)) writeFileSync(file, INTRO.join('\n'));
  const text = readFileSync(file, 'utf8');
  const lastHead = text.split('\n').filter((l) => l.startsWith('| run (UTC) |')).at(-1);
  const sep = text.endsWith('\n') ? '' : '\n';
  appendFileSync(file, lastHead === head ? `${sep}${row}\n` : `${sep}\n${head}\n${rule}\n${row}\n`);
}
