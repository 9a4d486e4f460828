/** Browser bundles of a small app, built by esbuild like the bench's bundle section (tree-shaking checks). */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT, tmpDir } from './generated.js';

/** Bundles `source` (an app's entry, TypeScript), minified and tree-shaken, for the browser (or Node); returns the code. */
export async function bundleApp(source: string, prefix = 'bundle', platform: 'browser' | 'node' = 'browser'): Promise<string> {
  const dir = await tmpDir(prefix);
  const entry = path.join(dir, 'app.ts');
  await writeFile(entry, source);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform,
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    absWorkingDir: ROOT,
    external: ['undici'],
  });
  return result.outputFiles[0]!.text;
}
