/**
 * OpenAPI 3.1 schema objects (3.0 documents were normalized before: openapi31.ts)
 * -> JSON Schema 2020-12 for the runtime's validators. `$ref`s to component schemas become `<schemaId>#/components/schemas/X`;
 * `$ref`s anywhere else are hoisted into the component map under a synthetic
 * name so they stay references (cycles included). Extensions (`x-*`) and pure
 * documentation keywords are dropped.
 *
 * Request bodies are converted in 'write' mode: `readOnly` properties are not
 * required and may not be sent (their schema becomes `false`), through write
 * variants of the component schemas (`__write_<Name>`), created on demand.
 *
 * A component with a `discriminator` and no `oneOf`/`anyOf` is a base that other
 * components extend through `allOf` (OpenAPI's inheritance pattern): where it is
 * referenced, a payload is also validated as the descendant its tag names
 * (`if`/`then` per descendant; an unknown tag is validated as the base alone).
 * The descendants' own `allOf` points at the plain base (`__base_<Name>`), so
 * the dispatch never loops.
 */
import { resolvePointer } from '../load/validate.js';
import type { SchemaObject } from '../model/types.js';
import { keywordsOf } from './keywords.js';

type Obj = Record<string, unknown>;
const DROP = new Set(['example', 'xml', 'externalDocs', 'nullable']);
const COMPONENT_PREFIX = '#/components/schemas/';

/**
 * Converted component schemas kept by entry hash (content-hash.ts), valid while `key` (the
 * document-wide inputs of a conversion) is unchanged: reused by every converter of a run and
 * by the next run in watch mode. Only conversions that read nothing but the schema itself are
 * kept (no discriminator bases in the document, no `$ref` hoisted on the way).
 */
export interface ConvertedMemo {
  key?: string;
  /** This run's (or the last run's) pure conversions, by entry hash. */
  converted: Map<string, unknown>;
}

export function createConvertedMemo(): ConvertedMemo {
  return { converted: new Map() };
}

export interface ConverterReuse {
  memo: ConvertedMemo;
  /** The memo key of a component schema: its entry hash (content-hash.ts) across runs, its name within one run. */
  keyOf(name: string): string | undefined;
}

export class JsonSchemaConverter {
  /** Component schemas (converted) by name, including hoisted ones. */
  readonly components: Record<string, unknown> = {};
  private readonly hoisted = new Map<string, string>();
  private readonly writeVariants = new Map<string, string>();
  private readonly usesReadOnly: boolean;
  /** Discriminator bases (see above): name -> the descendants to dispatch to. */
  private readonly bases: Map<string, { propertyName: string; targets: Array<{ tags: string[]; ref: string }> }>;

  constructor(
    private readonly document: Obj,
    readonly schemaId: string,
    reuse?: ConverterReuse,
  ) {
    this.usesReadOnly = keywordsOf(document).readOnly;
    const schemas = ((document['components'] as Obj | undefined)?.['schemas'] as Obj | undefined) ?? {};
    this.bases = discriminatorBases(schemas);
    const memo = reuse && this.bases.size === 0 ? reuse.memo : undefined;
    const key = schemaId;
    if (memo && memo.key !== key) {
      memo.converted.clear();
      memo.key = key;
    }
    const live = new Map<string, unknown>();
    for (const [name, schema] of Object.entries(schemas)) {
      if (this.bases.has(name)) {
        setOwn(this.components, name, this.dispatching(name, 'read'));
        continue;
      }
      const hash = memo ? reuse!.keyOf(name) : undefined;
      let converted = hash === undefined ? undefined : memo!.converted.get(hash);
      const hoisted = this.hoisted.size;
      converted ??= this.convert(schema as SchemaObject);
      // (a conversion that hoisted a `$ref` depends on the converter's state: never kept)
      if (hash !== undefined && this.hoisted.size === hoisted) live.set(hash, converted);
      setOwn(this.components, name, converted);
    }
    if (memo) memo.converted = live;
  }

