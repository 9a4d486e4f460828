/**
 * Issue 12.4: a property with a `default` that `required` does not list is optional for
 * whoever sends the value (a client's request body), but present once the server applied
 * the default (what a handler receives; responses, as openapi-typescript types them).
 * Component schemas whose type differs between the two views — they declare such a
 * property, or reach one through `$ref`s — get a second, "as sent" print (`$requestSchemas`).
 */
type Obj = Record<string, unknown>;

const SCHEMA_MAPS = ['properties', 'patternProperties', 'dependentSchemas', '$defs'] as const;
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const;
const SCHEMA_VALUES = ['additionalProperties', 'items', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems'] as const;
const PREFIX = '#/components/schemas/';

/** Names of the component schemas whose "as sent" type differs from the stored one. */
export function defaultedComponents(document: Obj, exclude: ReadonlySet<string>): Set<string> {
  const schemas = ((document['components'] as Obj | undefined)?.['schemas'] as Obj | undefined) ?? {};
  const direct = new Set<string>();
  const usedBy = new Map<string, string[]>();
  for (const [name, schema] of Object.entries(schemas)) {
    if (exclude.has(name)) continue;
    const { defaulted, refs } = scan(schema);
    if (defaulted) direct.add(name);
    for (const ref of refs) usedBy.set(ref, [...(usedBy.get(ref) ?? []), name]);
  }
  // everything that reaches a directly defaulted schema through $refs differs too
  const out = new Set<string>();
  const pending = [...direct];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (out.has(name) || exclude.has(name)) continue;
    out.add(name);
    pending.push(...(usedBy.get(name) ?? []));
  }
  return out;
}

/** Whether a schema declares an optional property with a default (not through `$ref`), and the components it refers to. */
function scan(schema: unknown): { defaulted: boolean; refs: Set<string> } {
  let defaulted = false;
  const refs = new Set<string>();
  const stack: unknown[] = [schema];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || typeof node !== 'object' || Array.isArray(node)) continue;
    const s = node as Obj;
    const ref = s['$ref'];
    if (typeof ref === 'string' && ref.startsWith(PREFIX) && !ref.slice(PREFIX.length).includes('/')) {
      refs.add(ref.slice(PREFIX.length).replace(/~1/g, '/').replace(/~0/g, '~'));
    }
    const properties = s['properties'];
    if (!defaulted && properties && typeof properties === 'object') {
      const required = Array.isArray(s['required']) ? (s['required'] as unknown[]) : [];
      for (const [key, value] of Object.entries(properties as Obj)) {
        if (hasDefault(value) && !required.includes(key)) defaulted = true;
      }
    }
    for (const key of SCHEMA_MAPS) {
      const map = s[key];
      if (map && typeof map === 'object') stack.push(...Object.values(map as Obj));
    }
    for (const key of SCHEMA_LISTS) if (Array.isArray(s[key])) stack.push(...(s[key] as unknown[]));
    for (const key of SCHEMA_VALUES) {
      const value = s[key];
      if (Array.isArray(value)) stack.push(...value);
      else stack.push(value);
    }
  }
  return { defaulted, refs };
}

/** openapi-typescript's test for a defaulted property (`default` on the property's own schema). */
export function hasDefault(schema: unknown): boolean {
  return !!schema && typeof schema === 'object' && 'default' in schema && (schema as Obj)['default'] !== undefined;
}
