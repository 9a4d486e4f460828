/**
 * Watch mode for RAML: convert only the top-level resources of the root file that changed.
 *
 * The root is split at its top-level keys: every `/resource:` key and what is indented under
 * it is one block; everything else (title, baseUri, traits, resourceTypes, schemas/types,
 * uses, securitySchemes, …) is the header. When the header (text and line positions) and every
 * other file read are unchanged, AMF is handed the root with the unchanged blocks blanked out
 * (line numbers stay those of the real file) and with the `schemas:`/`types:` declarations
 * that no kept text names blanked too (in the root and in libraries). The operations of that
 * small API replace those of the changed blocks in the last result, and finishDocument runs
 * on the merged document, so ids are numbered as a full conversion numbers them. An error in
 * the edited blocks is reported from the partial run (at its real line) and the last good
 * snapshot is kept, so fixing it is a partial run again.
 *
 * Anything this cannot prove equal to a full conversion falls back to one: the first run, a
 * changed header or included file, a block defining a YAML anchor, overlapping block paths,
 * a partial result whose shared parts
 * (info, servers, security schemes) differ from the last one, a named schema used by the edited
 * blocks that comes out different (AMF puts body examples on it), or a removed block that used
 * named schemas. Known limit: a warning located outside the edited blocks (in a
 * trait, a declaration or an included file) that only the edited blocks caused stays until
 * the next full conversion.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import type { Diagnostic } from '../diagnostics.js';
import { cachedText, storeText } from '../fast-start/index.js';
import { isObject, objectAt, type JsonObject } from './json.js';
import { workerInUse } from './amf-worker.js';
import { convertRun, finishRun, type ConvertedRun, type ConvertOptions, type RamlLoadResult } from './run.js';

interface Segment {
  key: string;
  resource: boolean;
  /** 0-based line indexes, end exclusive. */
  start: number;
  end: number;
}

interface Split {
  lines: string[];
  segments: Segment[];
  /** The header lines with their positions: equal strings = same header. */
  header: string;
}

interface Snapshot {
  options: string;
  text: string;
  split: Split;
  /** Every other file read, with the text AMF got. */
  others: Map<string, string>;
  run: ConvertedRun;
  /** Block key → its paths, in document order. */
  blockPaths: Map<string, string[]>;
  /** Block key → its warnings, lines relative to the block's first line. */
  blockWarnings: Map<string, Diagnostic[]>;
  globalWarnings: Diagnostic[];
}

/** Any object (`{}`) can start a cache: loadRaml fills it. */
export interface RamlCache {
  snapshots?: Map<string, Snapshot>;
  /** How the last load was done (for tests and the bench). */
  last?: 'full' | 'partial' | 'unchanged';
}

export function createRamlCache(): RamlCache {
  return { snapshots: new Map() };
}

const TOP_KEY = /^("[^"]*"|'[^']*'|[^\s#:][^:]*):(?:[ \t]|$)/;

