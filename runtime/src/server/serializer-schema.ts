import type { ApiSpec, JsonSchema } from '../spec.js';
import { resolveSchema, setOwn } from './schema-util.js';

const COMPOSITION = ['properties', 'patternProperties', 'additionalProperties', 'unevaluatedProperties', 'allOf', 'anyOf', 'oneOf', 'not', 'if', '$ref', 'dependentSchemas', 'propertyNames'];

/** Keywords whose values are instances, not schemas: copied as they are. */
const VALUES = new Set(['default', 'const', 'enum', 'example', 'examples']);

/** `type: object` with nothing that names its properties: JSON Schema allows any property, and
 * fast-json-stringify would drop all of them (issue 12.1), so it is told so explicitly. */
export function isFreeFormObject(node: Record<string, unknown>): boolean {
  const type = node['type'];
  const isObject = type === 'object' || (Array.isArray(type) && type.includes('object'));
  return isObject && !COMPOSITION.some((k) => k in node);
}

/** Rewrites `<schemaId>#/…` refs to local `#/…`, drops writeOnly properties and keeps free-form
 * objects whole, so the schema can be handed to fast-json-stringify alone. */
export function serializerSchema(api: ApiSpec, schema: JsonSchema | undefined, components: Record<string, unknown>): object | undefined {
  if (typeof schema !== 'object') return undefined;
  const prefix = `${api.schemaId}#`;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(prefix)) out[k] = v.slice(api.schemaId.length);
      else if (VALUES.has(k)) setOwn(out, k, v);
      else if (k === 'properties' && typeof v === 'object' && v !== null) {
        const props: Record<string, unknown> = {};
        for (const [name, sub] of Object.entries(v)) if (resolveSchema(api, sub as JsonSchema)['writeOnly'] !== true) setOwn(props, name, walk(sub));
        out[k] = props;
      } else setOwn(out, k, walk(v));
    }
    if (isFreeFormObject(out)) out['additionalProperties'] = true;
    return out;
  };
  return { ...(walk(schema) as object), components: { schemas: components } };
}

/** Local copy of the components for serializer schemas, refs made local. */
export function serializerComponents(api: ApiSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(api.schemas)) {
    const s = serializerSchema(api, schema, {});
    if (s) {
      const { components: _drop, ...rest } = s as Record<string, unknown>;
      setOwn(out, name, rest);
    } else setOwn(out, name, schema);
  }
  return out;
}

