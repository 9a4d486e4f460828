// 1. Generation: each tool as its own process (cold start included, as a user runs it),
// wall time, CPU time (user + system) and peak RSS, medians over alternating runs.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { alternate } from '../lib/alternate.mjs';
import { bin, cacheDir } from '../lib/paths.mjs';
import { runMeasured } from '../lib/proc.mjs';
import { describeSpec, spec } from '../lib/specs.mjs';
import { fmt } from '../lib/stats.mjs';

/** Where the last successful output of a tool for a spec is kept (read by later sections). */
export function outputDir(specId, tool) {
  return path.join(cacheDir, 'work', 'out', specId, tool);
}

export const TOOLS = {
  contractgen: {
    what: 'types + server + client',
    cmd: (s, out) => [bin.codegen, 'generate', s.file, '-o', out, '--quiet'],
  },
  'openapi-typescript': {
    what: 'types only',
    cmd: (s, out) => [bin.openapiTypescript, s.file, '-o', path.join(out, 'types.ts')],
  },
  'hey-api': {
    what: 'types + SDK (fetch client)',
    cmd: (s, out) => [bin.heyApi, '-i', s.file, '-o', out],
  },
  orval: {
    what: 'fetch client',
    cmd: (s, out) => [bin.orval, '--input', s.file, '--output', path.join(out, 'api.ts'), '--client', 'fetch'],
  },
};

/** Generates once (unmeasured) when a later section needs an output the generation section did not leave. */
export async function ensureOutput(specId, tool, extraArgs = []) {
  const dir = outputDir(specId, tool);
  if (existsSync(dir) && extraArgs.length === 0) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = await runMeasured(bin.node, [...TOOLS[tool].cmd(spec(specId), dir), ...extraArgs], { cwd: dir });
  if (!r.ok) throw new Error(`${tool} failed on ${specId}: ${r.reason}`);
  return dir;
}

export async function benchGeneration({ specs, runs, log, timeoutMs, quick }) {
  const groups = [];
  for (const specId of specs) {
    const s = spec(specId);
    const caption = `${s.name} — ${await describeSpec(s)}`;
    log(`generation: ${caption}`);
    // contractgen's CLI keeps a compile cache (V8 code cache, Ajv standalone code, Prettier
    // results) across runs; the warm-up fills it. The extra Petstore row shows a run without it
    // (what the very first run on a machine costs).
    const entries = Object.entries(TOOLS).map(([name, tool]) => [name, tool, undefined]);
    if (specId === 'petstore') entries.push(['contractgen, compile cache off', { ...TOOLS.contractgen, what: 'CONTRACTGEN_COMPILE_CACHE=0' }, { CONTRACTGEN_COMPILE_CACHE: '0' }]);
    const contestants = entries.map(([name, tool, env]) => {
      const scratch = path.join(cacheDir, 'work', 'gen-scratch', specId, name.replace(/[^a-z0-9-]+/gi, '-'));
      return {
        name,
        meta: tool.what,
        describe: (m) => `${fmt(m.wallMs, 'ms')} wall, ${fmt(m.cpuMs, 'ms')} CPU, ${fmt(m.rssMB, 'MB')}`,
        async run() {
          rmSync(scratch, { recursive: true, force: true });
          mkdirSync(scratch, { recursive: true });
          // cwd = the (empty) output dir, so no tool picks up a config file from the repo.
          const r = await runMeasured(bin.node, tool.cmd(s, scratch), { cwd: scratch, timeoutMs, ...(env ? { env } : {}) });
          if (r.ok && !env) {
            const keep = outputDir(specId, name);
            rmSync(keep, { recursive: true, force: true });
            mkdirSync(path.dirname(keep), { recursive: true });
            cpSync(scratch, keep, { recursive: true });
          }
          return { ok: r.ok, reason: r.reason, wallMs: r.wallMs, cpuMs: r.cpuMs, rssMB: r.rssMB };
        },
      };
    });
    // --quick skips the warm-up round here (each run is a fresh process anyway).
    const rows = await alternate(contestants, { runs, warmup: quick ? 0 : 1, log, label: `${s.name} ` });
    groups.push({
      caption,
      columns: [
        { key: 'wallMs', label: 'wall', unit: 'ms' },
        { key: 'cpuMs', label: 'CPU (user+sys)', unit: 'ms' },
        { key: 'rssMB', label: 'peak RSS', unit: 'MB' },
      ],
      ratios: [
        { metric: 'cpuMs', ref: 'contractgen', mode: 'ref/row', label: 'contractgen ÷ this, CPU' },
        { metric: 'rssMB', ref: 'contractgen', mode: 'ref/row', label: 'contractgen ÷ this, RSS' },
      ],
      rows: rows.map((r) => ({ ...r, note: r.meta })),
    });
  }
  return {
    id: 'generation',
    title: '1. Generation (one process per run, cold start included)',
    intro:
      'Each tool runs as a child process (`node <cli> …`, output into an empty directory). CPU = user + system time of the process and its children, peak RSS = max resident set, both from `wait4` via GNU time. A ratio below 1.00× means contractgen uses less than that tool.',
    groups,
  };
}
