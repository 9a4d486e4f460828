/**
 * The one definition of a config file's per-API options. Everything else is derived from it:
 * the `ApiConfig` / `ResolvedApi` types, the validator (validate.ts), the resolution of
 * relative paths (load.ts), the options generate() receives ({@link generateOptions}) and the
 * JSON Schema (schema/codegen.config.schema.json, drift-checked by a test against
 * {@link configJsonSchema}). An option added here reaches all of them (issue 12.17 / 16:
 * `lenientExamples` was validated but lost on the way to generate()).
 */
import type { GenerateOptions } from '../generate.js';
import { TARGETS, type Target } from '../targets.js';

/** An npm package around the client (see docs/dev.md). */
export interface PackageConfig {
  /** The npm package name, e.g. `@acme/petstore-sdk`. */
  name: string;
  /** Defaults to the spec's `info.version`. */
  version?: string;
}

/** npm's rules for package names (lower case, URL-safe, optional scope, at most 214 characters). */
export const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
/** Semantic version (2.0.0), prerelease and build metadata allowed. */
export const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** `streamBodies`: every binary request body, or those of the operations named (operationIds). */
export type StreamBodies = 'binary' | string[];

/** How an option's value is written and checked. */
/** `source`: a path, or an http(s) URL kept as written. */
type Kind = 'path' | 'source' | 'string' | 'boolean' | 'targets' | 'package' | 'streamBodies';

interface OptionSpec {
  kind: Kind;
  required?: true;
  /** Who reads it: generate() itself, `codegen scaffold`, or watch mode. */
  use: 'generate' | 'scaffold' | 'watch';
  description: string;
}

export const API_OPTIONS = {
  /** The spec (OpenAPI 2.0/3.0/3.1 JSON/YAML or RAML). */
  input: { kind: 'source', required: true, use: 'generate', description: 'The spec: OpenAPI 2.0/3.0/3.1/3.2 (JSON or YAML, a path or an http(s) URL) or RAML 0.8/1.0.' },
  /** The output directory; everything in it may be overwritten. */
  output: { kind: 'path', required: true, use: 'generate', description: 'Output directory; everything in it may be overwritten.' },
  /** Default: all (`types`, `server`, `client`); with `package`: `types`, `client`. */
  targets: { kind: 'targets', use: 'generate', description: 'Default: all three (types and client with package). server and client imply types.' },
  /** Also write a publishable SDK package (package.json, tsconfig.json, README.md, LICENSE). */
  package: { kind: 'package', use: 'generate', description: 'Also write a publishable SDK package around the client.' },
  /** `codegen scaffold`: the folder for handler implementations (never overwritten). */
  handlers: { kind: 'path', use: 'scaffold', description: 'codegen scaffold: folder for the handler implementations (never overwritten).' },
  /** Watch mode: a shell command run after every successful regeneration. */
  onSuccess: { kind: 'string', use: 'watch', description: 'Watch mode: shell command run after every successful regeneration.' },
  /** RAML: report examples that break their type as warnings instead of errors (RAML 0.8 does by default). */
  lenientExamples: { kind: 'boolean', use: 'generate', description: 'RAML: report examples that break their type as warnings instead of errors (the default for RAML 0.8).' },
  /** The folder `$ref`s and RAML `!include`s may reach (default: the spec's folder), e.g. a monorepo's root; for a spec URL, a URL prefix on its origin. */
  root: { kind: 'source', use: 'generate', description: "The folder $refs and RAML !includes may reach (default: the spec's folder), e.g. a monorepo's root; for a spec URL, a URL on the same origin." },
  /** Request bodies handed to handlers as streams without `x-stream` in the spec: `"binary"` (all binary bodies), or the operations' ids (binary and multipart). */
  streamBodies: {
    kind: 'streamBodies',
    use: 'generate',
    description: 'Request bodies reach handlers as streams (as with x-stream: true on the request body): "binary" for every operation with a binary request body, or a list of operationIds (their binary bodies and multipart parts).',
  },
  /** Write the types as `types.d.ts` (not `types.ts`): checked faster under `skipLibCheck`; only for output that is run from source or bundled, never compiled by `tsc` to an outDir (docs/dev.md, Type-check cost). */
  declarationTypes: {
    kind: 'boolean',
    use: 'generate',
    description: 'Write the types as types.d.ts instead of types.ts (type-checked faster with skipLibCheck). Only for output run from source or bundled: tsc does not copy .d.ts files to its outDir. Not with package.',
  },
  /** Replace files in the output directory that contractgen did not generate (refused by default). */
  force: { kind: 'boolean', use: 'generate', description: 'Replace files in the output directory that contractgen did not generate (refused by default).' },
} as const satisfies Record<string, OptionSpec>;

