/**
 * Validation against the OpenAPI/Swagger JSON Schema of the document's version
 * (the schemas swagger-parser uses, compiled once: see oas-schema.ts), plus a
 * check that every internal $ref resolves. Errors carry file:line:col.
 */
import type { EntryIndex } from '../content-hash.js';
import { SpecError, type Diagnostic } from '../diagnostics.js';
import { schemaErrors, type AjvError } from './oas-schema.js';
import { parsePointer, toPointer, type SourceMap } from './source-map.js';

/**
 * Entries (path items, components, ...) of the last document that passed, by content hash.
 * The OpenAPI schemas check each entry of those maps on its own, so an entry that passed
 * before passes again: watch mode validates only what changed.
 */
export interface ValidationMemo {
  valid: Set<string>;
}

export function createValidationMemo(): ValidationMemo {
  return { valid: new Set() };
}

/**
 * Returns whether the document has `$ref`s to other files (which need bundling). With `memo`,
 * the document's `index` (content-hash.ts) is required: its hashes name the entries.
 */
export function validateDocument(raw: Record<string, unknown>, version: string, file: string, sourceMap: SourceMap, memo?: ValidationMemo, index?: EntryIndex): { external: boolean } {
  // Refs stay unresolved here: the schemas allow a $ref object wherever one may stand.
  const { document, entries } = memo && index ? withoutKnownEntries(raw, memo, index) : { document: raw, entries: [] };
  const details = schemaErrors(document);
  if (details.length > 0) {
    const diagnostics = summarize(details).map<Diagnostic>((e) => ({
      code: 'SPEC_SCHEMA',
      message: describe(e),
      location: sourceMap.locate(file, e.instancePath),
    }));
    const first = diagnostics[0];
    throw new SpecError(
      'SPEC_SCHEMA',
      first ? `invalid OpenAPI ${version} document: ${first.message}` : `invalid OpenAPI ${version} document`,
      first?.location ?? { file },
      diagnostics,
    );
  }
  const external = (index && refsResolve(raw, index)) ?? checkInternalRefs(raw, file, sourceMap);
  if (memo && index) memo.valid = new Set(entries);
  return { external };
}

/** Maps whose entries the OpenAPI schemas validate independently of each other. */
const ENTRY_MAPS: ReadonlyArray<readonly string[]> = [
  ['paths'],
  ['webhooks'],
  ['definitions'],
  ['parameters'],
  ['responses'],
  ...['schemas', 'responses', 'parameters', 'examples', 'requestBodies', 'headers', 'securitySchemes', 'links', 'callbacks', 'pathItems'].map((g) => ['components', g]),
];

/** A shallow copy of the document without the entries `memo` knows to be valid; the hashes of all entries. */
function withoutKnownEntries(raw: Record<string, unknown>, memo: ValidationMemo, index: EntryIndex): { document: Record<string, unknown>; entries: string[] } {
  const document: Record<string, unknown> = { ...raw };
  const entries: string[] = [];
  for (const at of ENTRY_MAPS) {
    const parent = at.length === 1 ? document : (document[at[0]!] as Record<string, unknown> | undefined);
    const map = parent?.[at[at.length - 1]!];
    if (!parent || !map || typeof map !== 'object' || Array.isArray(map)) continue;
    const kept: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(map)) {
      // extension keys (x-...) are validated with the map itself: keep them
      const hash = key.startsWith('x-') ? undefined : index.hashes.get(`${at.join('\0')}\0${key}`);
      if (hash !== undefined) entries.push(hash);
      if (hash === undefined || !memo.valid.has(hash)) kept[key] = value;
    }
    if (at.length === 1) document[at[0]!] = kept;
    else document[at[0]!] = { ...parent, [at[1]!]: kept };
  }
  return { document, entries };
}

