/**
 * AMF-GAPS 9: RAML 1.0 `queryString` is dropped by AMF's OpenAPI rendering. It is still in
 * the unresolved model: an object type is exploded into one query parameter per property;
 * anything else is reported.
 */
import type { Amf } from '../amf-runtime.js';
import { locate, warn, type ConvertContext } from '../context.js';
import { isObject, objectAt, schemaRef, type JsonObject } from '../json.js';
import { modelOperations } from './model-walk.js';

function rewriteDefinitions(node: unknown, definitions: JsonObject, schemas: JsonObject, depth = 0): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteDefinitions(n, definitions, schemas, depth));
  if (!isObject(node)) return node;
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#/definitions/')) {
    const name = decodeURIComponent(node.$ref.slice('#/definitions/'.length));
    if (name in schemas) return schemaRef(name);
    return depth > 20 ? {} : rewriteDefinitions(definitions[name], definitions, schemas, depth + 1);
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) out[key] = rewriteDefinitions(value, definitions, schemas, depth);
  return out;
}

function shapeSchema(ctx: ConvertContext, shape: Amf.Shape): JsonObject | undefined {
  const text = ctx.amf.JsonSchemaShapeRenderer.buildJsonSchema(shape as Amf.AnyShape, ctx.oasConfig);
  const parsed: unknown = JSON.parse(text);
  if (!isObject(parsed)) return undefined;
  const definitions = objectAt(parsed, 'definitions') ?? {};
  const schemas = objectAt(objectAt(ctx.doc, 'components') ?? {}, 'schemas') ?? {};
  const root = rewriteDefinitions({ $ref: parsed.$ref }, definitions, {}) as unknown;
  return isObject(root) ? (rewriteDefinitions(root, definitions, schemas) as JsonObject) : undefined;
}

export function fixQueryStrings(ctx: ConvertContext): void {
  for (const { path, method, operation } of modelOperations(ctx.parsed)) {
    const shape = operation.request?.queryString;
    if (!shape) continue;
    const target = objectAt(objectAt(objectAt(ctx.doc, 'paths') ?? {}, path) ?? {}, method);
    if (!target) continue;
    const schema = shapeSchema(ctx, shape);
    const properties = schema ? objectAt(schema, 'properties') : undefined;
    if (!schema || !properties) {
      warn(ctx, 'RAML_QUERY_STRING_UNSUPPORTED', `queryString of ${method.toUpperCase()} ${path} is not an object type; it is not converted`, locate(ctx, shape));
      continue;
    }
    const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
    const params = Array.isArray(target.parameters) ? target.parameters : [];
    for (const [name, propSchema] of Object.entries(properties)) {
      if (params.some((p) => isObject(p) && p.in === 'query' && p.name === name)) continue;
      const param: JsonObject = { name, in: 'query', schema: propSchema };
      if (required.has(name)) param.required = true;
      params.push(param);
    }
    target.parameters = params;
  }
}