  /** The base `name` plus one `if`/`then` per descendant: validated as the child its tag names. */
  private dispatching(name: string, mode: 'read' | 'write'): unknown {
    const base = this.bases.get(name)!;
    const property = base.propertyName;
    // One if/then/else chain rather than an if/then per descendant inside allOf: the same for
    // validation, and fast-json-stringify (which merges allOf) serializes it branch by branch.
    const chain = (i: number): Obj => {
      const t = base.targets[i];
      if (!t) return {};
      const next = chain(i + 1);
      return {
        if: { type: 'object', required: [property], properties: { [property]: { enum: t.tags } } },
        then: { $ref: this.ref(t.ref, mode) },
        ...(Object.keys(next).length > 0 ? { else: next } : {}),
      };
    };
    return { allOf: [{ $ref: this.plainBase(name, mode) }], ...chain(0) };
  }

  /** The base schema without the dispatch (what its descendants' `allOf` refers to). */
  private plainBase(name: string, mode: 'read' | 'write'): string {
    const key = `${mode}:${name}`;
    let component = this.plainBases.get(key);
    if (!component) {
      component = `${mode === 'write' ? '__write_base_' : '__base_'}${name}`;
      while (Object.prototype.hasOwnProperty.call(this.components, component)) component = `_${component}`;
      this.plainBases.set(key, component);
      const schemas = (this.document['components'] as Obj)['schemas'] as Obj;
      setOwn(this.components, component, {});
      setOwn(this.components, component, this.walk(schemas[name], 0, mode));
    }
    return `${this.schemaId}${COMPONENT_PREFIX}${encodeURIComponent(component)}`;
  }

  private readonly plainBases = new Map<string, string>();

  /** The base a `{ $ref }` inside `allOf` points at, if it is a discriminator base. */
  private baseOf(item: unknown): string | undefined {
    const ref = item && typeof item === 'object' ? (item as Obj)['$ref'] : undefined;
    if (typeof ref !== 'string' || !ref.startsWith(COMPONENT_PREFIX)) return undefined;
    const name = componentName(ref);
    return name !== undefined && this.bases.has(name) ? name : undefined;
  }

  convert(schema: SchemaObject | undefined, mode: 'read' | 'write' = 'read'): unknown {
    if (schema === undefined) return {};
    return this.walk(schema, 0, mode === 'write' && this.usesReadOnly ? 'write' : 'read');
  }

  private ref(ref: string, mode: 'read' | 'write' = 'read'): string {
    if (mode === 'write') return this.writeRef(ref);
    if (ref.startsWith(COMPONENT_PREFIX) && !ref.slice(COMPONENT_PREFIX.length).includes('/')) {
      return `${this.schemaId}${ref}`;
    }
    let name = this.hoisted.get(ref);
    if (!name) {
      name = `__ref${this.hoisted.size + 1}`;
      while (Object.prototype.hasOwnProperty.call(this.components, name)) name = `_${name}`;
      this.hoisted.set(ref, name);
      const target = resolvePointer(this.document, ref);
      this.components[name] = {}; // placeholder first: cycles terminate
      this.components[name] = this.convert(target as SchemaObject);
    }
    return `${this.schemaId}${COMPONENT_PREFIX}${encodeURIComponent(name)}`;
  }

  /** The write variant of the schema at `ref` (created once; cycles terminate on the placeholder). */
  private writeRef(ref: string): string {
    let name = this.writeVariants.get(ref);
    if (!name) {
      const base = ref.startsWith(COMPONENT_PREFIX) ? decodeURIComponent(ref.slice(COMPONENT_PREFIX.length)) : `ref${this.writeVariants.size + 1}`;
      name = `__write_${base}`;
      while (Object.prototype.hasOwnProperty.call(this.components, name)) name = `_${name}`;
      this.writeVariants.set(ref, name);
      this.components[name] = {};
      const component = ref.startsWith(COMPONENT_PREFIX) ? componentName(ref) : undefined;
      this.components[name] = component !== undefined && this.bases.has(component) ? this.dispatching(component, 'write') : this.walk(resolvePointer(this.document, ref), 0, 'write');
    }
    return `${this.schemaId}${COMPONENT_PREFIX}${encodeURIComponent(name)}`;
  }

