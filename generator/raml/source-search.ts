/** Text search over the spec's files, for warnings about things AMF keeps no position for. */
import { readFileSync } from 'node:fs';
import type { SourceLocation } from '../diagnostics.js';

export function findInSources(files: string[], rootFile: string, needle: string): SourceLocation {
  const ordered = [rootFile, ...files.filter((f) => f !== rootFile)];
  for (const file of ordered) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const index = text.indexOf(needle);
    if (index < 0) continue;
    const before = text.slice(0, index).split('\n');
    return { file, line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
  }
  return { file: rootFile };
}
