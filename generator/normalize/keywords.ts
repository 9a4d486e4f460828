/**
 * Document-wide facts the emitters switch on (does anything use a discriminator,
 * `readOnly: true`, `writeOnly: true`), found in one walk per document object and
 * shared by the type printer and the JSON Schema converter.
 */
type Obj = Record<string, unknown>;

export interface Keywords {
  discriminator: boolean;
  readOnly: boolean;
  writeOnly: boolean;
}

const seen = new WeakMap<object, Keywords>();

export function keywordsOf(document: Obj): Keywords {
  const known = seen.get(document);
  if (known) return known;
  const found = scanKeywords(document);
  seen.set(document, found);
  return found;
}

/**
 * One walk of `value` for the keywords; with `onRef`, every string `$ref` is reported too (and
 * the walk never stops early), for content-hash.ts's per-entry facts.
 */
export function scanKeywords(value: unknown, onRef?: (ref: string) => void): Keywords {
  const found: Keywords = { discriminator: false, readOnly: false, writeOnly: false };
  const stack: unknown[] = [value];
  while (stack.length > 0 && (onRef || !(found.discriminator && found.readOnly && found.writeOnly))) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const v of node) if (v && typeof v === 'object') stack.push(v);
      continue;
    }
    const o = node as Obj;
    for (const k in o) {
      const v = o[k];
      if (k === 'discriminator') found.discriminator = true;
      else if (k === 'readOnly' && v === true) found.readOnly = true;
      else if (k === 'writeOnly' && v === true) found.writeOnly = true;
      else if (k === '$ref' && onRef && typeof v === 'string') onRef(v);
      if (v && typeof v === 'object') stack.push(v);
    }
  }
  return found;
}

/** What keywordsOf would find in `document`, known without a walk (content-hash.ts EntryIndex.keywords). */
export function rememberKeywords(document: Obj, keywords: Keywords): void {
  seen.set(document, keywords);
}