  private walk(node: unknown, depth: number, mode: 'read' | 'write' = 'read'): unknown {
    if (depth > 200) return {};
    if (Array.isArray(node)) return node.map((n) => this.walk(n, depth + 1, mode));
    if (!node || typeof node !== 'object') return node;
    const src = node as Obj;
    const out: Obj = {};
    for (const [key, value] of Object.entries(src)) {
      if (key.startsWith('x-') || DROP.has(key)) continue;
      if (key === '$ref' && typeof value === 'string') {
        out['$ref'] = value.startsWith('#') ? this.ref(value, mode) : value;
      } else if (key === 'properties' || key === 'patternProperties' || key === '$defs' || key === 'definitions' || key === 'dependentSchemas') {
        const props: Obj = {};
        for (const [name, sub] of Object.entries((value as Obj) ?? {})) {
          const converted = mode === 'write' && key === 'properties' && isReadOnly(sub) ? false : this.walk(sub, depth + 1, mode);
          if (name === '__proto__') Object.defineProperty(props, name, { value: converted, enumerable: true, configurable: true, writable: true });
          else props[name] = converted;
        }
        out[key] = props;
      } else if (key === 'required' && mode === 'write' && Array.isArray(value)) {
        const props = (src['properties'] as Obj | undefined) ?? {};
        out[key] = value.filter((name) => !isReadOnly(props[String(name)]));
      } else if (key === 'allOf' && Array.isArray(value) && this.bases.size > 0) {
        out[key] = value.map((item) => {
          const base = this.baseOf(item);
          if (base === undefined) return this.walk(item, depth + 1, mode);
          const { $ref: _ref, ...rest } = item as Obj;
          return { $ref: this.plainBase(base, mode), ...(this.walk(rest, depth + 1, mode) as Obj) };
        });
      } else if (key === 'enum' || key === 'const' || key === 'default' || key === 'examples' || key === 'required') {
        out[key] = value;
      } else if (key === 'discriminator' && value && typeof value === 'object') {
        const d = value as Obj;
        const mapping = d['mapping'] as Record<string, string> | undefined;
        out[key] = {
          propertyName: d['propertyName'],
          // a bare schema name (`lizard: Lizard`) means `#/components/schemas/Lizard`
          ...(mapping
            ? { mapping: Object.fromEntries(Object.entries(mapping).map(([k, v]) => [k, this.ref(v.startsWith('#') ? v : /^[\w.-]+$/.test(v) ? `${COMPONENT_PREFIX}${v}` : v)])) }
            : {}),
        };
      } else if (value && typeof value === 'object') {
        out[key] = this.walk(value, depth + 1, mode);
      } else {
        out[key] = value;
      }
    }
    tagBranches(src, out);
    return out;
  }
}

/**
 * A discriminated `oneOf`/`anyOf` of `$ref`s: each branch also requires its tag
 * (`propertyName` one of the mapping keys that point at it, or its schema name
 * when the mapping does not name it), so exactly one branch matches — as
 * OpenAPI defines it, and without relying on the members declaring a `const`.
 */
