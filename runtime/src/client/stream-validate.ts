/**
 * A validator for the client's `validateStreams` (issue 18): each streamed event / item is checked
 * with ajv against the schema the spec gives it (JSON Schema 2020-12, the dialect generated
 * descriptors use, plus ajv-formats). Its own entry (`@contractgen/runtime/client/stream-validate`),
 * so ajv enters an app only when the app imports it (ajv and ajv-formats are optional peer
 * dependencies of the runtime).
 *
 * OpenAPI keywords ajv does not know (`discriminator`, `example`, `xml`) are annotations here
 * (`strict: false`); numbers must be finite (`strictNumbers`); the first error stops a check.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { StreamItemValidator } from './stream.js';

type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

/**
 * `createClient({ validateStreams: ajvStreamValidator() })`. `ajv`: your own instance (2020-12,
 * your formats and keywords); by default one with ajv-formats, shared by the schemas it compiles.
 */
export function ajvStreamValidator(ajv?: Ajv2020): StreamItemValidator {
  let instance = ajv;
  return (schema) => {
    instance ??= addFormats(new Ajv2020({ strict: false, strictNumbers: true, allErrors: false, logger: false }));
    const validate = instance.compile(schema);
    return (item) => (validate(item) ? [] : (validate.errors ?? []).map((e) => ({ pointer: e.instancePath, message: e.message ?? e.keyword })));
  };
}
