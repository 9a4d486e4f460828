/** Issue 19: the watch line names what changed (`~ getPet, + listOrders`), with correct plurals. */
import { expect, it } from 'vitest';
import { describeDiff, type OperationDiff } from '../../generator/watch/operation-diff.js';

const diff = (names: Partial<OperationDiff['names']>, schemaNames: string[] = []): OperationDiff => {
  const n = { added: [], removed: [], changed: [], ...names };
  return { added: n.added.length, removed: n.removed.length, changed: n.changed.length, names: n, schemasChanged: schemaNames.length, schemaNames };
};

it('names changed, added and removed operations and changed schemas; one/many; long lists counted', () => {
  expect(describeDiff(diff({ changed: ['getPet'], added: ['listOrders'] }))).toBe('~ getPet, + listOrders');
  expect(describeDiff(diff({ removed: ['deletePet'] }, ['Pet']))).toBe('- deletePet; 1 schema changed (Pet)');
  expect(describeDiff(diff({}, ['Pet', 'Order']))).toBe('no operation changed; 2 schemas changed (Pet, Order)');
  const many = diff({ added: ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'] });
  expect(describeDiff(many)).toBe('+ a1, + a2, + a3, + a4, + a5, and 3 more operations');
  expect(describeDiff(diff({ added: ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'] }))).toBe('+ a1, + a2, + a3, + a4, + a5, + a6');
  expect(describeDiff(diff({ added: ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'] }))).toBe('+ a1, + a2, + a3, + a4, + a5, and 2 more operations');
});
