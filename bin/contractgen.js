#!/usr/bin/env node
// The `contractgen` and `codegen` commands. In the published package dist/ is always there.
// In a fresh clone of the repository (no install-time build script: a published package must
// not run one) the first run builds dist/ with the checkout's own TypeScript, once.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/generator/cli.js');
const checkout = existsSync(path.join(root, 'generator/cli.ts')) && existsSync(path.join(root, 'tsconfig.json'));
if (checkout && (!existsSync(cli) || !existsSync(path.join(root, 'runtime/dist/index.js')))) {
  process.stderr.write('contractgen: first run in this checkout: building dist/ (npm run build)...\n');
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  const built = spawnSync(process.execPath, [tsc, '-b', 'runtime/tsconfig.json', 'tsconfig.json'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  // the rest of `npm run build`: the precompiled OpenAPI validators (without them the CLI compiles the schemas itself)
  const validators = built.status === 0 ? spawnSync(process.execPath, [path.join(root, 'scripts/precompile-validators.mjs')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] }) : built;
  if (built.status !== 0 || validators.status !== 0) {
    process.stderr.write('contractgen: the build failed (see above); run npm ci, then npm run build\n');
    process.exit(3);
  }
}
const { runCli } = await import(pathToFileURL(cli).href);
runCli(process.argv.slice(2));
