/** What changed between two models, for the one-line summary per regeneration. */
import type { ApiModel, OperationModel } from '../model/types.js';

export interface OperationDiff {
  added: number;
  removed: number;
  changed: number;
  /** Component schemas added, removed or changed (a `$ref`'d file edit shows up here). */
  schemasChanged: number;
}

const key = (op: OperationModel) => `${op.method.toUpperCase()} ${op.path}`;
const fingerprint = (op: OperationModel) => JSON.stringify({ ...op, pointer: undefined });

export function diffOperations(before: ApiModel | undefined, after: ApiModel): OperationDiff {
  const old = new Map((before?.operations ?? []).map((op) => [key(op), fingerprint(op)]));
  const diff: OperationDiff = { added: 0, removed: 0, changed: 0, schemasChanged: countSchemaChanges(before, after) };
  const seen = new Set<string>();
  for (const op of after.operations) {
    const k = key(op);
    seen.add(k);
    const previous = old.get(k);
    if (previous === undefined) diff.added++;
    else if (previous !== fingerprint(op)) diff.changed++;
  }
  for (const k of old.keys()) if (!seen.has(k)) diff.removed++;
  return diff;
}

function schemasOf(model: ApiModel | undefined): Record<string, unknown> {
  const components = model?.document['components'] as { schemas?: Record<string, unknown> } | undefined;
  return components?.schemas ?? {};
}

function countSchemaChanges(before: ApiModel | undefined, after: ApiModel): number {
  const a = schemasOf(before);
  const b = schemasOf(after);
  let n = 0;
  for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) if (JSON.stringify(a[name]) !== JSON.stringify(b[name])) n++;
  return n;
}

export function describeDiff(diff: OperationDiff): string {
  const schemas = diff.schemasChanged > 0 ? `; schemas ~${diff.schemasChanged}` : '';
  if (diff.added + diff.removed + diff.changed === 0) return `no operation changed${schemas}`;
  return `operations +${diff.added} -${diff.removed} ~${diff.changed}${schemas}`;
}
