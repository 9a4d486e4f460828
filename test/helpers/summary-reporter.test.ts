/** The closing line of the test run counts what vitest counts, and a test whose hook threw as failed. */
import { expect, it } from 'vitest';
import type { TestModule } from 'vitest/node';
import { summarize } from './summary-reporter.js';

type State = 'passed' | 'failed' | 'skipped' | 'pending';
interface FakeSuite {
  type: 'suite' | 'module';
  parent?: FakeSuite;
  errors(): unknown[];
}

function suite(type: 'suite' | 'module', errors: unknown[], parent?: FakeSuite): FakeSuite {
  return { type, errors: () => errors, ...(parent ? { parent } : {}) };
}
function module(tests: Array<{ state: State; parent?: FakeSuite }>, own: FakeSuite, state: string): TestModule {
  const cases = tests.map((t) => ({ parent: t.parent ?? own, result: () => ({ state: t.state }) }));
  return Object.assign(own, { state: () => state, children: { allTests: () => cases[Symbol.iterator]() } }) as unknown as TestModule;
}

it('counts passed, failed and skipped tests, and unhandled errors as failures', () => {
  const m = module([{ state: 'passed' }, { state: 'failed' }, { state: 'skipped' }], suite('module', []), 'failed');
  expect(summarize([m], [new Error('late')])).toEqual({ passed: 1, failed: 2, skipped: 1 });
});

it('a test skipped because beforeAll threw (in its suite or an outer one) is failed', () => {
  const own = suite('module', []);
  const broken = suite('suite', [{ message: 'beforeAll threw' }], own);
  const inner = suite('suite', [], broken);
  const healthy = suite('suite', [], own);
  const m = module([{ state: 'skipped', parent: broken }, { state: 'skipped', parent: inner }, { state: 'skipped', parent: healthy }, { state: 'passed', parent: healthy }], own, 'failed');
  expect(summarize([m], [])).toEqual({ passed: 1, failed: 2, skipped: 1 });
});

it('a module whose top-level beforeAll threw fails all its tests; a module that failed to load counts once', () => {
  const broken = module([{ state: 'skipped' }, { state: 'skipped' }], suite('module', [{ message: 'x' }]), 'failed');
  const unloadable = module([], suite('module', [{ message: 'SyntaxError' }]), 'failed');
  expect(summarize([broken, unloadable], [])).toEqual({ passed: 0, failed: 3, skipped: 0 });
});
