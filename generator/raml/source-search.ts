/** Text search over the spec's files, for warnings about things AMF keeps no position for. */
import { readFileSync } from 'node:fs';
import type { SourceLocation } from '../diagnostics.js';
import { fromVirtual } from '../load/remote.js';

/** A file's text, undefined when it cannot be read. */
export type SourceReader = (file: string) => string | undefined;

/**
 * How the steps after AMF read the spec's files: from disk, or for a spec URL (whose files are
 * virtual paths, load/remote.ts) the texts the sandboxed loader was served.
 */
export function sourceReader(rootFile: string, texts: ReadonlyMap<string, string>): SourceReader {
  if (fromVirtual(rootFile) !== undefined) return (file) => texts.get(file);
  return (file) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
}

export function findInSources(files: string[], rootFile: string, needle: string, read: SourceReader): SourceLocation {
  const ordered = [rootFile, ...files.filter((f) => f !== rootFile)];
  for (const file of ordered) {
    const text = read(file);
    if (text === undefined) continue;
    const index = text.indexOf(needle);
    if (index < 0) continue;
    const before = text.slice(0, index).split('\n');
    return { file, line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
  }
  return { file: rootFile };
}
