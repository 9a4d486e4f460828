// 6. Bundle size: an app that calls ONE operation, bundled for the browser with esbuild
// (minified, tree-shaken), then gzipped. Deterministic, so measured once.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { workDir } from '../lib/paths.mjs';
import { spec } from '../lib/specs.mjs';
import { ensureOutput } from './generation.mjs';

const OPS = {
  petstore: { ours: 'getPet', path: '/pets/{petId}', params: '{ petId: 1 }', positional: '1', baseUrl: 'https://petstore.example.com/v1' },
  github: { ours: 'reposGet', path: '/repos/{owner}/{repo}', params: "{ owner: 'octocat', repo: 'hello' }", positional: "'octocat', 'hello'", baseUrl: 'https://api.github.com' },
};

const APPS = {
  contractgen: (dir, op) => `import { Client } from ${JSON.stringify(path.join(dir, 'client.ts'))};
const client = new Client({ baseUrl: ${JSON.stringify(op.baseUrl)} });
const res = await client.${op.ours}({ path: ${op.params} });
console.log(res.status, res.body);
`,
  'openapi-fetch (+ openapi-typescript types)': (dir, op) => `import createClient from 'openapi-fetch';
import type { paths } from ${JSON.stringify(path.join(dir, 'types.ts'))};
const client = createClient<paths>({ baseUrl: ${JSON.stringify(op.baseUrl)} });
const res = await client.GET(${JSON.stringify(op.path)}, { params: { path: ${op.params} } });
console.log(res.response.status, res.data);
`,
  'hey-api SDK': (dir, op) => `import { client } from ${JSON.stringify(path.join(dir, 'client.gen.ts'))};
import { ${op.ours} } from ${JSON.stringify(path.join(dir, 'sdk.gen.ts'))};
client.setConfig({ baseUrl: ${JSON.stringify(op.baseUrl)} });
const res = await ${op.ours}({ path: ${op.params} });
console.log(res.response.status, res.data);
`,
  'orval fetch client': (dir, op) => `import { ${op.ours} } from ${JSON.stringify(path.join(dir, 'api.ts'))};
const res = await ${op.ours}(${op.positional});
console.log(res.status, res.data);
`,
};
const SOURCE = { contractgen: 'contractgen', 'openapi-fetch (+ openapi-typescript types)': 'openapi-typescript', 'hey-api SDK': 'hey-api', 'orval fetch client': 'orval' };
// Issue 17: the opt-in client features, each added to the same one-operation app. Without them an
// app is the contractgen row (they must add nothing there); these rows show what each costs when used.
const WORK = {};
for (const [feature, make] of [['trace', 'traceLog'], ['cookies', 'cookieJar'], ['cache', 'httpCache']]) {
  const name = `contractgen + ${feature}: ${make}()`;
  APPS[name] = (dir, op) =>
    `import { ${make} } from '@contractgen/runtime/client';\n` +
    APPS.contractgen(dir, op).replace(`baseUrl: ${JSON.stringify(op.baseUrl)} }`, `baseUrl: ${JSON.stringify(op.baseUrl)}, ${feature}: ${make}() }`);
  SOURCE[name] = 'contractgen';
  WORK[name] = `contractgen-${feature}`;
}

export async function benchBundle({ bigSpec, log }) {
  const specId = bigSpec;
  const op = OPS[specId];
  const rows = [];
  for (const [name, app] of Object.entries(APPS)) {
    log(`bundle: ${name} on ${specId}`);
    try {
      const dir = await ensureOutput(specId, SOURCE[name]);
      const work = workDir('bundle', specId, WORK[name] ?? SOURCE[name]);
      const entry = path.join(work, 'app.ts');
      writeFileSync(entry, app(dir, op));
      const result = await build({
        entryPoints: [entry],
        bundle: true,
        minify: true,
        treeShaking: true,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        write: false,
        logLevel: 'silent',
        absWorkingDir: work,
        // The runtime reaches undici (its Node transport) only through a dynamic import();
        // a browser build must leave it out, as a user's bundler config would.
        external: ['undici'],
      });
      const code = result.outputFiles[0].contents;
      rows.push({ name, stats: { min: one(code.length / 1000), gz: one(gzipSync(code, { level: 9 }).length / 1000) } });
    } catch (error) {
      const e = error?.errors?.[0];
      const where = e?.location ? ` in generated ${path.basename(e.location.file)}:${e.location.line} (\`${e.location.lineText.trim().slice(0, 60)}\`)` : '';
      rows.push({ name, failed: `${String(e?.text ?? error?.message ?? error).slice(0, 200)}${where}` });
    }
  }
  const s = spec(specId);
  return {
    id: 'bundle',
    title: `6. Bundle size (one operation of ${s.name})`,
    intro: `An app that creates the client and calls one operation (\`${op.path}\`), bundled by esbuild for the browser (\`--bundle --minify\`, ESM, tree shaking on), gzip level 9. Sizes are deterministic, so one build each (no min–max). openapi-fetch needs only the openapi-typescript types (erased at build time). \`undici\` is marked external for every row: contractgen's runtime imports it with a dynamic \`import()\` on its Node-only path, and without \`--external:undici\` esbuild cannot build the contractgen app for the browser at all (undici requires \`node:assert\`, \`node:net\`, …).`,
    groups: [
      {
        caption: `${s.name}: ${op.path}`,
        columns: [
          { key: 'min', label: 'minified', unit: 'kB' },
          { key: 'gz', label: 'min + gzip', unit: 'kB' },
        ],
        ratios: [{ metric: 'gz', ref: 'contractgen', mode: 'ref/row', label: 'contractgen ÷ this (gzip)' }],
        rows,
      },
    ],
  };
}

const one = (v) => ({ median: v, min: v, max: v, n: 1 });
