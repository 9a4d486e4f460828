/**
 * The cheap shape checks behind "never hand out a body under a type it does not
 * have": the client descriptor carries a slim schema per media type (`type`,
 * `required`, and for multipart the properties' `type`/`items`), and a body that
 * does not fit it is classified undocumented. This is not validation: nested
 * schemas, formats and compositions are not looked at.
 */
import type { JsonSchema } from '../spec.js';
import { schemaTypes, slim } from './shape-match.js';

export { matchesShape, schemaTypes } from './shape-match.js';

/** The first non-null declared type, if any. */
export function primaryType(schema: JsonSchema | undefined): string | undefined {
  return schemaTypes(schema).find((t) => t !== 'null');
}

/** The slim schema of property `name` (own properties only). */
export function propertySchema(schema: JsonSchema | undefined, name: string): JsonSchema | undefined {
  const properties = slim(schema)?.properties;
  if (typeof properties !== 'object' || properties === null || !Object.prototype.hasOwnProperty.call(properties, name)) return undefined;
  return (properties as Record<string, JsonSchema>)[name];
}

/** The slim schema of the items of an array schema. */
export function itemsSchema(schema: JsonSchema | undefined): JsonSchema | undefined {
  const items = slim(schema)?.items;
  return typeof items === 'object' && items !== null ? (items as JsonSchema) : undefined;
}

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * A text body (or multipart field) read as the schema's primitive type
 * (`number`/`integer`/`boolean`: issue 12.8); `{ ok: false }` when the text is
 * not one. Any other schema keeps the text.
 */
export function parseTextValue(text: string, schema: JsonSchema | undefined): { ok: boolean; value: unknown } {
  switch (primaryType(schema)) {
    case 'number':
    case 'integer': {
      const trimmed = text.trim();
      const n = Number(trimmed);
      const ok = JSON_NUMBER.test(trimmed) && Number.isFinite(n) && (primaryType(schema) === 'number' || Number.isInteger(n));
      return ok ? { ok, value: n } : { ok, value: text };
    }
    case 'boolean': {
      const trimmed = text.trim();
      return trimmed === 'true' || trimmed === 'false' ? { ok: true, value: trimmed === 'true' } : { ok: false, value: text };
    }
    default:
      return { ok: true, value: text };
  }
}
