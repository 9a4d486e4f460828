/**
 * Declared response headers read as their schema's type (what the `responseHeaders` plugin is): a
 * module apart from response-headers.ts's plainHeaders, which the full client uses — a browser
 * app imports this one through plugins/headers.ts, and a module both the app and the lazily
 * loaded full client reach would put the full client's part of it into a chunk the page loads at start.
 */
import type { HeaderSpec, JsonSchema } from '../spec.js';

/**
 * Response headers as the caller sees them: declared headers under their spec
 * names, coerced per their schema (integer, number, boolean, array); every
 * other header under its lower-cased name, as a string.
 */
export function responseHeaders(headers: Headers, declared: readonly HeaderSpec[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const taken = new Set<string>();
  for (const spec of declared) {
    const lower = spec.name.toLowerCase();
    taken.add(lower);
    const value = headers.get(lower);
    if (value !== null) out[spec.name] = coerce(value, spec.schema);
  }
  headers.forEach((value, name) => {
    if (!taken.has(name)) out[name] = value;
  });
  return out;
}

function schemaType(schema: JsonSchema): string | undefined {
  if (typeof schema !== 'object') return undefined;
  const type = schema['type'];
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((t): t is string => typeof t === 'string' && t !== 'null');
  return undefined;
}

/** Converts one header value; a value that does not fit its schema stays a string. */
export function coerce(value: string, schema: JsonSchema): unknown {
  switch (schemaType(schema)) {
    case 'integer':
    case 'number': {
      const n = Number(value.trim());
      return value.trim() === '' || Number.isNaN(n) ? value : n;
    }
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'array': {
      const items = typeof schema === 'object' ? (schema['items'] as JsonSchema | undefined) : undefined;
      return value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '')
        .map((item) => (items === undefined ? item : coerce(item, items)));
    }
    default:
      return value;
  }
}
