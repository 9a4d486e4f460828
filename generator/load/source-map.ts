/**
 * Maps JSON pointers back to file:line:column. Sources are kept as text and
 * only re-parsed with a position-aware YAML parser when a location is needed
 * (errors, warnings), so the fast path pays nothing for positions.
 */
import { LineCounter, isMap, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { SourceLocation } from '../diagnostics.js';

interface Positioned {
  doc: Document;
  lines: LineCounter;
}

export class SourceMap {
  private readonly texts = new Map<string, string>();
  private readonly parsed = new Map<string, Positioned>();

  add(file: string, text: string): void {
    this.texts.set(file, text);
    this.parsed.delete(file);
  }

  get files(): string[] {
    return [...this.texts.keys()];
  }

  text(file: string): string | undefined {
    return this.texts.get(file);
  }

  private positioned(file: string): Positioned | undefined {
    let p = this.parsed.get(file);
    if (!p) {
      const text = this.texts.get(file);
      if (text === undefined) return undefined;
      const lines = new LineCounter();
      p = { doc: parseDocument(text, { lineCounter: lines, uniqueKeys: false }), lines };
      this.parsed.set(file, p);
    }
    return p;
  }

  /** Location of the node at `pointer` in `file`, or of its nearest existing ancestor. */
  locate(file: string, pointer: string): SourceLocation {
    const p = this.positioned(file);
    const location: SourceLocation = { file, pointer };
    if (!p) return location;
    let node: unknown = p.doc.contents;
    let best: Node | undefined = node as Node | undefined;
    for (const segment of parsePointer(pointer)) {
      if (isMap(node)) {
        const pair = node.items.find((item) => {
          const key = item.key as { value?: unknown } | null;
          return String(key && typeof key === 'object' && 'value' in key ? key.value : key) === segment;
        });
        if (!pair) break;
        node = pair.value ?? pair.key;
      } else if (isSeq(node)) {
        node = node.items[Number(segment)];
      } else break;
      if (!node) break;
      best = node as Node;
    }
    const offset = best?.range?.[0];
    if (offset !== undefined) {
      const pos = p.lines.linePos(offset);
      location.line = pos.line;
      location.column = pos.col;
    }
    return location;
  }

  /** Finds where `$ref: <value>` is written (for errors about a reference). */
  findRef(value: string): SourceLocation | undefined {
    for (const [file, text] of this.texts) {
      const index = findRefOffset(text, value);
      if (index < 0) continue;
      let line = 1;
      let col = 1;
      for (let i = 0; i < index; i++) {
        if (text.charCodeAt(i) === 10) {
          line++;
          col = 1;
        } else col++;
      }
      return { file, line, column: col };
    }
    return undefined;
  }
}

function findRefOffset(text: string, value: string): number {
  const re = new RegExp(`["']?\\$ref["']?\\s*:\\s*["']?(?:\\./)?${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?`);
  const m = re.exec(text);
  return m ? m.index : -1;
}

export function parsePointer(pointer: string): string[] {
  const body = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (body === '' || body === '/') return [];
  return body
    .slice(1)
    .split('/')
    .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
