// Machine and tool versions for the header of RESULTS.md.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nodeModules, root } from './paths.mjs';
import { CORPUS_PACKAGE, CORPUS_VERSION } from './specs.mjs';

function version(pkg) {
  try {
    return JSON.parse(readFileSync(path.join(nodeModules, pkg, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

/** The short HEAD commit, marked when generator/runtime/templates have uncommitted changes. */
export function commit() {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' });
  if (head.status !== 0) return 'unknown';
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no', '--', 'generator', 'runtime', 'templates'], { cwd: root, encoding: 'utf8' });
  return `${head.stdout.trim()}${dirty.stdout?.trim() ? ' + uncommitted changes in generator/runtime/templates' : ''}`;
}

export function environment() {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    machine: `${cpus.length} × ${cpus[0]?.model?.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    versions: {
      contractgen: `${JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version} (${commit()})`,
      'openapi-typescript': version('openapi-typescript'),
      '@hey-api/openapi-ts': version('@hey-api/openapi-ts'),
      orval: version('orval'),
      'openapi-fetch': version('openapi-fetch'),
      'openapi-backend': version('openapi-backend'),
      'fastify-openapi-glue': version('fastify-openapi-glue'),
      fastify: version('fastify'),
      undici: version('undici'),
      autocannon: version('autocannon'),
      esbuild: version('esbuild'),
      typescript: version('typescript'),
      'tsc7 (TypeScript native)': version('tsc7'),
      [CORPUS_PACKAGE]: CORPUS_VERSION,
    },
  };
}
