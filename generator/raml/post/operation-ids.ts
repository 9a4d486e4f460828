/**
 * AMF-GAPS 7: AMF sets operationId only from `displayName`. Every operation gets a stable,
 * unique identifier: the displayName made an identifier, else method + path
 * (`get /pets/{petId}/photo` → `getPetsByPetIdPhoto`). The displayName also becomes `summary`.
 */
import type { ConvertContext } from '../context.js';
import { operations } from '../json.js';

function words(text: string): string[] {
  return text.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
}

export function camel(parts: string[]): string {
  const joined = parts
    .map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('');
  return /^[0-9]/.test(joined) ? `op${joined}` : joined;
}

export function operationIdFromPath(method: string, path: string): string {
  const parts: string[] = [method];
  for (const segment of path.split('/')) {
    const param = /^\{(.+)\}$/.exec(segment);
    if (param) parts.push('by', ...words(param[1] ?? ''));
    else parts.push(...words(segment));
  }
  return camel(parts);
}

export function fixOperationIds(ctx: ConvertContext): void {
  const used = new Set<string>();
  for (const { path, method, operation } of operations(ctx.doc)) {
    const displayName = typeof operation.operationId === 'string' ? operation.operationId : undefined;
    if (displayName !== undefined && operation.summary === undefined) operation.summary = displayName;
    const fromName = displayName !== undefined ? camel(words(displayName)) : '';
    let id = fromName !== '' ? fromName : operationIdFromPath(method, path);
    if (used.has(id)) {
      const base = id;
      for (let n = 2; used.has(id); n++) id = `${base}${n}`;
    }
    used.add(id);
    operation.operationId = id;
  }
}
