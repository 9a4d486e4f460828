// 3. Type-check cost of the generated output: `tsc --noEmit` (TypeScript 5.9, and the
// native TypeScript 7 preview) time and peak memory, one process per run.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { alternate } from '../lib/alternate.mjs';
import { bin, workDir } from '../lib/paths.mjs';
import { runMeasured } from '../lib/proc.mjs';
import { spec } from '../lib/specs.mjs';
import { fmt } from '../lib/stats.mjs';
import { ensureOutput } from './generation.mjs';

function tsFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

const TARGETS = [
  { name: 'contractgen (types + server + client)', tool: 'contractgen', files: (d) => tsFiles(d) },
  { name: 'contractgen types.ts only', tool: 'contractgen', files: (d) => [path.join(d, 'types.ts')] },
  { name: 'openapi-typescript', tool: 'openapi-typescript', files: (d) => tsFiles(d) },
  { name: 'hey-api', tool: 'hey-api', files: (d) => tsFiles(d) },
  { name: 'orval', tool: 'orval', files: (d) => tsFiles(d) },
];

export async function benchTypecheck({ bigSpec, runs, log, timeoutMs, quick }) {
  const s = spec(bigSpec);
  const compilers = [
    { id: 'tsc7', label: 'TypeScript 7 native (`tsc7 --noEmit`)', bin: bin.tsc7 },
    // tsc 5.9 is slow on the GitHub output: only the rows the comparison needs
    // (whole output and types.ts alone, against openapi-typescript's types and hey-api).
    { id: 'tsc', label: 'TypeScript 5.9 (`tsc --noEmit`)', bin: bin.tsc, only: ['contractgen (types + server + client)', 'contractgen types.ts only', 'openapi-typescript', 'hey-api'] },
  ];
  const projects = [];
  for (const t of TARGETS) {
    try {
      const dir = await ensureOutput(bigSpec, t.tool);
      const work = workDir('typecheck', bigSpec, t.name.replace(/[^a-z0-9]+/gi, '-'));
      // The same settings for everybody: strict, bundler resolution (accepts both `./x.js`
      // and extension-less imports), skipLibCheck so only the generated code is measured.
      writeFileSync(
        path.join(work, 'tsconfig.json'),
        JSON.stringify(
          {
            compilerOptions: {
              target: 'ES2022',
              module: 'ESNext',
              moduleResolution: 'Bundler',
              lib: ['ES2022', 'DOM', 'DOM.Iterable'],
              types: ['node'],
              strict: true,
              skipLibCheck: true,
              noEmit: true,
              allowImportingTsExtensions: true,
            },
            files: t.files(dir),
          },
          null,
          2,
        ),
      );
      projects.push({ ...t, tsconfig: path.join(work, 'tsconfig.json') });
    } catch (error) {
      projects.push({ ...t, failed: error.message });
    }
  }
  const groups = [];
  for (const c of quick ? compilers.slice(0, 1) : compilers) {
    log(`typecheck: ${c.id} on ${s.name}`);
    const contestants = projects.filter((p) => !c.only || c.only.includes(p.name)).map((p) => ({
      name: p.name,
      describe: (m) => `${fmt(m.wallMs, 'ms')} wall, ${fmt(m.cpuMs, 'ms')} CPU, ${fmt(m.rssMB, 'MB')}`,
      async run() {
        if (p.failed) return { ok: false, reason: p.failed };
        const r = await runMeasured(bin.node, [c.bin, '-p', p.tsconfig], { cwd: path.dirname(p.tsconfig), timeoutMs });
        // tsc exits 2 with errors in the output: that is a result too (reported, not timed).
        if (!r.ok) {
          const first = (r.stdout.split('\n').find((l) => /error TS/.test(l)) ?? r.reason ?? '').trim();
          const count = (r.stdout.match(/error TS/g) ?? []).length;
          return { ok: false, reason: `${count} type error(s), first: ${first.replace(/^.*work\/out\//, '').slice(0, 180)}` };
        }
        return { ok: true, wallMs: r.wallMs, cpuMs: r.cpuMs, rssMB: r.rssMB };
      },
    }));
    const rows = await alternate(contestants, { runs, log, label: `${c.id} ` });
    groups.push({
      caption: `${c.label} on the ${s.name} output`,
      columns: [
        { key: 'wallMs', label: 'wall', unit: 'ms' },
        { key: 'cpuMs', label: 'CPU', unit: 'ms' },
        { key: 'rssMB', label: 'peak RSS', unit: 'MB' },
      ],
      ratios: [
        { metric: 'cpuMs', ref: 'contractgen (types + server + client)', mode: 'ref/row', label: 'contractgen ÷ this, CPU' },
        { metric: 'rssMB', ref: 'contractgen (types + server + client)', mode: 'ref/row', label: 'contractgen ÷ this, RSS' },
        { metric: 'cpuMs', ref: 'contractgen types.ts only', mode: 'ref/row', label: 'types.ts only ÷ this, CPU' },
      ],
      rows,
    });
  }
  return {
    id: 'typecheck',
    title: `3. Type-check cost of the generated ${s.name} output`,
    intro:
      'One `tsc -p` process per run over each tool\'s output files, same tsconfig for all (`strict`, `moduleResolution: Bundler`, `skipLibCheck`, `noEmit`, `lib` ES2022 + DOM, `types: ["node"]`), so only the generated code (and the types it pulls in: fastify\'s for our server.ts) is checked. An output that does not compile is listed as failed with its first error.',
    groups,
  };
}
