import { defaultAccept, type OperationSpec } from '../spec.js';

/**
 * The Accept header of a call: the descriptor's precomputed `accept` (generated code), else
 * `defaultAccept` of its responses (a hand-made descriptor), computed once per descriptor.
 */
export function acceptHeader(op: OperationSpec): string | undefined {
  if (op.accept !== undefined) return op.accept || undefined;
  if (accepts.has(op)) return accepts.get(op);
  const value = defaultAccept(op.responses);
  accepts.set(op, value);
  return value;
}

/** Per descriptor: computed on its first call (descriptors are not changed after they are made). */
const accepts = new WeakMap<OperationSpec, string | undefined>();
