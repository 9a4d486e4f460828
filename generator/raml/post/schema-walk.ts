/** Visits every schema object in an OpenAPI 3.0 document, children before parents. */
import { isObject, objectAt, operations, type JsonObject } from '../json.js';

export type SchemaVisitor = (schema: JsonObject, replace: (next: JsonObject) => void) => void;

const CHILD_MAPS = ['properties', 'patternProperties'];
const CHILD_LISTS = ['allOf', 'anyOf', 'oneOf'];
const CHILD_SINGLES = ['items', 'additionalProperties', 'not'];

export function walkSchema(holder: JsonObject, key: string, visit: SchemaVisitor): void {
  const schema = holder[key];
  if (!isObject(schema)) return;
  for (const mapKey of CHILD_MAPS) {
    const map = objectAt(schema, mapKey);
    if (map) for (const prop of Object.keys(map)) walkSchema(map, prop, visit);
  }
  for (const listKey of CHILD_LISTS) {
    const list = schema[listKey];
    if (Array.isArray(list)) for (let i = 0; i < list.length; i++) walkSchema(list as unknown as JsonObject, String(i), visit);
  }
  for (const single of CHILD_SINGLES) walkSchema(schema, single, visit);
  visit(schema, (next) => {
    holder[key] = next;
  });
}

function walkContent(holder: JsonObject | undefined, visit: SchemaVisitor): void {
  const content = holder ? objectAt(holder, 'content') : undefined;
  if (content) for (const media of Object.values(content)) if (isObject(media)) walkSchema(media, 'schema', visit);
}

/** Every schema: components, parameters, bodies, response headers. */
export function walkDocumentSchemas(doc: JsonObject, visit: SchemaVisitor): void {
  const schemas = objectAt(objectAt(doc, 'components') ?? {}, 'schemas');
  if (schemas) for (const name of Object.keys(schemas)) walkSchema(schemas, name, visit);
  for (const { operation } of operations(doc)) {
    const params = operation.parameters;
    if (Array.isArray(params)) for (const p of params) if (isObject(p)) walkSchema(p, 'schema', visit);
    walkContent(objectAt(operation, 'requestBody'), visit);
    for (const response of Object.values(objectAt(operation, 'responses') ?? {})) {
      if (!isObject(response)) continue;
      walkContent(response, visit);
      for (const header of Object.values(objectAt(response, 'headers') ?? {})) if (isObject(header)) walkSchema(header, 'schema', visit);
    }
  }
}
