/// <reference path="../types/openapi-typescript-deep.d.ts" />
/**
 * The one place contractgen talks to openapi-typescript (the fence: upgrading it is a
 * change to this file). Every function here is part of the package's public API — the
 * package entry re-exports each of them — but is imported from the module that defines it,
 * because the entry also loads Redocly's bundler (~1 s of cold start) which a generation never
 * needs. test/generator/openapi-typescript-adapter.test.ts checks that each import is the very
 * function the entry exports, and test/generator/ts-document.test.ts pins the per-entry print
 * (ts-document.ts) to the entry's whole-document `transformSchema` output, patched as below.
 */
export { addJSDocComment, astToString, oapiRef, tsPropertyIndex } from 'openapi-typescript/dist/lib/ts.mjs';
export { createRef, resolveRef, scanDiscriminators } from 'openapi-typescript/dist/lib/utils.mjs';
export { default as transformSchema } from 'openapi-typescript/dist/transform/index.mjs';
export { default as transformHeaderObject } from 'openapi-typescript/dist/transform/header-object.mjs';
export { default as transformParameterObject } from 'openapi-typescript/dist/transform/parameter-object.mjs';
export { default as transformPathItemObject } from 'openapi-typescript/dist/transform/path-item-object.mjs';
export { default as transformRequestBodyObject } from 'openapi-typescript/dist/transform/request-body-object.mjs';
export { default as transformResponseObject } from 'openapi-typescript/dist/transform/response-object.mjs';
export { default as transformSchemaObject } from 'openapi-typescript/dist/transform/schema-object.mjs';
export type { GlobalContext, OpenAPI3, SchemaObject, TransformNodeOptions } from 'openapi-typescript';

/**
 * Two of openapi-typescript's helper declarations, corrected where they are printed (one
 * declaration's text, never the whole document):
 * - `Readable<T>`/`Writable<T>` map every object type deeply, Blob and Uint8Array included,
 *   which would turn `Binary` into an unusable look-alike: `Binary` passes through;
 * - `WithRequired<T, K extends keyof T>` rejects a nullable base (`keyof (X | null)` is
 *   `never`: TS2344 in plaid.com, where `allOf` lists a nullable schema and `required` keys).
 * The text of any other declaration is returned as is.
 */
export function patchHelper(text: string): string {
  const fix = HELPER_FIXES.find((f) => f.declaration.test(text));
  if (!fix) return text;
  // a correction that no longer applies means openapi-typescript changed the helper: fail loudly (the tests catch it on upgrade)
  if (!fix.pattern.test(text)) throw new Error(`openapi-typescript printed an unexpected helper (generator/emit/openapi-typescript.ts must be updated): ${text.slice(0, 120)}`);
  return text.replace(fix.pattern, fix.replacement);
}

/** The same corrections over a whole printed document (what the pinning test compares against). */
export function patchHelpers(text: string): string {
  return HELPER_FIXES.reduce((out, fix) => out.replace(new RegExp(fix.pattern.source, 'g'), fix.replacement), text);
}

const HELPER_FIXES: ReadonlyArray<{ declaration: RegExp; pattern: RegExp; replacement: string }> = [
  {
    declaration: /^export type (?:Readable|Writable)<T> =/,
    pattern: /(export type (?:Readable|Writable)<T> =[^;]*?)T extends object \?/,
    replacement: '$1T extends Binary ? T : T extends object ?',
  },
  {
    declaration: /^type WithRequired</,
    pattern: /type WithRequired<T, K extends keyof T> = T & \{\s*\[P in K\]-\?: T\[P\];\s*\};/,
    replacement: 'type WithRequired<T, K extends keyof NonNullable<T>> = T & {\n    [P in K]-?: NonNullable<T>[P];\n};',
  },
];
