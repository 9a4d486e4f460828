import type { OperationSpec } from '../spec.js';

/**
 * The default Accept header: every documented response media type, JSON kinds
 * first (shared decision 12.2: a server that can answer a status in JSON or XML
 * picks JSON, which the client hands out typed), then the others in spec order.
 */
export function acceptHeader(op: OperationSpec): string | undefined {
  if (accepts.has(op)) return accepts.get(op);
  const value = compute(op);
  accepts.set(op, value);
  return value;
}

/** Per descriptor: computed on its first call (descriptors are not changed after they are made). */
const accepts = new WeakMap<OperationSpec, string | undefined>();

function compute(op: OperationSpec): string | undefined {
  const json = new Set<string>();
  const other = new Set<string>();
  for (const response of op.responses) {
    for (const media of response.content) (media.kind === 'json' ? json : other).add(media.mediaType);
  }
  const all = [...json, ...[...other].filter((m) => !json.has(m))];
  return all.length === 0 ? undefined : all.join(', ');
}
