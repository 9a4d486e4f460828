import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ApiSpec, JsonSchema } from '../spec.js';
import { ServerSetupError } from './errors.js';
import { patternEngine, uniqueItemsKeyword } from './schema-safety.js';
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

/** At most this many errors are reported per validation (the rest are counted). */
export const MAX_REPORTED_ERRORS = 20;
/** Inputs larger than this are not revalidated to list every error: the first one is reported. */
export const FULL_REPORT_MAX_BYTES = 16 * 1024;

/**
 * The errors of one validation, at most {@link MAX_REPORTED_ERRORS}. `total` counts every error
 * when more were found than listed; `stopped` says validation ended at the first error (an input
 * over {@link FULL_REPORT_MAX_BYTES}).
 */
export type FieldErrors = FieldError[] & { total?: number; stopped?: boolean };

/** Validates `data` (coercing and applying defaults in place where the compiler does); `bytes`, the
 * input's size when known, bounds the cost of listing errors. */
export type Validator = (data: unknown, bytes?: number) => FieldErrors;

const NO_ERRORS: FieldErrors = Object.freeze([]) as unknown as FieldErrors;

/**
 * One ajv (JSON Schema 2020-12 + OpenAPI formats) per API and mode. In `request` mode a present
 * `readOnly` property fails and required readOnly properties are not required; in `response` mode
 * required writeOnly properties are not required (and the serializer leaves writeOnly ones out). `coerce` turns strings into the schema's types (parameters, forms).
 * Every schema is compiled once, at registration.
 *
 * Validation stops at the first error (ajv `allErrors: false`): with `allErrors: true` a 0.68 MB
 * body of bad items made 107,000 error objects (0.4 s of blocked event loop, 6 MB of problem
 * JSON). Only an input that fails is validated a second time, with every error collected, to list
 * up to {@link MAX_REPORTED_ERRORS} of them — and only when it is small enough
 * ({@link FULL_REPORT_MAX_BYTES}) that the error list it can produce is bounded. That second
 * compiler is built on the first failure.
 */
export class SchemaCompiler {
  readonly #api: ApiSpec;
  readonly #mode: SchemaMode;
  readonly #coerce: boolean;
  readonly #flag: 'readOnly' | 'writeOnly';
  readonly #first: Ajv2020;
  #every: Ajv2020 | undefined;

  constructor(api: ApiSpec, mode: SchemaMode, coerce: boolean) {
    this.#api = api;
    this.#mode = mode;
    this.#coerce = coerce;
    this.#flag = mode === 'request' ? 'readOnly' : 'writeOnly';
    this.#first = this.#createAjv(false);
  }

  #createAjv(allErrors: boolean): Ajv2020 {
    const api = this.#api;
    const mode = this.#mode;
    const ajv = new Ajv2020({
      strict: false,
      // `strict: false` also turned off strictNumbers: Infinity / NaN (`1e999` in JSON) would pass
      // `type: number` and `type: integer`.
      strictNumbers: true,
      allErrors,
      coerceTypes: this.#coerce,
      useDefaults: mode === 'request',
      logger: false,
      validateFormats: true,
      // `required: ['constructor']` must not be met by Object.prototype.constructor, nor
      // `properties.toString` be checked against the inherited function.
      ownProperties: true,
      // Inlining referenced schemas makes ajv's compile time exponential in the nesting depth
      // of composed schemas (a 22-deep oneOf behind a $ref: 8 s; 50 deep: never finishes).
      inlineRefs: false,
      // `pattern` in linear time (RE2), see schema-safety.ts.
      code: { regExp: patternEngine },
    });
    addFormats(ajv);
    ajv.removeKeyword('uniqueItems');
    ajv.addKeyword(uniqueItemsKeyword());
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
    return ajv;
  }

  /** Compiles `schema`; `where` names it in the setup error if ajv refuses it. */
  compile(schema: JsonSchema, where: string): Validator {
    const stripped = stripFlaggedRequired(this.#api, schema, this.#flag) as object;
    let first: ValidateFunction;
    try {
      first = this.#first.compile(stripped);
    } catch (cause) {
      if (cause instanceof ServerSetupError) throw cause;
      throw new ServerSetupError('CG_SCHEMA_COMPILE', `${where}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
    let every: ValidateFunction | undefined;
    const flag = this.#flag;
    return (data, bytes) => {
      if (first(data)) return NO_ERRORS;
      let found = first.errors ?? [];
      let stopped = true;
      if (bytes === undefined || bytes <= FULL_REPORT_MAX_BYTES) {
        every ??= (this.#every ??= this.#createAjv(true)).compile(stripped);
        every(data);
        if (every.errors && every.errors.length > 0) {
          found = every.errors;
          stopped = false;
        }
      }
      const out: FieldErrors = found.slice(0, MAX_REPORTED_ERRORS).map((e) => toFieldError(e, flag));
      if (found.length > MAX_REPORTED_ERRORS) out.total = found.length;
      if (stopped) out.stopped = true;
      return out;
    };
  }
}

/** `detail` for a validation problem: says how many errors there were when not all are listed. */
export function describeErrors(detail: string, errors: { length: number; total?: number; stopped?: boolean }): string {
  if (errors.stopped) return `${detail} (validation stopped at the first error: inputs over ${FULL_REPORT_MAX_BYTES} bytes are not checked further)`;
  if (errors.total !== undefined) return `${detail} (${errors.length} of ${errors.total} errors listed)`;
  return detail;
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
