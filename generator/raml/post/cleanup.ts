/**
 * Removes AMF's `x-amf-*` leftovers once every step has used what it needs. Known
 * bookkeeping keys go silently; any other one is reported, never dropped unseen.
 */
import { locateText, warn, type DocContext } from '../context.js';
import { isObject, objectAt, refName } from '../json.js';

const KNOWN = new Set([
  'x-amf-describedBy', 'x-amf-type', 'x-amf-is', 'x-amf-discriminatorValue', 'x-amf-parameters', 'x-amf-mediaType',
  'x-amf-examples', 'x-amf-traits', 'x-amf-resourceTypes', 'x-amf-annotationTypes', 'x-amf-merge', 'x-amf-schema',
  'x-amf-securitySchemes', 'x-amf-security',
]);

/** Every `$ref` must point into this document's components; anything else becomes `{}` (any), reported. */
function checkRefs(ctx: DocContext, node: unknown, replace: (next: unknown) => void): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => checkRefs(ctx, item, (next) => (node[i] = next)));
    return;
  }
  if (!isObject(node)) return;
  const ref = node.$ref;
  if (typeof ref === 'string') {
    const name = refName(node);
    const schemas = objectAt(objectAt(ctx.doc, 'components') ?? {}, 'schemas') ?? {};
    if (name === undefined || !(name in schemas)) {
      warn(ctx, 'RAML_UNRESOLVED_REF', `Reference '${ref}' could not be resolved to a named type; it is typed as any`, locateText(ctx, ref));
      replace({});
    }
    return;
  }
  for (const key of Object.keys(node)) checkRefs(ctx, node[key], (next) => (node[key] = next));
}

function strip(ctx: DocContext, node: unknown, pointer: string, reported: Set<string>): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => strip(ctx, item, `${pointer}/${i}`, reported));
    return;
  }
  if (!isObject(node)) return;
  for (const key of Object.keys(node)) {
    if (key.startsWith('x-amf-')) {
      if (!KNOWN.has(key) && !reported.has(key)) {
        reported.add(key);
        warn(ctx, 'RAML_UNMAPPED', `AMF left '${key}' (at ${pointer}) that has no OpenAPI equivalent; it is ignored`, { file: ctx.rootFile });
      }
      delete node[key];
    } else strip(ctx, node[key], `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, reported);
  }
}

export function stripAmfExtensions(ctx: DocContext): void {
  strip(ctx, ctx.doc, '', new Set());
  checkRefs(ctx, ctx.doc, () => undefined);
}
