// 1. Generation: each tool as its own process (cold start included, as a user runs it),
// wall time, CPU time (user + system) and peak RSS, medians over alternating runs.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    // contractgen's CLI keeps a compile cache (V8 code cache, formatted texts) across runs;
    // the warm-up fills it, so the plain row is a re-run of an unchanged spec. Two extra Petstore
    // rows say what a user pays otherwise: the first run after an install (a fresh, empty cache
    // directory each run: nothing kept yet, and the cache is written at exit), and a run after an
    // edit of the spec (code cache kept, but the files the edit changes are new text to lay out).
    const entries = Object.entries(TOOLS).map(([name, tool]) => [name, tool, undefined]);
    if (specId === 'petstore') {
      const edited = path.join(cacheDir, 'work', 'gen-edited', 'petstore.yaml');
      let edits = 0;
      entries.push(
        ['contractgen, first run (empty compile cache)', { ...TOOLS.contractgen, what: 'a fresh CONTRACTGEN_COMPILE_CACHE_DIR each run' }, (scratch) => ({ CONTRACTGEN_COMPILE_CACHE_DIR: path.join(scratch, '.compile-cache') })],
        [
          'contractgen, spec edited (compile cache kept)',
          {
            what: "the first operation summary changed before each run (it is in types.ts, server.ts and client.ts, so the kept formatted texts do not apply)",
            cmd: (s, out) => {
              mkdirSync(path.dirname(edited), { recursive: true });
              writeFileSync(edited, readFileSync(s.file, 'utf8').replace(/^(\s*summary: )(.*)$/m, (_, key, text) => `${key}${text} (edit ${++edits})`));
              return TOOLS.contractgen.cmd({ ...s, file: edited }, out);
            },
          },
          () => ({}),
        ],
      );
    }
    const contestants = entries.map(([name, tool, envFor]) => {
      const scratch = path.join(cacheDir, 'work', 'gen-scratch', specId, name.replace(/[^a-z0-9-]+/gi, '-'));
      return {
        name,
        meta: tool.what,
        describe: (m) => `${fmt(m.wallMs, 'ms')} wall, ${fmt(m.cpuMs, 'ms')} CPU, ${fmt(m.rssMB, 'MB')}`,
        async run() {
          rmSync(scratch, { recursive: true, force: true });
          mkdirSync(scratch, { recursive: true });
          // cwd = the (empty) output dir, so no tool picks up a config file from the repo.
          const env = envFor?.(scratch);
          const r = await runMeasured(bin.node, tool.cmd(s, scratch), { cwd: scratch, timeoutMs, ...(env ? { env } : {}) });
          if (r.ok && !envFor) {
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