function tagBranches(src: Obj, out: Obj): void {
  const d = src['discriminator'] as Obj | undefined;
  const property = d?.['propertyName'];
  if (typeof property !== 'string') return;
  const mapping = (d?.['mapping'] as Record<string, string> | undefined) ?? {};
  const target = (ref: string) => (ref.startsWith('#') ? ref : `${COMPONENT_PREFIX}${ref}`);
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = src[key];
    if (!Array.isArray(branches) || !Array.isArray(out[key])) continue;
    out[key] = (out[key] as unknown[]).map((converted, i) => {
      const ref = (branches[i] as Obj | undefined)?.['$ref'];
      if (typeof ref !== 'string') return converted;
      const tags = Object.entries(mapping).filter(([, v]) => target(v) === ref).map(([k]) => k);
      const values = tags.length > 0 ? tags : [decodeURIComponent(ref.split('/').pop() ?? '')];
      return { allOf: [converted, { type: 'object', required: [property], properties: { [property]: { enum: values } } }] };
    });
  }
}

/** `#/components/schemas/A~1b` -> `A/b` (undefined for a pointer below a component). */
function componentName(ref: string): string | undefined {
  const rest = ref.slice(COMPONENT_PREFIX.length);
  if (rest.includes('/')) return undefined;
  return decodeURIComponent(rest).replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Components with a discriminator and no oneOf/anyOf, with the schemas to dispatch to:
 * every mapping target, and every descendant through `allOf` (tagged by the mapping keys that
 * name it, else by its own name).
 */
function discriminatorBases(schemas: Obj): Map<string, { propertyName: string; targets: Array<{ tags: string[]; ref: string }> }> {
  const out = new Map<string, { propertyName: string; targets: Array<{ tags: string[]; ref: string }> }>();
  const pointer = (name: string) => `${COMPONENT_PREFIX}${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  const children = new Map<string, string[]>();
  for (const [name, schema] of Object.entries(schemas)) {
    const allOf = schema && typeof schema === 'object' ? (schema as Obj)['allOf'] : undefined;
    if (!Array.isArray(allOf)) continue;
    for (const item of allOf) {
      const ref = item && typeof item === 'object' ? (item as Obj)['$ref'] : undefined;
      const parent = typeof ref === 'string' && ref.startsWith(COMPONENT_PREFIX) ? componentName(ref) : undefined;
      if (parent !== undefined && parent !== name) children.set(parent, [...(children.get(parent) ?? []), name]);
    }
  }
  for (const [name, schema] of Object.entries(schemas)) {
    if (!schema || typeof schema !== 'object') continue;
    const s = schema as Obj;
    const d = s['discriminator'] as Obj | undefined;
    if (!d || typeof d['propertyName'] !== 'string' || s['oneOf'] !== undefined || s['anyOf'] !== undefined) continue;
    const self = pointer(name);
    const byTarget = new Map<string, string[]>();
    const mapping = d['mapping'] && typeof d['mapping'] === 'object' ? (d['mapping'] as Record<string, unknown>) : {};
    for (const [tag, target] of Object.entries(mapping)) {
      if (typeof target !== 'string') continue;
      const ref = target.startsWith('#') ? target : /^[\w.-]+$/.test(target) ? pointer(target) : undefined;
      if (ref === undefined || ref === self) continue;
      byTarget.set(ref, [...(byTarget.get(ref) ?? []), tag]);
    }
    const descendants = new Set<string>();
    const visit = (parent: string) => {
      for (const child of children.get(parent) ?? []) {
        if (child === name || descendants.has(child)) continue;
        descendants.add(child);
        visit(child);
      }
    };
    visit(name);
    for (const child of descendants) if (!byTarget.has(pointer(child))) byTarget.set(pointer(child), [child]);
    if (byTarget.size > 0) out.set(name, { propertyName: d['propertyName'], targets: [...byTarget].map(([ref, tags]) => ({ ref, tags })) });
  }
  return out;
}

/** Assigns an own property even for `__proto__` (plain assignment would set the prototype). */
function setOwn(target: Obj, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
}

function isReadOnly(schema: unknown): boolean {
  return !!schema && typeof schema === 'object' && (schema as Obj)['readOnly'] === true;
}