/** ajv reports every branch of every oneOf; keep the deepest, most specific errors, de-duplicated. */
function summarize(errors: AjvError[]): AjvError[] {
  const specific = mergeEnums(
    errors
      .filter((e) => !['oneOf', 'anyOf', 'if', 'not', '$ref', 'then', 'else'].includes(e.keyword))
      // "is missing $ref" is the other branch of every "object or reference" oneOf: noise
      .filter((e) => !(e.keyword === 'required' && e.params?.['missingProperty'] === '$ref')),
  );
  const pool = specific.length > 0 ? specific : errors;
  const maxDepth = Math.max(...pool.map((e) => e.instancePath.split('/').length));
  // Prefer the deepest pointer (the most precise location), then keep order.
  const deepest = pool.filter((e) => e.instancePath.split('/').length === maxDepth);
  const seen = new Set<string>();
  const out: AjvError[] = [];
  for (const e of [...deepest, ...pool]) {
    const key = `${e.instancePath}|${describe(e)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
    if (out.length >= 10) break;
  }
  return out;
}

/** Several `enum` errors at one pointer (one per oneOf branch) become one with all allowed values. */
function mergeEnums(errors: AjvError[]): AjvError[] {
  const merged = new Map<string, AjvError>();
  const out: AjvError[] = [];
  for (const e of errors) {
    if (e.keyword !== 'enum') {
      out.push(e);
      continue;
    }
    const existing = merged.get(e.instancePath);
    const values = (e.params?.['allowedValues'] as unknown[] | undefined) ?? [];
    if (existing) {
      const all = existing.params!['allowedValues'] as unknown[];
      for (const v of values) if (!all.includes(v)) all.push(v);
    } else {
      const copy = { ...e, params: { allowedValues: [...values] } };
      merged.set(e.instancePath, copy);
      out.push(copy);
    }
  }
  return out;
}

function describe(e: AjvError): string {
  const where = e.instancePath === '' ? 'the document' : `#${e.instancePath}`;
  const p = e.params ?? {};
  switch (e.keyword) {
    case 'required':
      return `${where} is missing the required property ${JSON.stringify(p['missingProperty'])}`;
    case 'additionalProperties':
      return `${where} has an unknown property ${JSON.stringify(p['additionalProperty'])}`;
    case 'unevaluatedProperties': // the 3.2 schema's form of additionalProperties: false
      return `${where} has an unknown property ${JSON.stringify(p['unevaluatedProperty'])}`;
    case 'type':
      return `${where} must be ${String(p['type'])}`;
    case 'enum':
      return `${where} must be one of ${JSON.stringify(p['allowedValues'])}`;
    case 'pattern':
      return `${where} does not match the pattern ${String(p['pattern'])}`;
    default:
      return `${where} ${e.message ?? 'is invalid'}`;
  }
}

/**
 * The reference check from the index's `$ref`s (no walk of the document): whether there are
 * external refs, or undefined when some internal one points to nothing (then the walk below
 * locates every dangling one).
 */
function refsResolve(root: Record<string, unknown>, index: EntryIndex): boolean | undefined {
  let external = false;
  for (const ref of index.refs()) {
    if (!ref.startsWith('#')) external = true;
    else if (resolvePointer(root, ref) === undefined) return undefined;
  }
  return external;
}

/**
 * Every `$ref: '#/…'` must point at something (external refs are checked while bundling);
 * true when there are external refs. All dangling refs are reported, in file order.
 */
function checkInternalRefs(root: Record<string, unknown>, file: string, sourceMap: SourceMap): boolean {
  let external = false;
  // Parent links instead of path arrays per node: the pointer is only built for an error.
  interface Frame { value: unknown; key: string; parent: Frame | undefined }
  const stack: Frame[] = [{ value: root, key: '', parent: undefined }];
  const seen = new Map<string, boolean>();
  const dangling: Frame[] = [];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const value = frame.value;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) if (value[i] && typeof value[i] === 'object') stack.push({ value: value[i], key: String(i), parent: frame });
      continue;
    }
    const obj = value as Record<string, unknown>;
    const ref = obj['$ref'];
    if (typeof ref === 'string' && !ref.startsWith('#')) external = true;
    else if (typeof ref === 'string') {
      let ok = seen.get(ref);
      if (ok === undefined) seen.set(ref, (ok = resolvePointer(root, ref) !== undefined));
      if (!ok) dangling.push(frame);
    }
    for (const k in obj) {
      const v = obj[k];
      if (v && typeof v === 'object') stack.push({ value: v, key: k, parent: frame });
    }
  }
  if (dangling.length > 0) {
    const diagnostics = dangling
      .map<Diagnostic>((frame) => {
        const segments: string[] = ['$ref'];
        for (let f: Frame | undefined = frame; f?.parent; f = f.parent) segments.unshift(f.key);
        const ref = (frame.value as Record<string, unknown>)['$ref'];
        return { code: 'SPEC_REF_NOT_FOUND', message: `$ref ${JSON.stringify(ref)} points to nothing`, location: sourceMap.locate(file, toPointer(segments)) };
      })
      .sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0));
    const first = diagnostics[0]!;
    const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more dangling $ref${diagnostics.length > 2 ? 's' : ''})` : '';
    throw new SpecError('SPEC_REF_NOT_FOUND', `${first.message}${more}`, first.location, diagnostics);
  }
  return external;
}

export function resolvePointer(root: unknown, ref: string): unknown {
  let node: unknown = root;
  for (const segment of parsePointer(ref)) {
    if (!node || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}
