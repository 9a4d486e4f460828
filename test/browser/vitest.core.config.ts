/**
 * The client suites through the browser build, in Node: `@contractgen/runtime/client/core` (and
 * every other package) resolve their `browser` export condition, so `createClient` is the micro
 * core (runtime/src/client/micro.ts) over Node's fetch. For client suites only (the generator's
 * own dependencies, prettier among them, have browser builds that cannot run it):
 *
 *   npx vitest run --config test/browser/vitest.core.config.ts test/e2e/petstore.test.ts test/e2e/features.test.ts
 *
 * Expected difference: TRACE is refused (NetworkError), as a browser's fetch refuses it.
 */
import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../../vitest.config.js';

const conditions = ['browser', 'import', 'module', 'default'];

export default mergeConfig(base, defineConfig({ resolve: { conditions }, ssr: { resolve: { conditions } } }));
