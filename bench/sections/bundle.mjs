// 6. Bundle size: small browser apps bundled with esbuild (minified, tree-shaken, ESM, code
// splitting on as Vite/Rollup/webpack do for dynamic import()), then gzipped. Deterministic,
// so measured once. "At start" = the entry chunk and the chunks it imports statically (what a
// page loads before the first call); "lazy" = chunks behind a dynamic import() (contractgen's
// optional features: loaded on the first call only when the options ask for them); "no
// splitting" = the same app as one file (esbuild without --splitting inlines lazy chunks).
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { workDir } from '../lib/paths.mjs';
import { spec } from '../lib/specs.mjs';
import { ensureOutput, outputDir } from './generation.mjs';

/** contractgen's output is generated afresh (an output left by an earlier run may be another build's: --only bundle would size it). */
function freshOutput(specId, tool) {
  if (tool === 'contractgen') rmSync(outputDir(specId, tool), { recursive: true, force: true });
  return ensureOutput(specId, tool);
}
const fresh = new Map();
const output = (specId, tool) => {
  const key = `${specId}/${tool}`;
  if (!fresh.has(key)) fresh.set(key, freshOutput(specId, tool));
  return fresh.get(key);
};

const q = JSON.stringify;
const client = (dir) => q(path.join(dir, 'client.ts'));

const GITHUB = { path: '/repos/{owner}/{repo}', op: 'reposGet', params: "{ owner: 'octocat', repo: 'hello' }", positional: "'octocat', 'hello'", baseUrl: 'https://api.github.com' };

/** One GitHub operation: contractgen (both forms) side by side with the peers. */
const GITHUB_APPS = {
  'contractgen: createClient + reposGet': {
    source: 'contractgen',
    code: (dir) => `import { createClient, reposGet } from ${client(dir)};
const api = createClient({ baseUrl: ${q(GITHUB.baseUrl)} });
const res = await reposGet(api, { path: ${GITHUB.params} });
console.log(res.status, res.body);
`,
  },
  'contractgen: new Client().reposGet': {
    source: 'contractgen',
    code: (dir) => `import { Client } from ${client(dir)};
const res = await new Client({ baseUrl: ${q(GITHUB.baseUrl)} }).reposGet({ path: ${GITHUB.params} });
console.log(res.status, res.body);
`,
  },
  'openapi-fetch (+ openapi-typescript types)': {
    source: 'openapi-typescript',
    code: (dir) => `import createClient from 'openapi-fetch';
import type { paths } from ${q(path.join(dir, 'types.ts'))};
const client = createClient<paths>({ baseUrl: ${q(GITHUB.baseUrl)} });
const res = await client.GET(${q(GITHUB.path)}, { params: { path: ${GITHUB.params} } });
console.log(res.response.status, res.data);
`,
  },
  'hey-api SDK': {
    source: 'hey-api',
    code: (dir) => `import { client } from ${q(path.join(dir, 'client.gen.ts'))};
import { ${GITHUB.op} } from ${q(path.join(dir, 'sdk.gen.ts'))};
client.setConfig({ baseUrl: ${q(GITHUB.baseUrl)} });
const res = await ${GITHUB.op}({ path: ${GITHUB.params} });
console.log(res.response.status, res.data);
`,
  },
  'orval fetch client': {
    source: 'orval',
    code: (dir) => `import { ${GITHUB.op} } from ${q(path.join(dir, 'api.ts'))};
const res = await ${GITHUB.op}(${GITHUB.positional});
console.log(res.status, res.data);
`,
  },
};

const PETSTORE = 'https://petstore.example.com/v1';
/** The four Petstore apps of issue 14: what each feature adds. */
const PETSTORE_APPS = {
  'one operation, bare (listPets)': `import { createClient, listPets } from CLIENT;
const api = createClient({ baseUrl: ${q(PETSTORE)} });
const res = await listPets(api, { query: { limit: 10 } });
console.log(res.status, res.body);
`,
  'one operation with an API key (getPet)': `import { createClient, getPet } from CLIENT;
const api = createClient({ baseUrl: ${q(PETSTORE)}, auth: { apiKey: 'key' } });
const res = await getPet(api, { path: { petId: 1 } });
console.log(res.status, res.body);
`,
  'getPet with API key + retry + circuit breaker': `import { createClient, getPet } from CLIENT;
const api = createClient({
  baseUrl: ${q(PETSTORE)},
  auth: { apiKey: 'key' },
  retry: { count: 3, interval: 100 },
  circuitBreaker: { failureThreshold: 0.5, resetTime: 30_000 },
});
const res = await getPet(api, { path: { petId: 1 } });
console.log(res.status, res.body);
`,
  'the whole Petstore client (new Client, every method)': `import { Client } from CLIENT;
const client = new Client({ baseUrl: ${q(PETSTORE)}, auth: { apiKey: 'key' } });
console.log(await client.listPets(), await client.createPet({ body: { name: 'a' } }), await client.getPet({ path: { petId: 1 } }),
  await client.deletePet({ path: { petId: 1 } }), await client.uploadPhoto({ path: { petId: 1 }, body: { file: new Blob([]) } }));
`,
};