type Options = typeof API_OPTIONS;
export type ApiOption = keyof Options;
export const API_KEYS = Object.keys(API_OPTIONS) as ApiOption[];

interface Written {
  path: string;
  source: string;
  string: string;
  boolean: boolean;
  targets: Target[];
  package: string | PackageConfig;
  streamBodies: StreamBodies;
}
interface Resolved extends Omit<Written, 'package'> {
  package: PackageConfig;
}
type RequiredKeys = { [K in ApiOption]: Options[K] extends { required: true } ? K : never }[ApiOption];
type Shape<V> = { -readonly [K in RequiredKeys]: V[Options[K]['kind'] & keyof V] } & { -readonly [K in Exclude<ApiOption, RequiredKeys>]?: V[Options[K]['kind'] & keyof V] };

/** One API as written in the config file: a spec and where its code goes. Relative paths are relative to the config file. */
export type ApiConfig = Shape<Written>;
/** One API from the config, paths absolute, `package` as an object. */
export type ResolvedApi = Shape<Resolved>;

/** The keys generate() takes from an API (checked: each must be a GenerateOptions key of the same type). */
type GenerateKeys = { [K in ApiOption]: Options[K]['use'] extends 'generate' ? K : never }[ApiOption];
const generateKeys = API_KEYS.filter((k): k is GenerateKeys => API_OPTIONS[k].use === 'generate');
type Assignable<A, B> = A extends B ? true : false;
const FITS: Assignable<Pick<ResolvedApi, GenerateKeys>, Pick<GenerateOptions, GenerateKeys>> = true;
void FITS;

/** What generate() gets for an API: every option whose `use` is `generate`, plus the caller's own (check, cache, …). */
export function generateOptions(api: ResolvedApi, extra: Partial<GenerateOptions> = {}): GenerateOptions {
  const out: Partial<Record<GenerateKeys, unknown>> = {};
  for (const key of generateKeys) if (api[key] !== undefined) out[key] = api[key];
  return { ...(out as Pick<GenerateOptions, GenerateKeys>), ...extra };
}

/** The JSON Schema of a config file (schema/codegen.config.schema.json is this, written by scripts/config-schema.mjs). */
export function configJsonSchema(): Record<string, unknown> {
  const kindSchema = (kind: Kind): Record<string, unknown> => {
    switch (kind) {
      case 'path':
      case 'source':
      case 'string':
        return { type: 'string', minLength: 1 };
      case 'boolean':
        return { type: 'boolean' };
      case 'targets':
        return { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...TARGETS] } };
      case 'package':
        return {
          oneOf: [
            { $ref: '#/$defs/packageName' },
            {
              type: 'object',
              required: ['name'],
              additionalProperties: false,
              properties: { name: { $ref: '#/$defs/packageName' }, version: { type: 'string', pattern: SEMVER.source, description: "Default: the spec's info.version." } },
            },
          ],
        };
      case 'streamBodies':
        return { oneOf: [{ const: 'binary' }, { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 } }] };
      default:
        return kind satisfies never;
    }
  };
  const properties: Record<string, unknown> = { $schema: { type: 'string' } };
  for (const key of API_KEYS) {
    const spec: OptionSpec = API_OPTIONS[key];
    properties[key] = { ...kindSchema(spec.kind), description: spec.description };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://contractgen.dev/schema/codegen.config.schema.json',
    title: 'contractgen config (codegen.config.json)',
    description: 'One API, or an array of APIs. Relative paths are relative to the config file.',
    oneOf: [{ $ref: '#/$defs/api' }, { type: 'array', minItems: 1, items: { $ref: '#/$defs/api' } }],
    $defs: {
      api: { type: 'object', required: API_KEYS.filter((k) => (API_OPTIONS[k] as OptionSpec).required), additionalProperties: false, properties },
      packageName: { type: 'string', maxLength: 214, pattern: PACKAGE_NAME.source },
    },
  };
}
