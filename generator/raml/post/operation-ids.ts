/**
 * AMF-GAPS 7: AMF sets operationId only from `displayName`. Every operation gets a stable,
 * unique identifier: the displayName made an identifier, else method + path
 * (`get /pets/{petId}/photo` → `getPetsByPetIdPhoto`). The displayName also becomes `summary`.
 * Made unique over the whole document at the end (uniqueOperationIds), so an incremental
 * merge numbers them exactly as a full conversion does.
 */
import type { ConvertContext, DocContext } from '../context.js';
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
  for (const { path, method, operation } of operations(ctx.doc)) {
    // AMF's OAS compatibility pipeline renames repeated displayNames to `name_0`, `name_1`, …
    // over the whole document; the name as written comes from before that step.
    const rendered = typeof operation.operationId === 'string' ? operation.operationId : undefined;
    const displayName = ctx.displayNames.get(`${method} ${path}`) ?? rendered;
    if (displayName !== undefined && operation.summary === undefined) operation.summary = displayName;
    const fromName = displayName !== undefined ? camel(words(displayName)) : '';
    operation.operationId = fromName !== '' ? fromName : operationIdFromPath(method, path);
  }
}

/** Numbers repeated ids in document order: `list`, `list2`, … */
export function uniqueOperationIds(ctx: DocContext): void {
  const used = new Set<string>();
  for (const { operation } of operations(ctx.doc)) {
    let id = operation.operationId as string;
    if (used.has(id)) {
      const base = id;
      for (let n = 2; used.has(id); n++) id = `${base}${n}`;
    }
    used.add(id);
    operation.operationId = id;
  }
}
