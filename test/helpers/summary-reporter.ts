/** Prints the plain closing line CI reads: `N passed, N failed, N skipped`. */
import type { Reporter, TestCase, TestModule, TestSuite } from 'vitest/node';

type Counts = { passed: number; failed: number; skipped: number };

/** True when the test's suite, or any suite around it, or its module, has errors of its own (a hook threw). */
function hookFailed(test: TestCase): boolean {
  for (let at: TestSuite | TestModule = test.parent; ; at = at.parent) {
    if (at.errors().length > 0) return true;
    if (at.type === 'module') return false;
  }
}

/** The counts of the closing line. A test that did not pass because a hook around it threw is failed, not skipped. */
export function summarize(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): Counts {
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const module of testModules) {
    const tests = [...module.children.allTests()];
    for (const test of tests) {
      const state = test.result().state;
      if (state === 'passed') counts.passed++;
      else if (state === 'failed' || hookFailed(test)) counts.failed++;
      else counts.skipped++;
    }
    if (module.state() === 'failed' && tests.length === 0) counts.failed++;
  }
  counts.failed += unhandledErrors.length;
  return counts;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const { passed, failed, skipped } = summarize(testModules, unhandledErrors);
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
