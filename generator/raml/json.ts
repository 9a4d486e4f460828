/** Small helpers for the plain JSON document being post-processed. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectAt(parent: JsonObject, key: string): JsonObject | undefined {
  const value = parent[key];
  return isObject(value) ? value : undefined;
}

/** Gets or creates an object member. */
export function ensureObject(parent: JsonObject, key: string): JsonObject {
  const existing = objectAt(parent, key);
  if (existing) return existing;
  const created: JsonObject = {};
  parent[key] = created;
  return created;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface OperationRef {
  path: string;
  method: string;
  pathItem: JsonObject;
  operation: JsonObject;
}

export function operations(doc: JsonObject): OperationRef[] {
  const out: OperationRef[] = [];
  const paths = objectAt(doc, 'paths') ?? {};
  for (const [path, pathItem] of Object.entries(paths)) {
    if (!isObject(pathItem)) continue;
    for (const method of HTTP_METHODS) {
      const operation = objectAt(pathItem, method);
      if (operation) out.push({ path, method, pathItem, operation });
    }
  }
  return out;
}

export function schemaRef(name: string): JsonObject {
  return { $ref: `#/components/schemas/${name}` };
}

/** `#/components/schemas/lib.Person` → `lib.Person`. */
export function refName(schema: unknown): string | undefined {
  if (!isObject(schema) || typeof schema.$ref !== 'string') return undefined;
  const prefix = '#/components/schemas/';
  return schema.$ref.startsWith(prefix) ? decodeURIComponent(schema.$ref.slice(prefix.length)) : undefined;
}