const gz = (bytes) => gzipSync(bytes, { level: 9 }).length / 1000;
const one = (v) => ({ median: v, min: v, max: v, n: 1 });

/** Sizes of one app: at start, lazy, and as a single file. */
async function measure(work, code) {
  const entry = path.join(work, 'app.ts');
  writeFileSync(entry, code);
  const common = { entryPoints: [entry], bundle: true, minify: true, treeShaking: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent', absWorkingDir: work };
  const split = await build({ ...common, splitting: true, outdir: path.join(work, 'out'), metafile: true });
  const byPath = new Map(split.outputFiles.map((f) => [path.relative(work, f.path), f.contents]));
  const outputs = split.metafile.outputs;
  const entryOut = Object.keys(outputs).find((o) => outputs[o].entryPoint !== undefined);
  const atStart = new Set([entryOut]);
  for (const name of atStart) for (const dep of outputs[name].imports) if (dep.kind === 'import-statement') atStart.add(dep.path);
  let start = 0;
  let startMin = 0;
  let lazy = 0;
  for (const [name, bytes] of byPath) {
    if (!name.endsWith('.js')) continue;
    if (atStart.has(name)) {
      start += gz(bytes);
      startMin += bytes.length / 1000;
    } else lazy += gz(bytes);
  }
  const single = await build({ ...common });
  return { min: one(startMin), gz: one(start), lazy: one(lazy), single: one(gz(single.outputFiles[0].contents)) };
}

function failure(error) {
  const e = error?.errors?.[0];
  const where = e?.location ? ` in ${path.basename(e.location.file)}:${e.location.line} (\`${e.location.lineText.trim().slice(0, 60)}\`)` : '';
  return `${String(e?.text ?? error?.message ?? error).slice(0, 200)}${where}`;
}

const COLUMNS = [
  { key: 'min', label: 'at start, minified', unit: 'kB' },
  { key: 'gz', label: 'at start, min + gzip', unit: 'kB' },
  { key: 'lazy', label: 'lazy chunks, gzip', unit: 'kB' },
  { key: 'single', label: 'no splitting, gzip', unit: 'kB' },
];

export async function benchBundle({ bigSpec, log }) {
  const groups = [];
  // the peers' one-operation apps are on the big spec (GitHub in a full run)
  const big = spec(bigSpec);
  const rows = [];
  const apps = bigSpec === 'github' ? GITHUB_APPS : {};
  for (const [name, app] of Object.entries(apps)) {
    log(`bundle: ${name} on ${bigSpec}`);
    try {
      const dir = await output(bigSpec, app.source);
      rows.push({ name, stats: await measure(workDir('bundle', bigSpec, name.replace(/[^a-z0-9]+/gi, '-')), app.code(dir)) });
    } catch (error) {
      rows.push({ name, failed: failure(error) });
    }
  }
  if (rows.length > 0) {
    groups.push({
      caption: `${big.name}: one operation (${GITHUB.path})`,
      columns: COLUMNS,
      ratios: [{ metric: 'gz', ref: 'openapi-fetch (+ openapi-typescript types)', mode: 'row/ref', label: 'at start ÷ openapi-fetch (gzip)' }],
      rows,
    });
  }
  const petRows = [];
  const dir = await output('petstore', 'contractgen');
  for (const [name, code] of Object.entries(PETSTORE_APPS)) {
    log(`bundle: ${name}`);
    try {
      petRows.push({ name, stats: await measure(workDir('bundle', 'petstore', name.replace(/[^a-z0-9]+/gi, '-')), code.replace('CLIENT', client(dir))) });
    } catch (error) {
      petRows.push({ name, failed: failure(error) });
    }
  }
  groups.push({
    caption: 'Petstore: what each feature adds (contractgen)',
    columns: COLUMNS,
    ratios: [{ metric: 'gz', ref: 'one operation, bare (listPets)', mode: 'row/ref', label: 'at start ÷ bare (gzip)' }],
    rows: petRows,
  });
  return {
    id: 'bundle',
    title: `6. Bundle size (browser apps${bigSpec === 'github' ? `; one operation of ${big.name}` : ''})`,
    intro:
      'Apps bundled by esbuild for the browser (`platform: browser`, so `@contractgen/runtime/client/core` and `/client` resolve their browser builds: fetch only, no flag and no `external` needed; the contractgen output is regenerated first, so the build sized is the one checked out), minified, tree shaking on, ESM with code splitting (what Vite, Rollup and webpack do for a dynamic `import()`), gzip level 9. **At start** = the entry chunk plus the chunks it imports statically (what the page loads before the first call); **lazy chunks** = behind a dynamic import, loaded on the first call that needs them: the full contractgen client (the start chunk holds the browser micro core, which sends a plain call and classifies a documented JSON answer itself; other calls, other answers and every error load the full client), its optional features (retry, breaker, failover, `followRedirects`, OAuth2) when the options ask for them, and the lazy plugins (auth, server variables, redirects, multipart/typed-text decoders); **no splitting** = the same app as one file (esbuild without `--splitting` inlines lazy chunks). Sizes are deterministic: one build each. openapi-fetch needs only the openapi-typescript types (erased at build time).',
    groups,
  };
}
