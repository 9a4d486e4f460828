/** AMF positions → our SourceLocation (AMF lines are 1-based, columns 0-based; ours are both 1-based). */
import { fileURLToPath } from 'node:url';
import type { SourceLocation } from '../diagnostics.js';
import type { Amf } from './amf-runtime.js';

export function fileOf(url: string | undefined, fallback: string): string {
  if (url === undefined || url === '') return fallback;
  if (!url.startsWith('file:')) return url;
  try {
    return fileURLToPath(url);
  } catch {
    return fallback;
  }
}

export function rangeLocation(url: string | undefined, range: Amf.Range | undefined, fallback: string): SourceLocation {
  const location: SourceLocation = { file: fileOf(url, fallback) };
  if (range !== undefined && range.lineFrom > 0) {
    location.line = range.lineFrom;
    location.column = range.columnFrom + 1;
  }
  return location;
}

/** Where a model element was written (inside !included files and libraries too). */
export function elementLocation(element: { annotations(): Amf.Annotations } | undefined, fallback: string): SourceLocation {
  if (element === undefined) return { file: fallback };
  const annotations = element.annotations();
  let range: Amf.Range | undefined;
  try {
    range = annotations.lexical();
  } catch {
    range = undefined;
  }
  return rangeLocation(annotations.location(), range, fallback);
}
