/**
 * Writes emitted files inside the output directory only, and only those whose
 * bytes changed. All files are rendered before anything is written, so a
 * failure never leaves a half-written output.
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SpecError } from './diagnostics.js';
import type { EmittedFile } from './emit/context.js';

export interface WriteResult {
  written: string[];
  unchanged: string[];
}

/** Resolves `relative` inside `outDir`, refusing anything that would land outside it. */
export function safeJoin(outDir: string, relative: string): string {
  const root = path.resolve(outDir);
  if (path.isAbsolute(relative) || relative.split(/[\\/]/).some((s) => s === '..' || s === '')) {
    throw new SpecError('OUT_PATH', `refusing to write ${JSON.stringify(relative)}: outside the output directory`);
  }
  const target = path.resolve(root, relative);
  if (target !== root && !target.startsWith(root + path.sep)) {
    throw new SpecError('OUT_PATH', `refusing to write ${JSON.stringify(relative)}: outside the output directory`);
  }
  return target;
}

/**
 * What this process last wrote or read at each path, with the file's size and mtime then
 * (watch mode): while both are unchanged, the file still holds those bytes and is not read again.
 */
export type OnDisk = Map<string, { contents: string; size: number; mtimeMs: number }>;

async function readKnown(target: string, known: OnDisk | undefined): Promise<string | undefined> {
  try {
    if (!known) return await readFile(target, 'utf8');
    const info = await stat(target);
    const last = known.get(target);
    if (last && last.size === info.size && last.mtimeMs === info.mtimeMs) return last.contents;
    const contents = await readFile(target, 'utf8');
    known.set(target, { contents, size: info.size, mtimeMs: info.mtimeMs });
    return contents;
  } catch {
    known?.delete(target);
    return undefined;
  }
}

export async function diffFiles(outDir: string, files: EmittedFile[], known?: OnDisk): Promise<{ changed: EmittedFile[]; unchanged: string[] }> {
  const changed: EmittedFile[] = [];
  const unchanged: string[] = [];
  for (const file of files) {
    const target = safeJoin(outDir, file.path);
    const onDisk = await readKnown(target, known);
    if (onDisk === file.contents) unchanged.push(file.path);
    else changed.push(file);
  }
  return { changed, unchanged };
}

export async function writeFiles(outDir: string, files: EmittedFile[], known?: OnDisk): Promise<WriteResult> {
  const { changed, unchanged } = await diffFiles(outDir, files, known);
  for (const file of changed) {
    const target = safeJoin(outDir, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    // write-then-rename: a reader (tsc --watch, a dev server) never sees a half-written file
    const temp = `${target}.${process.pid}.tmp`;
    await writeFile(temp, file.contents);
    await rename(temp, target);
    if (known) {
      const info = await stat(target);
      known.set(target, { contents: file.contents, size: info.size, mtimeMs: info.mtimeMs });
    }
  }
  return { written: changed.map((f) => f.path), unchanged };
}
