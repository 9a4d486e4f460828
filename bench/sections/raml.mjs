// RAML: cold `codegen generate` of RAML 0.8 and 1.0 APIs at GitHub's size, the share of it
// spent in AMF (parse, validate, resolve), and a one-line edit under `codegen watch`.
// The APIs are written by fixtures/raml/perf/generate.mjs (our own text, 248 operations each:
// traits, resource types, JSON schemas, examples); no peer converts RAML, so the ratios are
// against the goals (cold ≤ 5 s, watch edit ≤ 1 s).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateRamlPerf } from '../../fixtures/raml/perf/generate.mjs';
import { bin, root, workDir } from '../lib/paths.mjs';
import { runMeasured } from '../lib/proc.mjs';
import { summarize } from '../lib/stats.mjs';
import { viaCli } from './watch.mjs';

const GOAL_COLD_MS = 5000;
const GOAL_EDIT_MS = 1000;

/** Runs `loadRaml` (the RAML front end alone, AMF included) in a fresh process: its own wall/CPU. */
function loadOnlyScript(dir) {
  const file = path.join(dir, 'load-only.mjs');
  writeFileSync(
    file,
    `import { loadRaml } from ${JSON.stringify(path.join(root, 'dist/generator/raml/index.js'))};
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const c0 = cpu(), t0 = performance.now();
const r = await loadRaml(process.argv[2]);
console.log(JSON.stringify({ wallMs: performance.now() - t0, cpuMs: cpu() - c0, paths: Object.keys(r.document.paths).length }));
`,
  );
  return file;
}

async function measure(runs, fn) {
  const got = [];
  let failed;
  for (let i = 0; i <= runs; i++) {
    const r = await fn();
    if (!r.ok) {
      failed = r.reason;
      break;
    }
    if (i > 0) got.push(r); // the first is a warm-up (file cache, compile cache)
  }
  const stat = (k) => summarize(got.map((g) => g[k]).filter((v) => v !== undefined));
  return { failed, stats: { wallMs: stat('wallMs'), cpuMs: stat('cpuMs'), rssMB: stat('rssMB') } };
}

