// Compiles generated TypeScript on the fly with esbuild (bundled, dependencies external),
// so the bench runs right after `npm ci` without a tsc step.
import path from 'node:path';
import { build } from 'esbuild';

/** Bundles `entry` (TS) into `outfile` (ESM for Node); packages stay external imports. */
export async function compileForNode(entry, outfile) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
  });
  return outfile;
}

export const here = (url, ...p) => path.join(path.dirname(new URL(url).pathname), ...p);
