/**
 * The one place that knows OpenAPI 3.0: a 3.0 document (written so, upgraded from Swagger 2.0
 * or converted from RAML) becomes a 3.1-shaped one before the model is built, so the model
 * builder and every emitter read JSON Schema 2020-12 schemas only. Per schema:
 *
 * - `nullable: true` beside a `type` -> `type: [type, 'null']` (and `null` joins an `enum`);
 *   beside a `$ref` or a composition -> `anyOf: [the schema, { type: 'null' }]`, its
 *   annotations (`description`, `readOnly` …) kept outside;
 * - boolean `exclusiveMinimum`/`exclusiveMaximum` -> the numeric form (`minimum` moves into it).
 *
 * Copy on write: an object none of whose schemas changes is the same object afterwards (the
 * input is never changed: the loaded document stays as validated). With a memo (watch mode),
 * entries whose hash was normalized before are not walked again.
 */
import { documentEntries, type EntryIndex } from '../content-hash.js';

type Obj = Record<string, unknown>;

/** The OpenAPI version a normalized 3.0 document gets. */
export const NORMALIZED_VERSION = '3.1.0';

/** Normalized entries by entry hash (content-hash.ts), kept between runs. */
export type NormalizeMemo = Map<string, unknown>;

export function createNormalizeMemo(): NormalizeMemo {
  return new Map();
}

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Keywords whose value is one schema. */
const ONE = new Set(['additionalProperties', 'items', 'not', 'contains', 'if', 'then', 'else', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties', 'additionalItems']);
/** Keywords whose value is a list of schemas. */
const LIST = new Set(['allOf', 'oneOf', 'anyOf', 'prefixItems']);
/** Keywords whose value maps names to schemas. */
const MAP = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
/** Parts of the document (outside schemas) that hold data, not structure: never walked. */
const DATA = new Set(['example', 'examples']);

/** As JSON.parse and the loaders set a member (a `__proto__` key is an own property). */
function setOwn(target: Obj, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
}

/** `obj` with `changes` applied (a copy, in the same key order), or `obj` itself when there are none. */
function withChanges(obj: Obj, changes: Map<string, unknown> | undefined): Obj {
  if (!changes) return obj;
  const out: Obj = {};
  for (const key of Object.keys(obj)) setOwn(out, key, changes.has(key) ? changes.get(key) : obj[key]);
  return out;
}

/** One 3.0 schema (and every schema inside it) as 3.1; the same object when nothing changes. */
export function schema30to31(schema: unknown, depth = 0): unknown {
  if (!isObj(schema) || depth > 400) return schema;
  let changes: Map<string, unknown> | undefined;
  const change = (key: string, value: unknown) => (changes ??= new Map()).set(key, value);
  for (const key of Object.keys(schema)) {
    if (key.startsWith('x-')) continue;
    const value = schema[key];
    if (ONE.has(key)) {
      const next = Array.isArray(value) ? listOf(value, depth) : schema30to31(value, depth + 1);
      if (next !== value) change(key, next);
    } else if (LIST.has(key) && Array.isArray(value)) {
      const next = listOf(value, depth);
      if (next !== value) change(key, next);
    } else if (MAP.has(key) && isObj(value)) {
      let inner: Map<string, unknown> | undefined;
      for (const name of Object.keys(value)) {
        const next = schema30to31(value[name], depth + 1);
        if (next !== value[name]) (inner ??= new Map()).set(name, next);
      }
      if (inner) change(key, withChanges(value, inner));
    }
  }
  const out = withChanges(schema, changes);
  return keywords30to31(out, out === schema);
}

function listOf(list: unknown[], depth: number): unknown[] {
  let out: unknown[] | undefined;
  list.forEach((item, i) => {
    const next = schema30to31(item, depth + 1);
    if (next !== item) (out ??= [...list])[i] = next;
  });
  return out ?? list;
}

/** The schema's own 3.0 keywords as 3.1 (`schema` is copied first when `shared`). */
function keywords30to31(schema: Obj, shared: boolean): Obj {
  const bounds = typeof schema['exclusiveMinimum'] === 'boolean' || typeof schema['exclusiveMaximum'] === 'boolean';
  const nullable = schema['nullable'] === true && (typeof schema['type'] === 'string' || schema['$ref'] !== undefined || !!schema['allOf'] || !!schema['oneOf'] || !!schema['anyOf']);
  if (!bounds && !nullable) return schema;
  let out = shared ? withChanges(schema, new Map()) : schema;
  for (const [exclusive, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (typeof out[exclusive] !== 'boolean') continue;
    if (out[exclusive] === true && typeof out[bound] === 'number') {
      out[exclusive] = out[bound];
      delete out[bound];
    } else delete out[exclusive];
  }
  if (nullable) {
    delete out['nullable'];
    if (out['$ref'] === undefined && !out['allOf'] && !out['oneOf'] && !out['anyOf']) {
      out['type'] = [out['type'], 'null'];
      if (Array.isArray(out['enum']) && !out['enum'].includes(null)) out['enum'] = [...out['enum'], null];
    } else {
      // what the schema says about itself stays outside (a description is the property's)
      const outside: Obj = {};
      const inside: Obj = {};
      for (const key of Object.keys(out)) setOwn(ANNOTATIONS.has(key) || key.startsWith('x-') ? outside : inside, key, out[key]);
      out = { ...outside, anyOf: [inside, { type: 'null' }] };
    }
  }
  return out;
}

/** Keywords about a schema rather than its values: kept on the `anyOf` a nullable composition becomes. */
const ANNOTATIONS = new Set(['title', 'description', 'deprecated', 'readOnly', 'writeOnly', 'default', 'example', 'examples', 'externalDocs', 'xml']);

/**
 * Every schema in a part of the document that is not itself a schema (a path item, a
 * component, a media type …): the values of `schema` keys and of `components.schemas`.
 */
function structure30to31(node: unknown, depth: number): unknown {
  if (depth > 400) return node;
  if (Array.isArray(node)) {
    let out: unknown[] | undefined;
    node.forEach((item, i) => {
      const next = structure30to31(item, depth + 1);
      if (next !== item) (out ??= [...node])[i] = next;
    });
    return out ?? node;
  }
  if (!isObj(node)) return node;
  let changes: Map<string, unknown> | undefined;
  for (const key of Object.keys(node)) {
    if (key.startsWith('x-') || DATA.has(key)) continue;
    const value = node[key];
    const next = key === 'schema' ? schema30to31(value) : structure30to31(value, depth + 1);
    if (next !== value) (changes ??= new Map()).set(key, next);
  }
  return withChanges(node, changes);
}

/** One entry (content-hash.ts documentEntries key) as 3.1. */
function entry30to31(key: string, value: unknown): unknown {
  if (key.startsWith('components\0schemas\0')) return schema30to31(value);
  return key.startsWith('components\0examples\0') ? value : structure30to31(value, 0);
}

/**
 * The document as OpenAPI 3.1 (3.1 and 3.2 documents are returned as they are). With the
 * document's `index` and a `memo`, entries normalized by an earlier run are reused by hash.
 */
export function normalizeTo31(document: Obj, index?: EntryIndex, memo?: NormalizeMemo): Obj {
  const version = document['openapi'];
  if (typeof version !== 'string' || !version.startsWith('3.0')) return document;
  const live: NormalizeMemo = new Map();
  const converted = new Map<string, unknown>();
  for (const [key, value] of documentEntries(document)) {
    const hash = index?.hashes.get(key);
    let next = hash === undefined ? undefined : memo?.get(hash);
    if (next === undefined) next = entry30to31(key, value);
    if (hash !== undefined) live.set(hash, next);
    if (next !== value) converted.set(key, next);
  }
  if (memo) {
    memo.clear();
    for (const [hash, value] of live) memo.set(hash, value);
  }
  // the entries' maps with the converted entries put in (the rest of the document holds no schema)
  const out: Obj = withChanges(document, new Map([['openapi', NORMALIZED_VERSION]]));
  const replace = (parent: Obj, mapKey: string, prefix: string) => {
    const map = parent[mapKey];
    if (!isObj(map)) return;
    let inner: Map<string, unknown> | undefined;
    for (const name of Object.keys(map)) {
      const next = converted.get(`${prefix}\0${name}`);
      if (next !== undefined) (inner ??= new Map()).set(name, next);
    }
    if (inner) setOwn(parent, mapKey, withChanges(map, inner));
  };
  for (const map of ['paths', 'webhooks', 'definitions', 'parameters', 'responses']) replace(out, map, map);
  if (isObj(out['components'])) {
    const components = withChanges(out['components'], new Map());
    for (const group of Object.keys(components)) replace(components, group, `components\0${group}`);
    setOwn(out, 'components', components);
  }
  return out;
}
