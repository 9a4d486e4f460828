#!/usr/bin/env node
// Where AMF's time goes on the RAML perf fixtures, stage by stage and, inside `validate`, step by
// step (docs/raml.md, Performance).
//
//   node bench/raml-stages.mjs [--version 0.8|1.0|both] [--runs N]
//     Each run is a fresh `node` process per fixture, converting as generator/raml/run.ts does
//     (main thread, no worker), with CPU (user+sys of this thread's process) read around each
//     AMF call and at AMF's own transformation-step events. Every fixture is also measured with
//     its `example:`/`examples:` removed, which shows what examples cost across all stages.
//     Prints medians as a markdown table. Needs `npm run build` (uses dist/).
//   node bench/raml-stages.mjs --profile <file.cpuprofile> [filter-regex] [top]
//     CPU of a `node --cpu-prof` profile by amf-client-js Scala.js class (inclusive), so a
//     profile of AMF reads as ExtendsResolutionStage, ShapeNormalizationForUnitStage, … instead
//     of minified names. A method is attributed to the first class registered after it in
//     amf.js; asynchronous continuations (Scala futures) lose their callers, so the inclusive
//     figures of the outer validation classes are approximate.
//   node bench/raml-stages.mjs --ajv <api.raml>
//     What checking the examples ourselves would cost: converts the API (not timed), then times
//     Ajv 8 over every `example` of the OpenAPI result, one compile per distinct schema text.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const here = fileURLToPath(import.meta.url);
const root = path.dirname(path.dirname(here));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { version: { type: 'string', default: 'both' }, runs: { type: 'string', default: '3' }, child: { type: 'boolean' }, profile: { type: 'boolean' }, ajv: { type: 'boolean' } },
});

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** One conversion in this process, stage by stage (the child of a run). */
async function child(file, version) {
  const c0 = cpu();
  const { createAmfRuntime } = await import(pathToFileURL(path.join(root, 'dist/generator/raml/amf-runtime.js')).href);
  const runtime = createAmfRuntime();
  const { amf } = runtime;
  const out = { require: cpu() - c0 };
  let steps = [];
  let stepStart = 0;
  const listener = amf.AMFEventListenerFactory.from({
    notifyEvent(e) {
      if (e.name === 'StartedTransformationStep') stepStart = cpu();
      else if (e.name === 'FinishedTransformationStep') steps.push(cpu() - stepStart);
    },
  });
  const raml = (version === '0.8' ? runtime.raml08 : runtime.raml10).withEventListener(listener).baseUnitClient();
  const oas = runtime.oas30.withEventListener(listener).baseUnitClient();
  let t = cpu();
  const lap = (key) => {
    const now = cpu();
    out[key] = now - t;
    t = now;
  };
  const parsed = await raml.parse(pathToFileURL(file).href);
  lap('parse');
  const pristine = parsed.baseUnit.cloneUnit();
  lap('cloneUnit');
  steps = [];
  const report = await raml.validate(parsed.baseUnit);
  lap('validate');
  out.validateSteps = steps;
  out.results = report.results.length;
  steps = [];
  const transformed = oas.transform(parsed.baseUnit, runtime.compatibility);
  lap('transform');
  out.transformSteps = steps;
  oas.render(pristine, 'application/json');
  lap('renderPristine');
  oas.render(transformed.baseUnit, 'application/json');
  lap('renderResolved');
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

/** The fixture's files with every `example:` / `examples:` value (inline, block or !include) removed. */
function stripExamples(dir) {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) continue;
    if (!name.endsWith('.raml')) continue;
    const out = [];
    let skipDeeperThan;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const indent = line.length - line.trimStart().length;
      if (skipDeeperThan !== undefined) {
        if (line.trim() === '' || indent > skipDeeperThan) continue;
        skipDeeperThan = undefined;
      }
      const m = /^(\s*)examples?:(.*)$/.exec(line);
      if (m) {
        if (['', '|', '>'].includes(m[2].trim())) skipDeeperThan = m[1].length;
        continue;
      }
      out.push(line);
    }
    writeFileSync(file, out.join('\n'));
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const { generateRamlPerf } = await import(pathToFileURL(path.join(root, 'fixtures/raml/perf/generate.mjs')).href);
  const runs = Number(values.runs);
  const dir = mkdtempSync(path.join(tmpdir(), 'raml-stages-'));
  try {
    const variants = [];
    for (const examples of [true, false]) {
      const apis = generateRamlPerf(path.join(dir, examples ? 'with' : 'without'), { version: values.version });
      for (const [version, file] of Object.entries(apis)) {
        if (!examples) stripExamples(path.dirname(file));
        variants.push({ label: `RAML ${version}${examples ? '' : ', no examples'}`, version, file, got: [] });
      }
    }
    for (let r = 0; r < runs; r++) {
      for (const v of variants) {
        const text = execFileSync(process.execPath, [here, '--child', v.file, v.version], { encoding: 'utf8', env: { ...process.env, CONTRACTGEN_RAML_WORKER: '0' } });
        v.got.push(JSON.parse(text.trim().split('\n').pop()));
      }
    }
    const rows = [
      ['loading amf-client-js', (g) => g.require],
      ['`parse`', (g) => g.parse],
      ['`cloneUnit`', (g) => g.cloneUnit],
      ['`validate`', (g) => g.validate],
      ...[0, 1, 2, 3].map((i) => [`… validation pipeline step ${i}`, (g) => g.validateSteps[i] ?? 0]),
      ['… the other validation pipeline steps', (g) => g.validateSteps.slice(4).reduce((a, b) => a + b, 0)],
      ['… checks after resolution (model + examples)', (g) => g.validate - g.validateSteps.reduce((a, b) => a + b, 0)],
      ['`transform` (compatibility pipeline)', (g) => g.transform],
      ['render pristine / resolved', (g) => [g.renderPristine, g.renderResolved]],
      ['total', (g) => g.require + g.parse + g.cloneUnit + g.validate + g.transform + g.renderPristine + g.renderResolved],
    ];
    const ms = (x) => `${(x / 1000).toFixed(2)} s`;
    console.log(`median of ${runs} fresh processes; load ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')} at the end\n`);
    console.log(`| step | ${variants.map((v) => v.label).join(' | ')} |`);
    console.log(`| --- |${variants.map(() => ' ---: |').join('')}`);
    for (const [label, get] of rows) {
      const cells = variants.map((v) => {
        const vals = v.got.map(get);
        if (Array.isArray(vals[0])) return vals[0].map((_, i) => ms(median(vals.map((x) => x[i])))).join(' / ');
        return ms(median(vals));
      });
      console.log(`| ${label} | ${cells.join(' | ')} |`);
    }
    console.log(`\nvalidation results (median): ${variants.map((v) => `${v.label} ${median(v.got.map((g) => g.results))}`).join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU by amf-client-js class, inclusive, from a .cpuprofile. */
function profileByClass(file, filter = '.', top = 40) {
  const amfFile = createRequire(path.join(root, 'package.json')).resolve('amf-client-js');
  const src = readFileSync(amfFile, 'utf8');
  const lineStart = [0];
  for (let i = 0; i < src.length; i++) if (src.charCodeAt(i) === 10) lineStart.push(i + 1);
  const registered = [];
  for (const m of src.matchAll(/\bn\([$\w]+,"([^"]+)"/g)) registered.push([m.index, m[1]]);
  const classAt = (line, column) => {
    const offset = lineStart[line] + column;
    let lo = 0;
    let hi = registered.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (registered[mid][0] >= offset) {
        found = mid;
        hi = mid - 1;
      } else lo = mid + 1;
    }
    return found < 0 ? '(amf.js, after the last class)' : registered[found][1];
  };
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = new Map();
  for (const n of prof.nodes) {
    const cf = n.callFrame;
    label.set(n.id, cf.url === pathToFileURL(amfFile).href || cf.url === amfFile ? classAt(cf.lineNumber, cf.columnNumber) : `${cf.functionName || '(anonymous)'} ${cf.url.replace(/.*node_modules\//, '') || '(native)'}`);
  }
  const self = new Map();
  prof.samples.forEach((s, i) => self.set(s, (self.get(s) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  const inclusive = new Map();
  let total = 0;
  for (const [id, us] of self) {
    if (label.get(id).startsWith('(idle)')) continue;
    total += us;
    const seen = new Set();
    for (let c = id; c !== undefined; c = parent.get(c)) {
      const k = label.get(c);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }
  const re = new RegExp(filter);
  console.log(`non-idle samples: ${(total / 1000).toFixed(0)} ms; inclusive CPU by class${filter === '.' ? '' : ` matching /${filter}/`}:`);
  for (const [k, us] of [...inclusive].filter(([k]) => re.test(k)).sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`);
  }
}

/** CPU of checking every example of the converted document with Ajv, one compile per distinct schema. */
async function ajvCost(file) {
  const { loadRaml } = await import(pathToFileURL(path.join(root, 'dist/generator/raml/index.js')).href);
  const { document: doc } = await loadRaml(path.resolve(file));
  const c0 = cpu();
  const Ajv = createRequire(path.join(root, 'package.json'))('ajv').default;
  const c1 = cpu();
  const ajv = new Ajv({ strict: false, validateFormats: false });
  ajv.addSchema({ components: doc.components ?? {} }, 'doc');
  const compiled = new Map();
  let examples = 0;
  let invalid = 0;
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    if ('example' in node && ['type', 'properties', 'items', '$ref', 'allOf', 'anyOf'].some((k) => k in node)) {
      const { example, ...schema } = node;
      const key = JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/');
      let check = compiled.get(key);
      if (!check) compiled.set(key, (check = ajv.compile(JSON.parse(key))));
      examples++;
      if (!check(example)) invalid++;
    }
    for (const v of Object.values(node)) visit(v);
  };
  visit(doc);
  const c2 = cpu();
  console.log(JSON.stringify({ loadAjvMs: Math.round(c1 - c0), checkMs: Math.round(c2 - c1), examples, compiles: compiled.size, invalid }));
}

if (values.ajv) await ajvCost(positionals[0]);
else if (values.child) await child(positionals[0], positionals[1]);
else if (values.profile) profileByClass(positionals[0], positionals[1], positionals[2] ? Number(positionals[2]) : undefined);
else await main();