/** Top-level segments of a RAML (or library) file; undefined when the layout is not one this handles. */
function splitTopLevel(text: string): Split | undefined {
  const lines = text.split('\n');
  const segments: Segment[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!/^[^\s#]/.test(line)) continue;
    const match = TOP_KEY.exec(line);
    if (!match || /^(---|\.\.\.)/.test(line)) return undefined;
    const last = segments[segments.length - 1];
    if (last) last.end = i;
    const key = (match[1] ?? '').replace(/^["']|["']$/g, '');
    segments.push({ key, resource: key.startsWith('/'), start: i, end: lines.length });
  }
  const inResource = new Set<number>();
  for (const s of segments) if (s.resource) for (let i = s.start; i < s.end; i++) inResource.add(i);
  const header = lines.map((l, i) => (inResource.has(i) ? '' : `${i}\t${l}`)).filter((l) => l !== '').join('\n');
  return { lines, segments, header };
}

const ANCHOR = /(^|[\s[{,])&[^\s]/;

/** Blocks are independent only when their keys are unique, none is a prefix of another, and none defines a YAML anchor. */
function independentBlocks(split: Split): boolean {
  const keys = split.segments.filter((s) => s.resource).map((s) => s.key);
  if (new Set(keys).size !== keys.length) return false;
  for (const a of keys) for (const b of keys) if (a !== b && b.startsWith(`${a}/`)) return false;
  return split.segments.every((s) => !s.resource || !split.lines.slice(s.start, s.end).some((l) => ANCHOR.test(l)));
}

function blockText(split: Split, segment: Segment): string {
  return split.lines.slice(segment.start, segment.end).join('\n');
}

function blocks(split: Split): Segment[] {
  return split.segments.filter((s) => s.resource);
}

function ownerOf(path: string, keys: string[]): string | undefined {
  return keys.find((k) => path === k || path.startsWith(`${k}/`));
}

function pathsOf(doc: JsonObject): string[] {
  return Object.keys(objectAt(doc, 'paths') ?? {});
}

/** Warnings inside a block (root file, its lines) → that block, relative lines; the rest are global. */
function classify(warnings: Diagnostic[], split: Split, rootFile: string): { perBlock: Map<string, Diagnostic[]>; global: Diagnostic[] } {
  const perBlock = new Map<string, Diagnostic[]>();
  const global: Diagnostic[] = [];
  for (const w of warnings) {
    const line = w.location?.file === rootFile ? w.location.line : undefined;
    const block = line === undefined ? undefined : blocks(split).find((b) => line - 1 >= b.start && line - 1 < b.end);
    if (!block || line === undefined || !w.location) {
      global.push(w);
      continue;
    }
    const list = perBlock.get(block.key) ?? [];
    list.push({ ...w, location: { ...w.location, line: line - block.start } });
    perBlock.set(block.key, list);
  }
  return { perBlock, global };
}

/** Snapshot of a full (or merged) conversion; undefined when the root's layout allows no partial runs. */
function snapshotOf(options: string, rootFile: string, text: string, run: ConvertedRun): Snapshot | undefined {
  if (run.texts.get(rootFile) !== text) return undefined; // the file changed while AMF read it
  const split = splitTopLevel(text);
  if (!split || !independentBlocks(split)) return undefined;
  const keys = blocks(split).map((b) => b.key);
  const blockPaths = new Map<string, string[]>(keys.map((k) => [k, []]));
  for (const path of pathsOf(run.doc)) {
    const owner = ownerOf(path, keys);
    if (owner === undefined) return undefined;
    blockPaths.get(owner)?.push(path);
  }
  const { perBlock, global } = classify(run.warnings, split, rootFile);
  const others = new Map([...run.texts].filter(([file]) => file !== rootFile));
  return { options, text, split, others, run, blockPaths, blockWarnings: perBlock, globalWarnings: global };
}

// ---- pruning: declarations no kept text names are blanked ----

interface Entry {
  file: string;
  name: string;
  start: number;
  end: number;
}

const ENTRY = /^ {2}(?:- )?("[^"]*"|'[^']*'|[^\s#:'"-][^:]*):(?:[ \t]|$)/;

function declarationEntries(file: string, split: Split): Entry[] {
  const out: Entry[] = [];
  for (const segment of split.segments) {
    if (segment.key !== 'schemas' && segment.key !== 'types') continue;
    let current: Entry | undefined;
    for (let i = segment.start + 1; i < segment.end; i++) {
      const match = ENTRY.exec(split.lines[i] ?? '');
      if (!match) continue;
      if (current) current.end = i;
      current = { file, name: (match[1] ?? '').replace(/^["']|["']$/g, ''), start: i, end: segment.end };
      out.push(current);
    }
  }
  return out;
}

const WORD = /[A-Za-z0-9_-]+/g;

/** Root text for AMF: `keep` blocks and the header; other blocks and unnamed declarations blanked. Also pruned libraries. */
function partialTexts(rootFile: string, split: Split, keep: Set<string>, others: Map<string, string>, prune: boolean): Map<string, string> {
  const files = new Map<string, Split>([[rootFile, split]]);
  for (const [file, text] of prune ? others : []) {
    if (!/^\uFEFF?#%RAML[ \t]+1\.0[ \t]+Library\b/.test(text)) continue;
    const lib = splitTopLevel(text);
    if (lib) files.set(file, lib);
  }
  const blank = new Map<string, Set<number>>([...files.keys()].map((f) => [f, new Set<number>()]));
  for (const b of blocks(split)) if (!keep.has(b.key)) for (let i = b.start; i < b.end; i++) blank.get(rootFile)?.add(i);
  const entries = prune ? [...files].flatMap(([file, s]) => declarationEntries(file, s)) : [];
  const inEntry = new Map<string, Set<number>>([...files.keys()].map((f) => [f, new Set<number>()]));
  for (const e of entries) for (let i = e.start; i < e.end; i++) inEntry.get(e.file)?.add(i);
  const words = new Set<string>();
  const addWords = (text: string) => {
    for (const w of text.match(WORD) ?? []) words.add(w);
  };
  for (const [file, s] of files) {
    const off = blank.get(file) ?? new Set();
    const entryLines = inEntry.get(file) ?? new Set();
    addWords(s.lines.filter((_, i) => !off.has(i) && !entryLines.has(i)).join('\n'));
  }
  const kept = new Set<Entry>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const e of entries) {
      if (kept.has(e)) continue;
      const named = (e.name.match(WORD) ?? []).every((w) => words.has(w));
      if (!named) continue;
      kept.add(e);
      changed = true;
      addWords((files.get(e.file)?.lines ?? []).slice(e.start, e.end).join('\n'));
    }
  }
  // A declarations key with nothing under it would be an error: keep its first entry.
  const firstOfSegment = new Map<string, Entry>();
  for (const e of entries) {
    const s = files.get(e.file)?.segments.find((seg) => e.start >= seg.start && e.start < seg.end);
    const id = `${e.file}:${s?.start}`;
    if (!firstOfSegment.has(id)) firstOfSegment.set(id, e);
  }
  for (const [id, first] of firstOfSegment) {
    if (!entries.some((e) => kept.has(e) && `${e.file}:${files.get(e.file)?.segments.find((seg) => e.start >= seg.start && e.start < seg.end)?.start}` === id)) kept.add(first);
  }
  for (const e of entries) if (!kept.has(e)) for (let i = e.start; i < e.end; i++) blank.get(e.file)?.add(i);
  const texts = new Map<string, string>();
  for (const [file, s] of files) {
    const off = blank.get(file) ?? new Set();
    if (file !== rootFile && off.size === 0) continue;
    texts.set(file, s.lines.map((l, i) => (off.has(i) ? (l.endsWith('\r') ? '\r' : '') : l)).join('\n'));
  }
  return texts;
}

// ---- the merge ----

function refsIn(node: unknown, out: Set<string>): void {
  if (typeof node === 'string' && node.startsWith('#/components/schemas/')) out.add(decodeURIComponent(node.slice(21)));
  else if (Array.isArray(node)) for (const item of node) refsIn(item, out);
  else if (isObject(node)) for (const v of Object.values(node)) refsIn(v, out);
}

/** Named schemas reachable from `roots` (path items) through `schemas`. */
function reachable(roots: unknown[], schemas: JsonObject): Set<string> {
  const seen = new Set<string>();
  const todo = new Set<string>();
  refsIn(roots, todo);
  while (todo.size > 0) {
    const name = todo.values().next().value as string;
    todo.delete(name);
    if (seen.has(name)) continue;
    seen.add(name);
    refsIn(schemas[name], todo);
  }
  return seen;
}

const schemasOf = (doc: JsonObject): JsonObject => objectAt(objectAt(doc, 'components') ?? {}, 'schemas') ?? {};

function withoutPathsAndSchemas(doc: JsonObject): JsonObject {
  const { paths: _paths, components, ...rest } = doc;
  const { schemas: _schemas, ...otherComponents } = isObject(components) ? components : {};
  return { ...rest, components: otherComponents };
}

/** Equal as JSON (a snapshot read back from disk has no `undefined` members). */
const same = (a: unknown, b: unknown): boolean => isDeepStrictEqual(a === undefined ? a : JSON.parse(JSON.stringify(a)), b === undefined ? b : JSON.parse(JSON.stringify(b)));
const sameWarning = (a: Diagnostic, b: Diagnostic) => same(a, b);

/**
 * Tries a partial conversion of the blocks that differ from the snapshot. Returns the merged
 * run and its snapshot, or undefined when only a full conversion can be trusted.
 */
async function partial(snap: Snapshot, rootFile: string, text: string, version: '0.8' | '1.0', report: ConvertOptions): Promise<{ run: ConvertedRun; split: Split; changed: number } | undefined> {
  const split = splitTopLevel(text);
  if (!split || split.header !== snap.split.header || !independentBlocks(split)) return undefined;
  for (const [file, before] of snap.others) {
    const now = await readFile(file, 'utf8').catch(() => undefined);
    if (now !== before) return undefined;
  }
  if (snap.globalWarnings.some((w) => w.code === 'RAML_XML_SCHEMA' || w.code === 'RAML_PATTERN_PROPERTIES')) return undefined; // located by text search: not attributable
  const oldBlocks = new Map(blocks(snap.split).map((b) => [b.key, blockText(snap.split, b)]));
  const newBlocks = blocks(split);
  const changed = new Set(newBlocks.filter((b) => oldBlocks.get(b.key) !== blockText(split, b)).map((b) => b.key));
  const keys = newBlocks.map((b) => b.key);

  let chunk: ConvertedRun | undefined;
  const chunkPaths = new Map<string, string[]>();
  let chunkWarnings = new Map<string, Diagnostic[]>();
  if (changed.size > 0) {
    let overrides = partialTexts(rootFile, split, changed, snap.others, true);
    try {
      chunk = await convertRun(rootFile, version, report, overrides, undefined, partialThread());
    } catch {
      // Maybe a declaration was pruned that is named in no kept text (a `<<param | !singularize>>`
      // type, say): again with every declaration. An error then is the edited blocks' own, at
      // its real line (nothing else changed since the last good run): report it, keep the snapshot.
      overrides = partialTexts(rootFile, split, changed, snap.others, false);
      chunk = await convertRun(rootFile, version, report, overrides, undefined, partialThread());
    }
    if (chunk.texts.get(rootFile) !== overrides.get(rootFile)) return undefined;
    for (const file of chunk.files) if (file !== rootFile && !snap.others.has(file)) return undefined;
    if (!same(withoutPathsAndSchemas(chunk.doc), withoutPathsAndSchemas(snap.run.doc))) return undefined;
    for (const path of pathsOf(chunk.doc)) {
      const owner = ownerOf(path, keys);
      if (owner === undefined || !changed.has(owner)) return undefined;
      chunkPaths.set(owner, [...(chunkPaths.get(owner) ?? []), path]);
    }
    const { perBlock, global } = classify(chunk.warnings, split, rootFile);
    if (!global.every((w) => snap.globalWarnings.some((g) => sameWarning(g, w)))) return undefined;
    chunkWarnings = perBlock;
  }
  // Named schemas carry examples from the bodies that use them (AMF), so those used by the
  // edited blocks, before or after the edit, must come out of the partial run as they were.
  const before = schemasOf(snap.run.doc);
  const oldPaths = objectAt(snap.run.doc, 'paths') ?? {};
  const removed = [...oldBlocks.keys()].filter((k) => !keys.includes(k));
  if (reachable(removed.flatMap((k) => (snap.blockPaths.get(k) ?? []).map((p) => oldPaths[p])), before).size > 0) return undefined;
  const oldUsed = reachable([...changed].flatMap((k) => (snap.blockPaths.get(k) ?? []).map((p) => oldPaths[p])), before);
  const after = chunk ? schemasOf(chunk.doc) : {};
  const newUsed = chunk ? reachable(Object.values(objectAt(chunk.doc, 'paths') ?? {}), after) : new Set<string>();
  for (const name of new Set([...oldUsed, ...newUsed])) if (!same(before[name], after[name])) return undefined;

  const doc = structuredClone(snap.run.doc);
  const newPaths: JsonObject = {};
  const warnings: Diagnostic[] = [...snap.globalWarnings];
  for (const b of newBlocks) {
    const fromChunk = changed.has(b.key);
    const source = fromChunk ? (objectAt(chunk?.doc ?? {}, 'paths') ?? {}) : oldPaths;
    for (const path of fromChunk ? (chunkPaths.get(b.key) ?? []) : (snap.blockPaths.get(b.key) ?? [])) newPaths[path] = structuredClone(source[path]);
    for (const w of (fromChunk ? chunkWarnings.get(b.key) : snap.blockWarnings.get(b.key)) ?? []) {
      warnings.push({ ...w, location: { ...w.location, file: rootFile, line: (w.location?.line ?? 0) + b.start } });
    }
  }
  doc.paths = newPaths;
  return { run: { doc, warnings, files: snap.run.files, texts: new Map([[rootFile, text], ...snap.others]) }, split, changed: changed.size };
}

/**
 * Where a partial conversion runs: in the AMF worker when one is running (watch mode: AMF is
 * loaded there already), else in this thread. A CLI re-run after an edit converts one resource:
 * a worker would cost its start and, with its 192 MB young generation, about 120 MB more peak
 * memory for a conversion that small (amf-worker.ts; docs/raml.md, Performance).
 */
function partialThread(): 'worker' | 'here' {
  return workerInUse() ? 'worker' : 'here';
}

export async function loadIncrementally(cache: RamlCache, rootFile: string, text: string, version: '0.8' | '1.0', report: ConvertOptions): Promise<RamlLoadResult> {
  const options = JSON.stringify(report);
  const snapshots = (cache.snapshots ??= new Map());
  const snap = snapshots.get(rootFile);
  if (snap && snap.options === options) {
    const merged = await partial(snap, rootFile, text, version, report);
    if (merged) {
      const next = snapshotOf(options, rootFile, text, merged.run);
      if (next) snapshots.set(rootFile, next);
      else snapshots.delete(rootFile);
      cache.last = merged.changed === 0 ? 'unchanged' : 'partial';
      return finishRun(rootFile, merged.run);
    }
  }
  snapshots.delete(rootFile);
  const run = await convertRun(rootFile, version, report);
  const next = snapshotOf(options, rootFile, text, run);
  if (next) snapshots.set(rootFile, next);
  cache.last = 'full';
  return finishRun(rootFile, run);
}

// ---- across CLI runs: the snapshot kept in the CLI's private compile cache ----

let converterKey: string | undefined;

/** Names the converter: this folder's compiled code and amf-client-js's version (a new build never meets an old snapshot). */
function converterVersion(): string {
  if (converterKey !== undefined) return converterKey;
  const hash = createHash('sha1');
  const here = dirname(fileURLToPath(import.meta.url));
  for (const dir of [here, join(here, 'post')]) {
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) hash.update(name).update(readFileSync(join(dir, name)));
  }
  const amf = createRequire(import.meta.url)('amf-client-js/package.json') as { version?: string };
  converterKey = `${hash.digest('hex')}:${amf.version ?? '?'}`;
  return converterKey;
}

function diskKey(rootFile: string): string {
  return `raml-snapshot\0${converterVersion()}\0${rootFile}`;
}

interface StoredSnapshot {
  options: string;
  text: string;
  others: [string, string][];
  run: { doc: JsonObject; warnings: Diagnostic[]; files: string[] };
}

/**
 * A cache for one CLI run, seeded with the snapshot an earlier run kept on disk (only when
 * the CLI enabled its compile cache, fast-start/index.ts; the programmatic API keeps nothing).
 * An unchanged spec is then not converted at all, an edit of some resources partially.
 */
export function persistentCache(rootFile: string): RamlCache | undefined {
  let stored: StoredSnapshot;
  try {
    const text = cachedText(diskKey(rootFile));
    if (text === undefined) return { snapshots: new Map() };
    stored = JSON.parse(text) as StoredSnapshot;
  } catch {
    return { snapshots: new Map() };
  }
  const texts = new Map<string, string>([[rootFile, stored.text], ...stored.others]);
  const snap = snapshotOf(stored.options, rootFile, stored.text, { ...stored.run, texts });
  return { snapshots: new Map(snap ? [[rootFile, snap]] : []) };
}

/** Keeps the cache's snapshot of `rootFile` for the next CLI run. */
export function keepSnapshot(cache: RamlCache, rootFile: string): void {
  const snap = cache.snapshots?.get(rootFile);
  if (!snap) return;
  const stored: StoredSnapshot = {
    options: snap.options,
    text: snap.text,
    others: [...snap.others],
    run: { doc: snap.run.doc, warnings: snap.run.warnings, files: snap.run.files },
  };
  storeText(diskKey(rootFile), JSON.stringify(stored));
}
