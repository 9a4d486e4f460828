import { SpecError } from './diagnostics.js';

export const TARGETS = ['types', 'server', 'client'] as const;
export type Target = (typeof TARGETS)[number];

/** Parses a target list; server and client imply types (they import its request/response types). */
export function normalizeTargets(list: readonly string[]): Target[] {
  const out: Target[] = [];
  for (const raw of list) {
    const t = raw.trim();
    if (!t) continue;
    if (!(TARGETS as readonly string[]).includes(t)) {
      throw new SpecError('USAGE', `unknown target ${JSON.stringify(t)} (expected ${TARGETS.join(', ')})`);
    }
    if (!out.includes(t as Target)) out.push(t as Target);
  }
  if (out.length === 0) throw new SpecError('USAGE', `no target given (expected ${TARGETS.join(', ')})`);
  if ((out.includes('server') || out.includes('client')) && !out.includes('types')) out.unshift('types');
  return TARGETS.filter((t) => out.includes(t));
}
