/**
 * AMF-GAPS 1 / issue 12.23: a RAML 0.8 JSON schema that declares draft-03 but lists `required`
 * as a draft-04 array (common in the wild) is read as draft-04. AMF reports it
 * (`invalid-required-array-for-schema-version`, a warning here: validation-report.ts) and drops
 * the arrays, so every property would come out optional. The schema's own text — the `schemas:`
 * declarations of the root file, inline or `!include`d (only files AMF's sandboxed loader read) —
 * gives them back, copied into the converted schema along the same properties/items paths.
 */
import path from 'node:path';
import { parseDocument, type Scalar } from 'yaml';
import type { ConvertContext } from '../context.js';
import { isObject, objectAt, type JsonObject } from '../json.js';

export function restoreDraft3RequiredArrays(ctx: ConvertContext): void {
  const root = ctx.read(ctx.rootFile) ?? '';
  if (!/^\uFEFF?#%RAML[ \t]+0\.8/.test(root)) return;
  const schemas = objectAt(objectAt(ctx.doc, 'components') ?? {}, 'schemas');
  if (!schemas) return;
  for (const [name, text] of declaredSchemaTexts(ctx, root)) {
    const target = schemas[name];
    let original: unknown;
    try {
      original = JSON.parse(text);
    } catch {
      continue; // not JSON (an XSD, say): nothing to restore
    }
    if (!isObject(original) || !/draft-03/.test(String(original['$schema'] ?? ''))) continue;
    if (isObject(target)) copyRequired(original, target);
  }
}

/** `schemas:` of a RAML 0.8 root: a list of `{ name: text }` (or one map), values inline or `!include file`. */
function declaredSchemaTexts(ctx: ConvertContext, root: string): Array<[string, string]> {
  const doc = parseDocument(root, {
    customTags: [{ tag: '!include', resolve: (value: string) => ({ include: value }) as unknown as Scalar, identify: () => false }],
  });
  const value = doc.toJS() as unknown;
  const declared = isObject(value) ? value['schemas'] : undefined;
  const entries: Array<[string, unknown]> = [];
  for (const item of Array.isArray(declared) ? declared : [declared]) {
    if (isObject(item)) entries.push(...Object.entries(item));
  }
  const out: Array<[string, string]> = [];
  for (const [name, v] of entries) {
    if (typeof v === 'string') out.push([name, v]);
    else if (isObject(v) && typeof v['include'] === 'string') {
      const file = path.resolve(path.dirname(ctx.rootFile), v['include']);
      const text = ctx.files.includes(file) ? ctx.read(file) : undefined;
      if (text !== undefined) out.push([name, text]);
    }
  }
  return out;
}

/** Copies every `required` array of the draft-03 original onto the converted schema, recursively. */
function copyRequired(original: JsonObject, converted: JsonObject): void {
  const stack: Array<[JsonObject, JsonObject]> = [[original, converted]];
  while (stack.length > 0) {
    const [o, c] = stack.pop()!;
    const properties = isObject(o['properties']) ? o['properties'] : {};
    const convertedProperties = isObject(c['properties']) ? c['properties'] : {};
    if (Array.isArray(o['required'])) {
      const names = o['required'].filter((n): n is string => typeof n === 'string' && Object.hasOwn(convertedProperties, n));
      const existing = Array.isArray(c['required']) ? c['required'].filter((n): n is string => typeof n === 'string') : [];
      const merged = [...new Set([...existing, ...names])];
      if (merged.length > 0) c['required'] = merged;
    }
    for (const [key, sub] of Object.entries(properties)) {
      const target = convertedProperties[key];
      if (isObject(sub) && isObject(target)) stack.push([sub, target]);
    }
    if (isObject(o['items']) && isObject(c['items'])) stack.push([o['items'], c['items']]);
    if (isObject(o['additionalProperties']) && isObject(c['additionalProperties'])) stack.push([o['additionalProperties'], c['additionalProperties']]);
  }
}