export async function benchRaml({ runs, log, timeoutMs }) {
  const dir = workDir('raml');
  const apis = generateRamlPerf(path.join(dir, 'fixtures'));
  const loader = loadOnlyScript(dir);
  const groups = [];
  for (const [version, file] of Object.entries(apis)) {
    const out = path.join(dir, `out-${version}`);
    const generateWith = (cacheDir) =>
      runMeasured(bin.node, [bin.codegen, 'generate', file, '-o', out, '--quiet'], { cwd: dir, timeoutMs, env: { ...process.env, CONTRACTGEN_COMPILE_CACHE_DIR: cacheDir } });
    log(`raml: RAML ${version} cold generate (empty compile cache)`);
    let fresh = 0;
    const gen = await measure(runs, () => generateWith(path.join(dir, `cache-empty-${version}-${fresh++}`)));
    log(`raml: RAML ${version} re-runs (compile cache kept)`);
    const kept = path.join(dir, `cache-kept-${version}`);
    const rerun = await measure(runs, () => generateWith(kept));
    log(`raml: RAML ${version} re-runs after a one-resource edit`);
    let n = 0;
    const edited = await measure(runs, () => {
      const text = readFileSync(file, 'utf8');
      writeFileSync(file, text.replace(/description: (Get a repo\.|Get a repo, edit \d+\.)/, `description: Get a repo, edit ${++n}.`));
      return generateWith(kept);
    });
    log(`raml: RAML ${version} load only`);
    const load = await measure(runs, async () => {
      const r = await runMeasured(bin.node, [loader, file], { cwd: dir, timeoutMs });
      if (!r.ok) return r;
      const inner = JSON.parse(r.stdout.trim().split('\n').pop());
      return { ok: true, wallMs: inner.wallMs, cpuMs: inner.cpuMs, rssMB: r.rssMB };
    });
    const goal = { median: GOAL_COLD_MS, min: GOAL_COLD_MS, max: GOAL_COLD_MS, n: 1 };
    groups.push({
      caption: `RAML ${version}, 248 operations (fixtures/raml/perf/generate.mjs)`,
      columns: [
        { key: 'wallMs', label: 'wall', unit: 'ms' },
        { key: 'cpuMs', label: 'CPU (user+sys)', unit: 'ms' },
        { key: 'rssMB', label: 'peak RSS', unit: 'MB' },
      ],
      ratios: [
        { metric: 'wallMs', ref: 'goal (issue 16)', mode: 'row/ref', label: '÷ goal, wall' },
        { metric: 'cpuMs', ref: 'goal (issue 16)', mode: 'row/ref', label: '÷ goal, CPU' },
      ],
      rows: [
        { name: 'codegen generate, cold', stats: gen.stats, failed: gen.failed, note: 'first run: empty compile cache; types + server + client, one process' },
        { name: 'of which loadRaml', stats: load.stats, failed: load.failed, note: 'AMF parse + validate + resolve + conversion, in-process timer, no cache' },
        { name: 'codegen generate, re-run', stats: rerun.stats, failed: rerun.failed, note: 'spec unchanged, compile cache kept: the RAML snapshot is reused' },
        { name: 'codegen generate, re-run after an edit', stats: edited.stats, failed: edited.failed, note: 'one method description changed: only that resource goes through AMF' },
        { name: 'goal (issue 16)', stats: { wallMs: goal, cpuMs: goal } },
      ],
    });
  }

  // Watch: a one-line edit (a method description) of the RAML 0.8 API.
  const file = apis['0.8'];
  const text = readFileSync(file, 'utf8');
  const marked = text.replace(/description: List repos\./, 'description: BENCH-EDIT-0');
  if (marked === text) throw new Error('raml: the watch edit marker was not found in the generated RAML 0.8 API');
  writeFileSync(file, marked);
  log('raml: watch edit (RAML 0.8)');
  let res;
  let failed;
  try {
    res = await viaCli(file, path.join(dir, 'out-watch'), runs, timeoutMs);
  } catch (e) {
    failed = e.message;
  }
  const one = (v) => ({ median: v, min: v, max: v, n: 1 });
  groups.push({
    caption: 'RAML 0.8 under `codegen watch`: one-line edit (a method description) → output written',
    columns: [{ key: 'ms', label: 'time', unit: 'ms' }],
    ratios: [{ metric: 'ms', ref: 'goal for an edit (issue 16)', mode: 'row/ref', label: '÷ goal' }],
    rows: failed
      ? [{ name: 'codegen watch', failed }]
      : [
          { name: 'first generation in the watcher', stats: { ms: one(res.coldMs) }, note: 'with the compile cache the user has' },
          { name: 'one-line edit -> report line (incl. debounce)', stats: { ms: summarize(res.editMs) } },
          ...(res.reportedMs?.length ? [{ name: 'regeneration as reported by watch', stats: { ms: summarize(res.reportedMs) } }] : []),
          { name: 'goal for an edit (issue 16)', stats: { ms: one(GOAL_EDIT_MS) } },
        ],
  });
  return {
    id: 'raml',
    title: 'RAML (AMF front end): cold generation and watch',
    intro:
      'RAML 0.8 and 1.0 APIs of GitHub\'s size written by `fixtures/raml/perf/generate.mjs` (31 resource groups × 8 methods: traits, resource types, draft-03/04 JSON schemas inline and `!include`d, examples inline and `!include`d, OAuth 2.0; the 0.8 one carries 3 stale examples, reported as warnings). Every row is a fresh `node` process per run (1 warm-up, then the median), CPU = user + system from wait4. "cold" runs with an empty compile cache each time (`CONTRACTGEN_COMPILE_CACHE_DIR`), so neither V8 code cache nor the kept RAML conversion helps; "re-run" keeps one cache dir across runs (what a user re-running `codegen generate` gets); "re-run after an edit" changes one method description before each run. "of which loadRaml" times the RAML front end alone inside a fresh process (module loading of AMF included). Watch: `codegen watch` on the 0.8 API, each edit changes one method description. No other tool converts RAML, so the ratios are against the issue\'s goals.',
    groups,
  };
}
