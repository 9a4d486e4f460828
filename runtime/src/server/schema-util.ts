import type { ApiSpec, JsonSchema } from '../spec.js';

type SchemaObject = { [keyword: string]: unknown };

function isObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `obj[key] = value` that always creates an own property: a spec may name a
 * parameter, property or schema `__proto__`, and plain assignment would set the
 * object's prototype instead (and silently drop the value).
 */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** `obj[key]` for own properties only (never `constructor`, `toString`, … from the prototype). */
export function getOwn<T>(obj: Record<string, T> | undefined, key: string): T | undefined {
  return obj !== undefined && Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Follows `$ref`s into `api.schemas` (both `<schemaId>#/components/schemas/X` and `#/…` forms). */
export function resolveSchema(api: ApiSpec, schema: JsonSchema | undefined, depth = 0): SchemaObject {
  if (!isObject(schema)) return {};
  const ref = schema['$ref'];
  if (typeof ref !== 'string' || depth > 32) return schema;
  const hash = ref.indexOf('#/components/schemas/');
  if (hash < 0) return schema;
  const name = decodeURIComponent(ref.slice(hash + '#/components/schemas/'.length)).replaceAll('~1', '/').replaceAll('~0', '~');
  return resolveSchema(api, getOwn(api.schemas, name), depth + 1);
}

/** The JSON types a schema allows (`type` as string or array); empty when unconstrained. */
export function schemaTypes(api: ApiSpec, schema: JsonSchema | undefined): string[] {
  const s = resolveSchema(api, schema);
  const t = s['type'];
  if (typeof t === 'string') return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  return [];
}

/** The JSON types a schema allows, looking through `$ref`s and `allOf`/`anyOf`/`oneOf` branches. */
function collectTypes(api: ApiSpec, schema: JsonSchema | undefined, out: Set<string>, depth: number): void {
  if (depth > 16) return;
  const s = resolveSchema(api, schema);
  for (const t of schemaTypes(api, s)) out.add(t);
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const branches = s[keyword];
    if (Array.isArray(branches)) for (const b of branches) collectTypes(api, b as JsonSchema, out, depth + 1);
  }
}

/** What a text-kind body (text/*, XML) carries: the text itself (validated as a string), a primitive
 * parsed from the text, or — for object/array schemas, which describe a document the runtime does
 * not parse (XML) — `opaque` text handed over unvalidated. */
export type TextBodyType = 'string' | 'number' | 'integer' | 'boolean' | 'opaque';

export function textBodyType(api: ApiSpec, schema: JsonSchema | undefined): TextBodyType {
  const types = new Set<string>();
  collectTypes(api, schema, types, 0);
  if (types.size === 0 || types.has('string')) return 'string';
  for (const t of ['number', 'integer', 'boolean'] as const) if (types.has(t)) return t;
  return 'opaque';
}

export function propertySchemas(api: ApiSpec, schema: JsonSchema | undefined): Record<string, JsonSchema> {
  const props = resolveSchema(api, schema)['properties'];
  return isObject(props) ? (props as Record<string, JsonSchema>) : {};
}

/** Whether an object schema admits properties it doesn't list. */
export function allowsExtraProperties(api: ApiSpec, schema: JsonSchema | undefined): boolean {
  const s = resolveSchema(api, schema);
  return s['additionalProperties'] !== false || isObject(s['patternProperties']);
}

/**
 * Copies a schema tree, dropping from each `required` list the properties marked with `flag`
 * (`readOnly` for requests, `writeOnly` for responses), as OpenAPI prescribes: a required readOnly
 * property is required in responses only.
 */
export function stripFlaggedRequired(api: ApiSpec, schema: JsonSchema, flag: 'readOnly' | 'writeOnly'): JsonSchema {
  const seen = new WeakMap<object, unknown>();
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isObject(node)) return node;
    const cached = seen.get(node);
    if (cached) return cached;
    const out: SchemaObject = {};
    seen.set(node, out);
    for (const [k, v] of Object.entries(node)) setOwn(out, k, walk(v));
    const props = node['properties'];
    const required = node['required'];
    if (isObject(props) && Array.isArray(required)) {
      out['required'] = required.filter(
        (name) => !(typeof name === 'string' && resolveSchema(api, props[name] as JsonSchema)[flag] === true),
      );
    }
    return out;
  };
  return walk(schema) as JsonSchema;
}
