/**
 * Whether a parsed body has its documented shape (the check behind "never hand out a body
 * under a type it does not have", `body-shape.ts`). A module of its own: the browser's micro
 * core (`micro.ts`) needs only this, not the multipart and typed-text readers beside it.
 */
import type { JsonSchema } from '../spec.js';

export type Slim = { type?: unknown; required?: unknown; properties?: unknown; items?: unknown };

export function slim(schema: JsonSchema | undefined): Slim | undefined {
  return typeof schema === 'object' && schema !== null ? (schema as Slim) : undefined;
}

/** The schema's declared types (`type: ['object', 'null']` → both); empty when it declares none. */
export function schemaTypes(schema: JsonSchema | undefined): string[] {
  const type = slim(schema)?.type;
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : [];
}

function isType(value: unknown, type: string): boolean {
  if (type === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value);
  if (type === 'array') return Array.isArray(value);
  if (type === 'integer') return Number.isInteger(value);
  if (type === 'null') return value === null;
  // string, number, boolean; any other keyword constrains nothing here
  return type === 'string' || type === 'number' || type === 'boolean' ? typeof value === type : true;
}

/** Whether `value` has the schema's top-level type and, for an object, every `required` property. */
export function matchesShape(value: unknown, schema: JsonSchema | undefined): boolean {
  if (schema === false) return false;
  const types = schemaTypes(schema);
  if (types.length > 0 && !types.some((t) => isType(value, t))) return false;
  const required = slim(schema)?.required;
  if (Array.isArray(required) && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return required.every((name) => typeof name !== 'string' || Object.prototype.hasOwnProperty.call(value, name));
  }
  return true;
}
