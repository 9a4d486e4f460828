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
import type { ApiConfig, PackageConfig } from './options.js';

export type { Target, ApiConfig, PackageConfig };

export type CodegenConfig = ApiConfig | ApiConfig[];

/** Identity function that gives the config file its types. */
export function defineConfig<const T extends CodegenConfig>(config: T): T {
  return config;
}

export { loadConfig, findConfigFile, CONFIG_FILE_NAMES, type LoadedConfig, type ResolvedApi } from './load.js';
