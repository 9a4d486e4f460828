/** What changed between two models, for the one-line summary per regeneration. */
import type { ApiModel, OperationModel } from '../model/types.js';
import { printable } from '../reporter.js';

export interface OperationDiff {
  added: number;
  removed: number;
  changed: number;
  /** The operations' names (as generated: `getPet`), per kind, in spec order. */
  names: { added: string[]; removed: string[]; changed: string[] };
  /** Component schemas added, removed or changed (a `$ref`'d file edit shows up here). */
  schemasChanged: number;
  /** Their names. */
  schemaNames: string[];
}

const key = (op: OperationModel) => `${op.method.toUpperCase()} ${op.path}`;
const fingerprint = (op: OperationModel) => JSON.stringify({ ...op, pointer: undefined });

export function diffOperations(before: ApiModel | undefined, after: ApiModel): OperationDiff {
  const old = new Map((before?.operations ?? []).map((op) => [key(op), { fingerprint: fingerprint(op), name: op.name }]));
  const diff: OperationDiff = { added: 0, removed: 0, changed: 0, names: { added: [], removed: [], changed: [] }, ...schemaChanges(before, after) };
  const seen = new Set<string>();
  for (const op of after.operations) {
    const k = key(op);
    seen.add(k);
    const previous = old.get(k);
    if (previous === undefined) {
      diff.added++;
      diff.names.added.push(op.name);
    } else if (previous.fingerprint !== fingerprint(op)) {
      diff.changed++;
      diff.names.changed.push(op.name);
    }
  }
  for (const [k, { name }] of old) {
    if (seen.has(k)) continue;
    diff.removed++;
    diff.names.removed.push(name);
  }
  return diff;
}

function schemasOf(model: ApiModel | undefined): Record<string, unknown> {
  const components = model?.document['components'] as { schemas?: Record<string, unknown> } | undefined;
  return components?.schemas ?? {};
}

function schemaChanges(before: ApiModel | undefined, after: ApiModel): { schemasChanged: number; schemaNames: string[] } {
  const a = schemasOf(before);
  const b = schemasOf(after);
  const names: string[] = [];
  for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) if (JSON.stringify(a[name]) !== JSON.stringify(b[name])) names.push(name);
  return { schemasChanged: names.length, schemaNames: names };
}

/** `n thing` / `n things`. */
export function plural(n: number, thing: string): string {
  return `${n} ${thing}${n === 1 ? '' : 's'}`;
}

/** Names at most this many operations; more are counted. */
const NAMED = 6;

/** `~ getPet, + listOrders, - deletePet; 1 schema changed (Pet)` (names of changed, added, removed operations). */
export function describeDiff(diff: OperationDiff): string {
  const listed = diff.schemaNames.length > NAMED ? `${diff.schemaNames.slice(0, NAMED - 1).join(', ')} and ${diff.schemaNames.length - (NAMED - 1)} more` : diff.schemaNames.join(', ');
  const schemas = diff.schemasChanged > 0 ? `; ${plural(diff.schemasChanged, 'schema')} changed (${printable(listed)})` : '';
  const all = [...diff.names.changed.map((n) => `~ ${n}`), ...diff.names.added.map((n) => `+ ${n}`), ...diff.names.removed.map((n) => `- ${n}`)];
  if (all.length === 0) return `no operation changed${schemas}`;
  const shown = all.length > NAMED ? [...all.slice(0, NAMED - 1), `and ${plural(all.length - (NAMED - 1), 'more operation')}`] : all;
  return `${shown.join(', ')}${schemas}`;
}
