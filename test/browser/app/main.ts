/**
 * The browser test's page: bundled by esbuild for the browser, served from its own port.
 * `runBrowserChecks(config)` runs every check in order, writes each result to the console
 * (prefixed, one JSON line) and resolves with all of them.
 */
import { checks } from './checks.js';
import { RESULT_PREFIX, type CheckResult, type PageConfig, type PageGlobal } from './protocol.js';

async function runBrowserChecks(config: PageConfig): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const [name, run] of checks(config)) {
    let result: CheckResult;
    try {
      result = { name, observed: await run() };
    } catch (error) {
      result = { name, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
    console.log(RESULT_PREFIX + JSON.stringify(result));
    results.push(result);
  }
  return results;
}

(globalThis as unknown as PageGlobal).runBrowserChecks = runBrowserChecks;
