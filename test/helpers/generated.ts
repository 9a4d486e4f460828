/**
 * Test helpers: generate into a fresh folder under .tmp/ (inside the repo, so
 * `@contractgen/runtime` resolves through the workspace link) and type-check
 * every output under the strict settings users are told to use.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generate, type GenerateOptions, type GenerateResult } from '../../generator/generate.js';

const run = promisify(execFile);
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TMP = path.join(ROOT, '.tmp');
export const fixture = (...parts: string[]) => path.join(ROOT, 'fixtures', ...parts);

export const STRICT_OPTIONS = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  lib: ['ES2023', 'DOM', 'DOM.Iterable'],
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  verbatimModuleSyntax: true,
  noEmit: true,
  skipLibCheck: true,
  types: ['node'],
};

export async function tmpDir(prefix: string): Promise<string> {
  await mkdir(TMP, { recursive: true });
  return mkdtemp(path.join(TMP, `${prefix}-`));
}

export async function generateInto(input: string, prefix: string, options: Partial<GenerateOptions> = {}): Promise<{ dir: string; result: GenerateResult }> {
  const dir = await tmpDir(prefix);
  const result = await generate({ input, output: dir, ...options });
  return { dir, result };
}

/**
 * `tsc --noEmit` over the given files/folders with the strict settings.
 * Uses the native TypeScript 7 compiler (about 5x faster on large outputs);
 * returns the diagnostics text ('' when clean).
 */
export async function typecheck(include: string[], extra: Record<string, unknown> = {}): Promise<string> {
  const dir = await tmpDir('tsc');
  const config = path.join(dir, 'tsconfig.json');
  await writeFile(config, JSON.stringify({ compilerOptions: { ...STRICT_OPTIONS, ...extra }, include: include.map((p) => (p.endsWith('.ts') ? p : `${p}/**/*.ts`)) }));
  try {
    await run(process.execPath, [path.join(ROOT, 'node_modules/tsc7/bin/tsc'), '-p', config], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    return '';
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    return `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Writes `document` as `spec.json` in a fresh folder under .tmp/ and returns its path. */
export async function writeSpec(prefix: string, document: unknown): Promise<string> {
  const file = path.join(await tmpDir(prefix), 'spec.json');
  await writeFile(file, JSON.stringify(document));
  return file;
}
