/**
 * Watch mode: a JSON spec parsed entry by entry. One scan of the text finds the byte span of
 * every path item, webhook and component (content-hash.ts documentEntries); each entry is
 * hashed from its text, and an entry whose text an earlier run parsed gets that run's value
 * back instead of being parsed again (on GitHub's 5.7 MB spec a one-line edit re-parses one
 * path item). Values are handed out again only while no stage changed them in place: see
 * EntryIndex.refresh, which forgets the value of every entry hoisting rewrote.
 *
 * Anything the scan does not expect (not an object at the top, a syntax error, nesting past
 * MAX_NESTING) returns undefined, and the caller parses the whole text as before, which
 * reports the located error.
 */
import { contentHash, type EntryMemo } from '../content-hash.js';
import { MAX_NESTING } from './parse.js';

type Obj = Record<string, unknown>;

export interface ParsedEntries {
  document: Obj;
  /** The hash of every entry (key as in documentEntries), taken from its text. */
  hashes: Map<string, string>;
}

/** Top-level maps whose members are entries (as content-hash.ts ENTRY_MAPS), and `components`, whose map-valued groups hold entries. */
const ENTRY_MAPS = new Set(['paths', 'webhooks', 'definitions', 'parameters', 'responses']);

const QUOTE = 0x22;
/** What matters inside a value being skipped: a string starts, a container opens or closes. */
const STRUCTURE = /["{}[\]]/g;
const BACKSLASH = 0x5c;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

class Scanner {
  i = 0;
  /** Deepest nesting seen (the top-level object counts 1). */
  maxDepth = 0;
  constructor(readonly text: string) {}

  space(): void {
    const t = this.text;
    while (this.i < t.length && isSpace(t.charCodeAt(this.i))) this.i++;
  }

  /** Skips the string starting at `i` (a quote); returns its end (after the closing quote), -1 when unterminated. */
  skipString(): number {
    const t = this.text;
    let j = this.i + 1;
    for (;;) {
      const q = t.indexOf('"', j);
      if (q < 0) return -1;
      let backslashes = 0;
      for (let k = q - 1; t.charCodeAt(k) === BACKSLASH; k--) backslashes++;
      if (backslashes % 2 === 0) return (this.i = q + 1);
      j = q + 1;
    }
  }

  /** Skips one value at `i` (nested at `depth`, 1 for a top-level member); false when the text is not JSON-shaped there. */
  skipValue(depth: number): boolean {
    const t = this.text;
    const c = t.charCodeAt(this.i);
    if (c === QUOTE) return this.skipString() >= 0;
    if (c !== 0x7b && c !== 0x5b) {
      // a scalar: up to the next delimiter (JSON.parse of the slice checks it)
      while (this.i < t.length) {
        const d = t.charCodeAt(this.i);
        if (d === 0x2c || d === 0x7d || d === 0x5d || isSpace(d)) break;
        this.i++;
      }
      return true;
    }
    let level = 0;
    const next = STRUCTURE;
    for (;;) {
      next.lastIndex = this.i;
      if (!next.test(t)) return false;
      this.i = next.lastIndex - 1;
      const d = t.charCodeAt(this.i);
      if (d === QUOTE) {
        if (this.skipString() < 0) return false;
        continue;
      }
      if (d === 0x7b || d === 0x5b) {
        level++;
        if (depth + level > this.maxDepth) this.maxDepth = depth + level;
      } else if (--level === 0) {
        this.i++;
        return true;
      }
      this.i++;
    }
  }

  /** The key at `i` (a JSON string), `i` after the colon and the space after it; undefined when malformed. */
  key(): string | undefined {
    const start = this.i;
    if (this.text.charCodeAt(start) !== QUOTE || this.skipString() < 0) return undefined;
    let key: string;
    try {
      key = JSON.parse(this.text.slice(start, this.i)) as string;
    } catch {
      return undefined;
    }
    this.space();
    if (this.text.charCodeAt(this.i) !== 0x3a) return undefined;
    this.i++;
    this.space();
    return key;
  }

  /**
   * The members of the object at `i` (nested at `depth`), each with its value's span, in
   * text order; `i` after the closing brace. Undefined when malformed.
   */
  members(depth: number): Array<[key: string, start: number, end: number]> | undefined {
    const t = this.text;
    if (t.charCodeAt(this.i) !== 0x7b) return undefined;
    if (depth > this.maxDepth) this.maxDepth = depth;
    this.i++;
    this.space();
    const out: Array<[string, number, number]> = [];
    if (t.charCodeAt(this.i) === 0x7d) {
      this.i++;
      return out;
    }
    for (;;) {
      const key = this.key();
      if (key === undefined) return undefined;
      const start = this.i;
      if (!this.skipValue(depth)) return undefined;
      out.push([key, start, this.i]);
      this.space();
      const c = t.charCodeAt(this.i);
      this.i++;
      if (c === 0x7d) return out;
      if (c !== 0x2c) return undefined;
      this.space();
    }
  }
}

/** As JSON.parse sets a member (a `__proto__` key is an own property, never the prototype). */
function setMember(target: Obj, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  else target[key] = value;
}

/**
 * Parses JSON `text` (a spec's root document) entry by entry, reusing the values `memo`
 * holds for entries with the same text. Undefined when the text is not a JSON object the
 * scan understands: parse it whole then.
 */
export function parseJsonEntries(text: string, memo: EntryMemo): ParsedEntries | undefined {
  const scan = new Scanner(text);
  if (text.charCodeAt(0) === 0xfeff) scan.i = 1;
  const hashes = new Map<string, string>();
  const texts = new Map<string, { text: string; hash: string }>();
  /** The object at `i` (nested at `depth`) as a map of entries named `prefix\0<member>`. */
  const entries = (prefix: string, depth: number): Obj | undefined => {
    const members = scan.members(depth);
    if (!members) return undefined;
    const out: Obj = {};
    for (const [name, from, to] of members) {
      const key = `${prefix}\0${name}`;
      const slice = text.slice(from, to);
      const last = memo.texts.get(key);
      // (comparing the text with the last run's is cheaper than hashing it)
      const hash = last !== undefined && last.text === slice ? last.hash : contentHash(`${key}\0${slice}`);
      // a key given twice: the last value counts (as with JSON.parse), and its hash
      hashes.set(key, hash);
      texts.set(key, { text: slice, hash });
      const known = memo.get(hash);
      setMember(out, name, known && 'value' in known ? known.value : JSON.parse(slice));
    }
    return out;
  };
  /** The value at `i`, parsed; `i` after it. */
  const value = (depth: number): unknown => {
    const start = scan.i;
    if (!scan.skipValue(depth)) throw new SyntaxError('unexpected text');
    return JSON.parse(text.slice(start, scan.i));
  };
  /** The object at `i` (nested at `depth`), each member's value from `member`. */
  const object = (depth: number, member: (name: string, isObject: boolean) => unknown): Obj => {
    const out: Obj = {};
    if (text.charCodeAt(scan.i) !== 0x7b) throw new SyntaxError('not an object');
    if (depth > scan.maxDepth) scan.maxDepth = depth;
    scan.i++;
    scan.space();
    if (text.charCodeAt(scan.i) === 0x7d) {
      scan.i++;
      return out;
    }
    for (;;) {
      const name = scan.key();
      if (name === undefined) throw new SyntaxError('unexpected text');
      const v = member(name, text.charCodeAt(scan.i) === 0x7b);
      if (v === undefined) throw new SyntaxError('unexpected text');
      setMember(out, name, v);
      scan.space();
      const c = text.charCodeAt(scan.i++);
      if (c === 0x7d) return out;
      if (c !== 0x2c) throw new SyntaxError('unexpected text');
      scan.space();
    }
  };
  try {
    scan.space();
    const document = object(1, (name, isObject) => {
      if (isObject && ENTRY_MAPS.has(name)) return entries(name, 2);
      if (isObject && name === 'components') return object(2, (group, isMap) => (isMap ? entries(`components\0${group}`, 3) : value(2)));
      return value(1);
    });
    scan.space();
    if (scan.i !== text.length || scan.maxDepth > MAX_NESTING) return undefined;
    memo.texts.clear();
    for (const [key, known] of texts) memo.texts.set(key, known);
    return { document, hashes };
  } catch {
    return undefined;
  }
}
