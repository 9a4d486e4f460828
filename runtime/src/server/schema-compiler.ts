import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ApiSpec, JsonSchema } from '../spec.js';
import { ServerSetupError } from './errors.js';
import { setOwn, stripFlaggedRequired } from './schema-util.js';

type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

/** OpenAPI keywords that are annotations for validation purposes. */
const OPENAPI_KEYWORDS = ['discriminator', 'example', 'xml', 'externalDocs', 'nullable'];

export type SchemaMode = 'request' | 'response';

export interface FieldError {
  pointer: string;
  message: string;
}

export type Validator = (data: unknown) => FieldError[];

/**
 * One ajv (JSON Schema 2020-12 + OpenAPI formats) per API and mode. In `request` mode a present
 * `readOnly` property fails and required readOnly properties are not required; in `response` mode
 * required writeOnly properties are not required (and the serializer leaves writeOnly ones out). `coerce` turns strings into the schema's types (parameters, forms).
 * Every schema is compiled once, at registration.
 */
export class SchemaCompiler {
  readonly #ajv: Ajv2020;
  readonly #api: ApiSpec;
  readonly #flag: 'readOnly' | 'writeOnly';

  constructor(api: ApiSpec, mode: SchemaMode, coerce: boolean) {
    this.#api = api;
    this.#flag = mode === 'request' ? 'readOnly' : 'writeOnly';
    const ajv = new Ajv2020({
      strict: false,
      // `strict: false` also turned off strictNumbers: Infinity / NaN (`1e999` in JSON) would pass
      // `type: number` and `type: integer`.
      strictNumbers: true,
      allErrors: true,
      coerceTypes: coerce,
      useDefaults: mode === 'request',
      logger: false,
      validateFormats: true,
      // `required: ['constructor']` must not be met by Object.prototype.constructor, nor
      // `properties.toString` be checked against the inherited function.
      ownProperties: true,
      // Inlining referenced schemas makes ajv's compile time exponential in the nesting depth
      // of composed schemas (a 22-deep oneOf behind a $ref: 8 s; 50 deep: never finishes).
      inlineRefs: false,
    });
    addFormats(ajv);
    for (const keyword of OPENAPI_KEYWORDS) if (!ajv.getKeyword(keyword)) ajv.addKeyword(keyword);
    const flag = this.#flag;
    if (mode === 'request') {
      // A readOnly property sent by a client is an error. (writeOnly properties a handler returns
      // are not: the serializer drops them from the response.)
      ajv.removeKeyword(flag);
      ajv.addKeyword({
        keyword: flag,
        schemaType: 'boolean',
        errors: false,
        validate: (value: boolean) => !value,
      });
    }
    const components: Record<string, JsonSchema> = {};
    for (const [name, schema] of Object.entries(api.schemas)) setOwn(components, name, stripFlaggedRequired(api, schema, flag));
    try {
      ajv.addSchema({ $id: api.schemaId, components: { schemas: components } });
    } catch (cause) {
      throw new ServerSetupError('CG_SCHEMA_COMPILE', `component schemas of ${api.title}: ${String(cause)}`, { cause });
    }
    this.#ajv = ajv;
  }

  /** Compiles `schema`; `where` names it in the setup error if ajv refuses it. */
  compile(schema: JsonSchema, where: string): Validator {
    let fn: ValidateFunction;
    try {
      fn = this.#ajv.compile(stripFlaggedRequired(this.#api, schema, this.#flag) as object);
    } catch (cause) {
      throw new ServerSetupError('CG_SCHEMA_COMPILE', `${where}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
    const flag = this.#flag;
    return (data) => (fn(data) ? [] : (fn.errors ?? []).map((e) => toFieldError(e, flag)));
  }
}

function escapePointer(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

function toFieldError(e: ErrorObject, flag: string): FieldError {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'required' && typeof params['missingProperty'] === 'string') {
    return { pointer: `${e.instancePath}/${escapePointer(params['missingProperty'])}`, message: 'is required' };
  }
  if (e.keyword === 'additionalProperties' && typeof params['additionalProperty'] === 'string') {
    return { pointer: `${e.instancePath}/${escapePointer(params['additionalProperty'])}`, message: 'is not allowed' };
  }
  if (e.keyword === flag) {
    return { pointer: e.instancePath, message: flag === 'readOnly' ? 'is read-only' : 'is write-only' };
  }
  if (e.keyword === 'enum' && Array.isArray(params['allowedValues'])) {
    return { pointer: e.instancePath, message: `must be one of ${JSON.stringify(params['allowedValues']).slice(0, 200)}` };
  }
  return { pointer: e.instancePath, message: e.message ?? `fails ${e.keyword}` };
}
