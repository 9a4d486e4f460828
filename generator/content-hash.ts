/**
 * Content hashes for the caches that make repeated runs cheap (watch mode), and the index of a
 * document's entries: every path item, webhook and component is hashed once per run, and what
 * the document-wide walks need from an entry (its `$ref`s, whether it uses `discriminator`,
 * `readOnly`, `writeOnly`) is kept by that hash, so an unchanged entry is never walked again.
 */
import { createHash } from 'node:crypto';
import { scanKeywords, type Keywords } from './normalize/keywords.js';

/** sha1, base64: for cache keys, not for security. */
export function contentHash(text: string | Uint8Array): string {
  return createHash('sha1').update(text).digest('base64');
}

type Obj = Record<string, unknown>;

/** Top-level maps whose entries are units of reuse (Swagger 2.0's `definitions`, `parameters`, `responses` too). */
const ENTRY_MAPS = ['paths', 'webhooks', 'definitions', 'parameters', 'responses'] as const;

const isMap = (value: unknown): value is Obj => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Every entry of a document — `paths\0<url>`, `webhooks\0<name>`, `components\0<group>\0<name>`
 * (and 2.0's `definitions\0<name>` …) — with its value, in document order.
 */
export function* documentEntries(document: Obj): Generator<[key: string, value: unknown]> {
  for (const map of ENTRY_MAPS) {
    const entries = document[map];
    if (isMap(entries)) for (const name of Object.keys(entries)) yield [`${map}\0${name}`, entries[name]];
  }
  const components = document['components'];
  if (isMap(components)) {
    for (const group of Object.keys(components)) {
      const items = components[group];
      if (isMap(items)) for (const name of Object.keys(items)) yield [`components\0${group}\0${name}`, items[name]];
    }
  }
}

function entryHash(key: string, value: unknown): string {
  return contentHash(`${key}\0${JSON.stringify(value)}`);
}

/**
 * sha1 of every entry of a document (see documentEntries), taken once per run before anything
 * prints: the keys the incremental caches (validation, ts-document entries, `$ref` dependencies,
 * document-wide analyses) compare against the last run. Hashes an {@link EntryIndex} already
 * took for this very document object are returned as they are.
 */
export function entryHashes(document: Obj): Map<string, string> {
  const known = indexed.get(document);
  if (known) return known.hashes;
  const out = new Map<string, string>();
  for (const [key, value] of documentEntries(document)) out.set(key, entryHash(key, value));
  return out;
}

/** What the document-wide walks need from one entry, found in one walk of it. */
export interface EntryFacts extends Keywords {
  /** Every distinct `$ref` value in the entry. */
  refs: string[];
}

/** What the memo keeps of one entry: its facts and, when it was hashed from its text, its parsed value. */
export type EntryRecord = EntryFacts & { value?: unknown };

/**
 * Facts by entry hash, kept between runs (watch mode). An entry hashed from its text
 * (load/json-entries.ts) also keeps its parsed `value`, handed to the next run whose text
 * holds the same entry, as long as no stage changed it in place (see EntryIndex.refresh);
 * `texts` holds each entry's text and hash of the last run, so an entry whose text is the
 * same is not hashed again.
 */
export class EntryMemo extends Map<string, EntryRecord> {
  readonly texts = new Map<string, { text: string; hash: string }>();
}

export function createEntryMemo(): EntryMemo {
  return new EntryMemo();
}

/** The index a document object got (read by entryHashes and keywordsOf, so the emitters need not walk again). */
const indexed = new WeakMap<object, EntryIndex>();

export function indexOf(document: Obj): EntryIndex | undefined {
  return indexed.get(document);
}

/**
 * A document's entries by hash, with their facts from `memo` (or one walk each when new).
 * The index describes the document object as it is now: after changing entries in place
 * (hoist-refs.ts), call {@link EntryIndex.refresh} with the keys changed.
 */
export class EntryIndex {
  readonly hashes = new Map<string, string>();
  private readonly facts = new Map<string, EntryRecord>();
  private keywordsFound: Keywords | undefined;

  /** `fromText`: the entries' hashes taken from their text as they were parsed (load/json-entries.ts); their values are then kept in `memo`. */
  constructor(
    readonly document: Obj,
    private readonly memo: EntryMemo = createEntryMemo(),
    fromText?: ReadonlyMap<string, string>,
  ) {
    for (const [key, value] of documentEntries(document)) this.add(key, value, fromText?.get(key));
    indexed.set(document, this);
  }

  private add(key: string, value: unknown, textHash?: string): void {
    const hash = textHash ?? entryHash(key, value);
    this.hashes.set(key, hash);
    let facts = this.memo.get(hash);
    if (!facts) this.memo.set(hash, (facts = factsOf(value)));
    if (textHash !== undefined) facts.value = value;
    this.facts.set(key, facts);
  }

  /**
   * `document` has the same entries as the indexed one, each a function of its original alone
   * (normalize/openapi31.ts): it is known by this index too, with the same hashes.
   */
  describe(document: Obj): void {
    indexed.set(document, this);
  }

  /** The facts of one entry (undefined for a key that is not an entry). */
  factsOf(key: string): EntryFacts | undefined {
    return this.facts.get(key);
  }

  /** Entries changed in place (or added) since the index was taken: hashed and walked again; vanished ones dropped. */
  refresh(changed: Iterable<string>): void {
    const wanted = new Set(changed);
    if (wanted.size === 0) return;
    this.keywordsFound = undefined;
    // their values no longer hold what their text says: never handed to a later run
    for (const key of wanted) delete this.facts.get(key)?.value;
    for (const [key, value] of documentEntries(this.document)) if (wanted.has(key) || !this.hashes.has(key)) this.add(key, value);
  }

  /** discriminator / readOnly / writeOnly anywhere in the document (keywords.ts), from the entries' facts plus one walk of the rest. */
  keywords(): Keywords {
    if (this.keywordsFound) return this.keywordsFound;
    const found = factsOf(outsideEntries(this.document));
    for (const facts of this.facts.values()) {
      found.discriminator ||= facts.discriminator;
      found.readOnly ||= facts.readOnly;
      found.writeOnly ||= facts.writeOnly;
    }
    return (this.keywordsFound = { discriminator: found.discriminator, readOnly: found.readOnly, writeOnly: found.writeOnly });
  }

  /** Every distinct `$ref` value in the document (entries and the rest), for the reference check. */
  refs(): Set<string> {
    const out = new Set(factsOf(outsideEntries(this.document)).refs);
    for (const facts of this.facts.values()) for (const ref of facts.refs) out.add(ref);
    return out;
  }

  /** Prune the memo to this run's entries (so it does not grow with every edit). */
  prune(): void {
    const live = new Set(this.hashes.values());
    for (const hash of this.memo.keys()) if (!live.has(hash)) this.memo.delete(hash);
  }
}

/** The document without its entries (the maps' other parts stay: `info`, `servers`, non-map component groups, …). */
function outsideEntries(document: Obj): Obj {
  const rest: Obj = { ...document };
  for (const map of ENTRY_MAPS) if (isMap(rest[map])) delete rest[map];
  const components = document['components'];
  if (isMap(components)) {
    const kept: Obj = {};
    for (const group of Object.keys(components)) if (!isMap(components[group])) kept[group] = components[group];
    rest['components'] = kept;
  }
  return rest;
}

function factsOf(value: unknown): EntryFacts {
  const refs = new Set<string>();
  const found = scanKeywords(value, (ref) => refs.add(ref));
  return { ...found, refs: [...refs] };
}

/** The entry key of a `$ref` that names a whole component (`#/components/<group>/<name>`), else undefined. */
export function componentEntryKey(ref: string): string | undefined {
  const m = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
  if (!m) return undefined;
  const unescape = (s: string) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~');
  try {
    return `components\0${unescape(m[1]!)}\0${unescape(m[2]!)}`;
  } catch {
    return undefined;
  }
}
