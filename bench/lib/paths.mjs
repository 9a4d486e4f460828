// Where things live. Everything the bench writes goes under bench/.cache (git-ignored).
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const root = path.dirname(benchDir);
export const cacheDir = path.join(benchDir, '.cache');
export const nodeModules = path.join(root, 'node_modules');

/** A fresh scratch directory under bench/.cache/work (inside the repo, so generated code
 * resolves `@contractgen/runtime`, fastify, openapi-fetch … from the root node_modules). */
export function workDir(...parts) {
  const dir = path.join(cacheDir, 'work', ...parts);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

export const bin = {
  node: process.execPath,
  codegen: path.join(root, 'dist/generator/cli.js'),
  generateApi: path.join(root, 'dist/generator/generate.js'),
  openapiTypescript: path.join(nodeModules, 'openapi-typescript/bin/cli.js'),
  heyApi: path.join(nodeModules, '@hey-api/openapi-ts/bin/run.js'),
  orval: path.join(nodeModules, 'orval/dist/bin/orval.js'),
  tsc: path.join(nodeModules, 'typescript/bin/tsc'),
  tsc7: path.join(nodeModules, 'tsc7/bin/tsc'),
};

export function ensureBuilt() {
  if (!existsSync(bin.codegen) || !existsSync(path.join(root, 'runtime/dist/client/index.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm ci does it through `prepare`) before `npm run bench`.');
  }
}

/**
 * Copies the built generator (dist/generator, templates, package.json) into bench/.cache/snapshot
 * and points `bin` at the copy, so a `npm run build` during a long bench run cannot swap
 * modules under a running generator. Dependencies still resolve from the root node_modules.
 */
export function snapshotBuild() {
  const snap = path.join(cacheDir, 'snapshot');
  rmSync(snap, { recursive: true, force: true });
  for (const part of ['dist/generator', 'templates', 'schema', 'package.json']) {
    if (existsSync(path.join(root, part))) cpSync(path.join(root, part), path.join(snap, part), { recursive: true });
  }
  bin.codegen = path.join(snap, 'dist/generator/cli.js');
  bin.generateApi = path.join(snap, 'dist/generator/generate.js');
  return snap;
}
