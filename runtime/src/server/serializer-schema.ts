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

const SCHEMAS = '#/components/schemas/';

/** The serializer's own key for a component: hex of its name. Names that need JSON-pointer or URI
 * escaping (`Names_a/b` → `Names_a~1b`, `${x}` → `%24%7Bx%7D`) are not found by fast-json-stringify's
 * ref resolver, which does not unescape them; hex keys need no escaping and cannot collide. */
function componentKey(name: string): string {
  return `c${Buffer.from(name, 'utf8').toString('hex')}`;
}

function decodeToken(token: string): string {
  let text = token;
  try {
    text = decodeURIComponent(token);
  } catch {
    // not percent-encoded
  }
  return text.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** `<schemaId>#/components/schemas/<name>[/…]` (or the local form) → `#/components/schemas/<key>[/…]`. */
function localRef(api: ApiSpec, ref: string): string {
  const local = ref.startsWith(`${api.schemaId}#`) ? ref.slice(api.schemaId.length) : ref;
  if (!local.startsWith(SCHEMAS)) return local;
  const tail = local.slice(SCHEMAS.length);
  const slash = tail.indexOf('/');
  const name = decodeToken(slash < 0 ? tail : tail.slice(0, slash));
  return `${SCHEMAS}${componentKey(name)}${slash < 0 ? '' : tail.slice(slash)}`;
}

/** Rewrites `<schemaId>#/…` refs to local `#/…` (components under hex keys), drops writeOnly properties and keeps free-form
 * objects whole, so the schema can be handed to fast-json-stringify alone. */
export function serializerSchema(api: ApiSpec, schema: JsonSchema | undefined, components: Record<string, unknown>): object | undefined {
  if (typeof schema !== 'object') return undefined;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out[k] = localRef(api, v);
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
      out[componentKey(name)] = rest;
    } else out[componentKey(name)] = schema;
  }
  return out;
}

