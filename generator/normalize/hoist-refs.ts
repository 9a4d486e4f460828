/**
 * `$ref`s to a schema that is not itself a component schema — inside one
 * (`#/components/schemas/A/properties/b`, `…/A/definitions/C`), inside another
 * component (`#/components/responses/E/content/application~1json/schema`) or
 * inside `paths` — cannot be named by the type generator (its types have no
 * `definitions`, `content/…/schema` path). Each such target becomes a component
 * schema of its own (`A_C`, `A_b`, `ESchema`), and every reference to it points
 * there. Runs on the bundled document before the model is built.
 */
import { documentEntries, type EntryIndex } from '../content-hash.js';
import { resolvePointer } from '../load/validate.js';

type Obj = Record<string, unknown>;
const PREFIX = '#/components/schemas/';

/**
 * Returns the keys of the entries it changed or added (content-hash.ts documentEntries).
 * With the document's `index`, entries none of whose `$ref`s is hoisted are not walked, and
 * the index is refreshed for the entries changed.
 */
export function hoistInteriorRefs(document: Obj, index?: EntryIndex): Set<string> {
  // created only when something is hoisted (a walk is cheaper than a stringify-and-test first)
  const section = () => (document['components'] ??= {}) as Obj;
  const componentSchemas = () => (section()['schemas'] ??= {}) as Obj;
  const hoisted = new Map<string, string>(); // interior pointer -> new component ref
  const changed = new Set<string>();
  let current = '';
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const obj = node as Obj;
    const ref = obj['$ref'];
    if (typeof ref === 'string' && (isSchemaInterior(ref) || PATH_PARAMETER.test(ref))) {
      obj['$ref'] = isSchemaInterior(ref) ? hoist(ref) : hoistParameter(ref);
      changed.add(current);
    }
    for (const value of Object.values(obj)) if (value && typeof value === 'object') visit(value);
  };
  /** Walks a new component as an entry of its own. */
  const visitAdded = (key: string, copy: unknown) => {
    const outer = current;
    current = key;
    changed.add(key);
    visit(copy);
    current = outer;
  };
  const hoist = (ref: string): string => {
    const known = hoisted.get(ref);
    if (known) return known;
    const target = resolvePointer(document, ref);
    if (target === undefined) return ref; // validation reported dangling refs already
    const components = componentSchemas();
    const base = hoistedName(ref);
    let name = base;
    for (let n = 2; Object.prototype.hasOwnProperty.call(components, name); n++) name = `${base}${n}`;
    const pointer = `${PREFIX}${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    hoisted.set(ref, pointer);
    const copy = structuredClone(target);
    Object.defineProperty(components, name, { value: copy, enumerable: true, configurable: true, writable: true });
    visitAdded(`components\0schemas\0${name}`, copy);
    return pointer;
  };
  /** A parameter `$ref` into `paths` (`…/get/parameters/1`) becomes a `components.parameters` entry. */
  const hoistParameter = (ref: string): string => {
    const known = hoisted.get(ref);
    if (known) return known;
    const target = resolvePointer(document, ref) as Obj | undefined;
    if (!target || typeof target !== 'object') return ref;
    const parameters = (section()['parameters'] ??= {}) as Obj;
    const base = typeof target['name'] === 'string' && target['name'] ? target['name'] : 'parameter';
    let name = base;
    for (let n = 2; Object.prototype.hasOwnProperty.call(parameters, name); n++) name = `${base}${n}`;
    const pointer = `#/components/parameters/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    hoisted.set(ref, pointer);
    const copy = structuredClone(target);
    Object.defineProperty(parameters, name, { value: copy, enumerable: true, configurable: true, writable: true });
    visitAdded(`components\0parameters\0${name}`, copy);
    return pointer;
  };
  const hoistable = (ref: string) => isSchemaInterior(ref) || PATH_PARAMETER.test(ref);
  // entry by entry, in document order: paths, webhooks, components (what the walk of each whole map visited)
  try {
    for (const [key, value] of [...documentEntries(document)]) {
      if (!/^(?:paths|webhooks|components)\0/.test(key)) continue;
      const facts = index?.factsOf(key);
      if (facts && !facts.refs.some(hoistable)) continue;
      current = key;
      visit(value);
    }
  } finally {
    // (also when something threw: what was changed must not be reused as parsed)
    index?.refresh(changed);
  }
  // (parts of those maps that are not entries hold no $ref a schema or parameter can point through)
  return changed;
}

const PATH_PARAMETER = /^#\/paths\/[^/]+(?:\/[a-z]+)?\/parameters\/\d+$/;
const SCHEMA_STEP = /\/(?:schema|properties|items|additionalProperties|allOf|oneOf|anyOf|not|definitions|\$defs|prefixItems|patternProperties)(?:\/|$)/;

/** A reference to a schema that is not a whole component schema. */
function isSchemaInterior(ref: string): boolean {
  if (!ref.startsWith('#/')) return false;
  if (ref.startsWith(PREFIX)) return ref.indexOf('/', PREFIX.length) > 0;
  return SCHEMA_STEP.test(ref) && (ref.startsWith('#/components/') || ref.startsWith('#/paths/') || ref.startsWith('#/webhooks/'));
}

function hoistedName(ref: string): string {
  const segments = ref.slice(2).split('/').map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = segments[segments.length - 1]!;
  if (segments[0] === 'components' && segments[1] === 'schemas') return `${segments[2]}_${last}`;
  if (segments[0] === 'components') return `${segments[2]}${last === 'schema' ? '' : `_${last}`}Schema`;
  return `Inline${last === 'schema' ? '' : `_${last}`}Schema`;
}
