/**
 * The config file API: `codegen.config.ts` / `.mjs` / `.json`.
 *
 *   import { defineConfig } from 'contractgen';
 *   export default defineConfig([
 *     { input: 'specs/petstore.yaml', output: 'src/api/petstore' },
 *     { input: 'specs/billing.yaml', output: 'src/api/billing', targets: ['types', 'client'] },
 *   ]);
 */
import type { Target } from '../targets.js';

export type { Target };

/** An npm package around the client (see docs/dev.md). */
export interface PackageConfig {
  /** The npm package name, e.g. `@acme/petstore-sdk`. */
  name: string;
  /** Defaults to the spec's `info.version`. */
  version?: string;
}

/** One API: a spec and where its code goes. Relative paths are relative to the config file. */
export interface ApiConfig {
  /** The spec (OpenAPI 2.0/3.0/3.1 JSON/YAML or RAML). */
  input: string;
  /** The output directory; everything in it may be overwritten. */
  output: string;
  /** Default: all (`types`, `server`, `client`); with `package`: `types`, `client`. */
  targets?: Target[];
  /** Also write a publishable SDK package (package.json, tsconfig.json, README.md, LICENSE). */
  package?: string | PackageConfig;
  /** `codegen scaffold`: the folder for handler implementations (never overwritten). */
  handlers?: string;
  /** Watch mode: a shell command run after every successful regeneration. */
  onSuccess?: string;
  /** RAML: report examples that break their type as warnings instead of errors. */
  lenientExamples?: boolean;
}

export type CodegenConfig = ApiConfig | ApiConfig[];

/** Identity function that gives the config file its types. */
export function defineConfig<const T extends CodegenConfig>(config: T): T {
  return config;
}

export { loadConfig, findConfigFile, CONFIG_FILE_NAMES, type LoadedConfig, type ResolvedApi } from './load.js';
