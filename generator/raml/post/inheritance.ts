/**
 * AMF-GAPS 12/13: AMF flattens `Cat: type: Pet` into a full copy of Pet and loses the
 * discriminator mapping; `Person | nil` becomes an inlined copy. The unresolved model's
 * rendering still has `x-amf-merge` (the parents) and the `$ref`s, so we rebuild
 * `allOf: [$ref Parent, {own properties}]`, the parent's `discriminator.mapping`, and
 * `nullable` wrappers around `$ref`s, and add named types AMF dropped because only
 * used inline.
 */
import type { ConvertContext } from '../context.js';
import { ensureObject, isObject, objectAt, refName, schemaRef, type JsonObject } from '../json.js';

/** `lib.Person` → `Person` when only the unqualified name exists in the resolved components. */
function resolveName(schemas: JsonObject, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  if (name in schemas) return name;
  const short = name.slice(name.lastIndexOf('.') + 1);
  return short in schemas ? short : undefined;
}

function rewriteRefs(node: unknown, schemas: JsonObject): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, schemas));
  if (!isObject(node)) return node;
  const name = refName(node);
  if (name !== undefined) return schemaRef(resolveName(schemas, name) ?? name);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) out[key === 'x-amf-merge' ? 'allOf' : key] = rewriteRefs(value, schemas);
  return out;
}

function addMissingNamed(schemas: JsonObject, unresolvedSchemas: JsonObject): void {
  for (const [name, schema] of Object.entries(unresolvedSchemas)) {
    if (!(name in schemas) && !name.includes('.')) schemas[name] = rewriteRefs(schema, schemas);
  }
}

function rebuildAllOf(schemas: JsonObject, name: string, unresolved: JsonObject): string[] {
  const merge = unresolved['x-amf-merge'];
  const resolved = objectAt(schemas, name);
  if (!Array.isArray(merge) || !resolved || Array.isArray(resolved.allOf)) return [];
  const parents = merge.map((m) => resolveName(schemas, refName(m)));
  if (parents.length === 0 || parents.some((p) => p === undefined || p === name)) return [];
  const own = Object.keys(objectAt(unresolved, 'properties') ?? {});
  const properties = objectAt(resolved, 'properties') ?? {};
  const local: JsonObject = { type: 'object' };
  if (own.length > 0) local.properties = Object.fromEntries(own.filter((k) => k in properties).map((k) => [k, properties[k]]));
  const required = Array.isArray(resolved.required) ? resolved.required.filter((r) => own.includes(String(r))) : [];
  if (required.length > 0) local.required = required;
  for (const key of ['additionalProperties', 'patternProperties', 'minProperties', 'maxProperties']) {
    if (key in unresolved) local[key] = resolved[key];
  }
  const rebuilt: JsonObject = { allOf: [...parents.map((p) => schemaRef(p as string)), local] };
  for (const key of ['description', 'title', 'example', 'x-amf-examples', 'x-amf-discriminatorValue', 'nullable']) {
    if (key in resolved) rebuilt[key] = resolved[key];
  }
  schemas[name] = rebuilt;
  return parents as string[];
}

function addDiscriminatorMappings(schemas: JsonObject, children: Map<string, string[]>): void {
  for (const [child, parents] of children) {
    const schema = objectAt(schemas, child);
    const value = schema?.['x-amf-discriminatorValue'];
    for (const parent of parents) {
      const discriminator = objectAt(objectAt(schemas, parent) ?? {}, 'discriminator');
      if (!discriminator) continue;
      const mapping = ensureObject(discriminator, 'mapping');
      mapping[typeof value === 'string' ? value : child] = `#/components/schemas/${child}`;
    }
  }
}

/** Parallel walk: where AMF inlined a nullable copy of a named type, put the `$ref` back. */
function restoreNullableRefs(resolved: unknown, unresolved: unknown, schemas: JsonObject): unknown {
  if (!isObject(resolved) || !isObject(unresolved)) return resolved;
  const target = resolveName(schemas, refName(unresolved));
  if (resolved.nullable === true && target !== undefined && resolved.$ref === undefined) {
    return { nullable: true, allOf: [schemaRef(target)] };
  }
  for (const key of ['properties', 'items']) {
    const r = resolved[key];
    const u = unresolved[key];
    if (key === 'items') resolved.items = restoreNullableRefs(r, u, schemas);
    else if (isObject(r) && isObject(u)) for (const prop of Object.keys(r)) r[prop] = restoreNullableRefs(r[prop], u[prop], schemas);
  }
  return resolved;
}

export function fixInheritance(ctx: ConvertContext): void {
  const schemas = ensureObject(ensureObject(ctx.doc, 'components'), 'schemas');
  const unresolvedSchemas = objectAt(objectAt(ctx.unresolved, 'components') ?? {}, 'schemas') ?? {};
  addMissingNamed(schemas, unresolvedSchemas);
  for (const name of Object.keys(schemas)) {
    schemas[name] = restoreNullableRefs(schemas[name], unresolvedSchemas[name], schemas);
  }
  const children = new Map<string, string[]>();
  for (const name of Object.keys(schemas)) {
    const unresolved = objectAt(unresolvedSchemas, name);
    if (!unresolved) continue;
    const parents = rebuildAllOf(schemas, name, unresolved);
    if (parents.length > 0) children.set(name, parents);
  }
  addDiscriminatorMappings(schemas, children);
}
