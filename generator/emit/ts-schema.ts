/**
 * Schema -> TypeScript through openapi-typescript's transformers, without its
 * Redocly bundling pass (the document is already validated and bundled).
 */
import ts from 'typescript';
import { astToString, resolveRef, scanDiscriminators, transformSchemaObject, type GlobalContext, type OpenAPI3, type SchemaObject as OtsSchema } from './openapi-typescript.js';
import { propKey, str } from '../escape.js';
import type { SchemaObject } from '../model/types.js';
import { componentEntryKey, contentHash, entryHashes } from '../content-hash.js';
import { keywordsOf } from '../normalize/keywords.js';
import { defaultedComponents, hasDefault } from './request-defaults.js';
import { createTypesMemo, printDocument, printDocumentPieces, type DocumentSource, type TypesMemo } from './ts-document.js';

type Obj = Record<string, unknown>;

/**
 * How a property with a `default` (not listed in `required`) is typed (issue 12.4):
 * `present` — required, the value a handler receives once the server applied the default,
 * and responses; `sent` — optional, what a client sends (request bodies and parameters).
 */
export type DefaultsView = 'present' | 'sent';

/** The interface holding the "as sent" print of component schemas that have one. */
export const REQUEST_SCHEMAS = '$requestSchemas';

export class TsSchemas {
  readonly ctx: GlobalContext;
  readonly readWriteMarkers: boolean;
  /** Component schemas that reach a `readOnly`/`writeOnly` property (through `$ref`s too): only their types need Readable/Writable. */
  private readonly markedComponents: Set<string>;
  private readonly markedSchemas = new WeakMap<object, boolean>();
  /** Entry hashes of this run's document (content-hash.ts): the keys of every reuse across runs. */
  private readonly hashes: Map<string, string>;

  private readonly document: Obj;
  private readonly cache = { present: new WeakMap<object, string>(), sent: new WeakMap<object, string>() };
  /** The view of the schema being printed by type(); undefined while the document itself is printed (openapi-typescript's rules). */
  private view: DefaultsView | undefined;
  /** Component schemas whose "as sent" type differs (request-defaults.ts), and those a printed type used. */
  private readonly sentComponents: Set<string>;
  private readonly sentUsed = new Set<string>();
  /** Component schemas that refer to themselves outside an object type (see recursiveComponents). */
  private readonly recursive: Map<string, string>;
  private printing: string | undefined;
  /** `$ref`s resolved while one document entry is transformed (see ts-document.ts). */
  private resolving: Set<string> | undefined;
  private readonly global: string;

  constructor(
    source: Obj,
    private readonly memo: TypesMemo = createTypesMemo(),
  ) {
    const found = keywordsOf(source);
    // openapi-typescript writes into member schemas of discriminated unions (it adds the
    // discriminator property): give it its own copy so the runtime descriptors stay as written.
    const document = found.discriminator ? qualifyMappings(structuredClone(source) as Obj) : source;
    this.document = document;
    this.readWriteMarkers = found.readOnly || found.writeOnly;
    this.hashes = entryHashes(document);
    // The component analyses below walk every component schema: reused while no component changed.
    const componentsKey = contentHash(`${this.readWriteMarkers}\0${[...this.hashes].filter(([k]) => k.startsWith('components\0')).map(([, h]) => h).join('\0')}`);
    let analysis = memo.analysis?.key === componentsKey ? memo.analysis : undefined;
    if (!analysis) {
      const recursive = recursiveComponents(document);
      analysis = { key: componentsKey, recursive, sent: defaultedComponents(document, new Set(recursive.keys())), marked: this.readWriteMarkers ? markedComponents(document) : new Set() };
      memo.analysis = analysis;
    }
    this.markedComponents = analysis.marked;
    const binary = ts.factory.createTypeReferenceNode('Binary');
    const closedEmpty = ts.factory.createTypeReferenceNode('Record', [ts.factory.createKeywordTypeNode(ts.SyntaxKind.StringKeyword), ts.factory.createKeywordTypeNode(ts.SyntaxKind.NeverKeyword)]);
    this.recursive = analysis.recursive;
    this.sentComponents = analysis.sent;
    const sentRef = (name: string) => {
      this.sentUsed.add(name);
      return ts.factory.createIndexedAccessTypeNode(ts.factory.createTypeReferenceNode(REQUEST_SCHEMAS), ts.factory.createLiteralTypeNode(ts.factory.createStringLiteral(name)));
    };
    this.ctx = {
      additionalProperties: false,
      alphabetize: false,
      arrayLength: false,
      defaultNonNullable: true,
      // openapi-typescript's scan walks every node with a fresh path array: skip it when there is nothing to find
      discriminators: found.discriminator ? discriminatorsOf(document) : { objects: {}, refsHandled: [] },
      // `type: object` without properties is a free-form object (issue 12.1): Record<string, unknown>
      emptyObjectsUnknown: true,
      enum: false,
      enumValues: false,
      conditionalEnums: false,
      dedupeEnums: false,
      excludeDeprecated: false,
      exportType: false,
      immutable: false,
      rootTypes: false,
      rootTypesNoSchemaPrefix: false,
      rootTypesKeepCasing: false,
      injectFooter: [],
      pathParamsAsTypes: false,
      // any other `$ref` to a component with an "as sent" print, printed as `components["schemas"]["X"]`
      postTransform: (node: ts.TypeNode) => {
        if (this.view !== 'sent') return undefined;
        const target = schemaRefName(node);
        return target !== undefined && this.sentComponents.has(target) ? sentRef(target) : undefined;
      },
      propertiesRequiredByDefault: false,
      redoc: undefined as unknown as GlobalContext['redoc'],
      silent: true,
      inject: undefined,
      transform: (schema: OtsSchema, options: { path?: string }) => {
        const s = schema as Obj;
        // a property's `$ref` (printed without transformSchemaObject, so postTransform never sees it)
        if (this.view === 'sent' && typeof s['$ref'] === 'string') {
          const target = componentName(s['$ref']);
          if (target !== undefined && this.sentComponents.has(target)) return sentRef(target);
        }
        const name = componentName(options.path);
        const alias = name === undefined ? undefined : this.recursive.get(name);
        if (alias && this.printing !== name) return ts.factory.createTypeReferenceNode(alias);
        if (s['type'] === 'string' && (s['format'] === 'binary' || s['contentMediaType'] === 'application/octet-stream')) return binary;
        if (isClosedEmptyObject(s)) return closedEmpty;
        return undefined;
      },
      // `present`: a defaulted property is required, whatever the path (openapi-typescript exempts
      // any path containing "parameters" or "requestBody", such as `/api/parameters` responses)
      transformProperty: (property: ts.PropertySignature, schema: unknown) => {
        if (this.view !== 'present' || !property.questionToken || !hasDefault(schema)) return undefined;
        return ts.factory.updatePropertySignature(property, property.modifiers, property.name, undefined, property.type);
      },
      makePathsEnum: false,
      generatePathParams: false,
      readWriteMarkers: this.readWriteMarkers,
      resolve: <T>($ref: string) => {
        this.resolving?.add($ref);
        return resolveRef(document, $ref, { silent: true }) as T | undefined;
      },
    } as unknown as GlobalContext;
    this.global = JSON.stringify([this.ctx.discriminators, [...this.recursive], this.readWriteMarkers, [...this.sentComponents]]);
  }

  /** The whole document: `paths`, `webhooks`, `components`, `operations` (and read/write helpers). */
  document_(): string {
    return this.documentPieces().join('');
  }

  /** {@link document_} as a list of pieces (ts-document.ts printDocumentPieces: reused entries are the same strings as before). */
  documentPieces(): string[] {
    // (openapi-typescript's helpers come corrected from the adapter: openapi-typescript.ts patchHelper)
    const pieces = printDocumentPieces(this.documentSource(), this.memo);
    pieces.push(this.recursiveAliases());
    return pieces;
  }

  /**
   * `export interface $requestSchemas { … }`: the "as sent" print of every component schema a
   * `sent` type referred to (and those they refer to), in document order; '' when none.
   * Call after every operation type is printed.
   */
  requestSchemas(): string {
    const schemas = ((this.document['components'] as Obj | undefined)?.['schemas'] as Obj | undefined) ?? {};
    const printed = new Map<string, string>();
    for (let pending = [...this.sentUsed]; pending.length > 0; pending = [...this.sentUsed].filter((n) => !printed.has(n))) {
      for (const name of pending) {
        const schema = schemas[name] as SchemaObject;
        printed.set(name, this.type(schema, `#/components/schemas/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, 'sent', true));
      }
    }
    if (printed.size === 0) return '';
    const members = Object.keys(schemas)
      .filter((name) => printed.has(name))
      .map((name) => `  ${propKey(name)}: ${printed.get(name)!};`);
    return `\n/** Component schemas as a client sends them: properties with a \`default\` are optional (the server applies it). */\nexport interface ${REQUEST_SCHEMAS} {\n${members.join('\n')}\n}\n`;
  }

  /** openapi-typescript's print of the document, one cached entry at a time (ts-document.ts). */
  printEntries(): string {
    return printDocument(this.documentSource(), this.memo);
  }

  private documentSource(): DocumentSource {
    return { document: this.document, ctx: this.ctx, global: this.global, record: (refs) => (this.resolving = refs), depHash: (ref) => this.depHash(ref), hashes: this.hashes };
  }

  private readonly depHashes = new Map<string, string>();
  private depHash(ref: string): string {
    let hash = this.depHashes.get(ref);
    if (hash === undefined) {
      const entry = componentEntryKey(ref);
      hash = entry === undefined ? undefined : this.hashes.get(entry);
      hash ??= contentHash(JSON.stringify(resolveRef(this.document, ref, { silent: true })) ?? 'undefined');
      this.depHashes.set(ref, hash);
    }
    return hash;
  }

  /**
   * `Json: null | string | components['schemas']['Json'][]` inside the `components` interface is a
   * circular type annotation (TS2502): TypeScript defers self-references only inside object types
   * and named aliases. Such schemas are printed as exported aliases that refer to themselves by name.
   */
  private recursiveAliases(): string {
    let out = '';
    const schemas = ((this.document['components'] as Obj | undefined)?.['schemas'] as Obj | undefined) ?? {};
    for (const [name, alias] of this.recursive) {
      this.printing = name;
      try {
        const node = transformSchemaObject(schemas[name] as OtsSchema, { path: `#/components/schemas/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, ctx: this.ctx });
        const self = new RegExp(`components\\[(["'])schemas\\1\\]\\[(["'])${escapeRegExp(JSON.stringify(name).slice(1, -1))}\\2\\]`, 'g');
        out += `\nexport type ${alias} = ${astToString(node).trim().replace(self, alias)};\n`;
      } finally {
        this.printing = undefined;
      }
    }
    return out;
  }

  private addHelpers(nodes: unknown[]): void {
    const footer = this.ctx.injectFooter as unknown[];
    const name = (n: unknown) => (n as { name?: { text?: string } }).name?.text;
    for (const node of nodes) if (!footer.some((n) => name(n) === name(node))) footer.push(node);
  }

  /**
   * Whether the type of `schema` holds `$Read`/`$Write` markers, i.e. needs `Readable<>` /
   * `Writable<>` around it. Those deep conditional mapped types are what made types.ts slow to
   * check; on a type without markers they are the identity, so they are left out there.
   */
  needsReadWrite(schema: SchemaObject | undefined): boolean {
    if (!this.readWriteMarkers || !schema || typeof schema !== 'object') return false;
    let known = this.markedSchemas.get(schema);
    if (known === undefined) {
      known = reachesMarker(schema, this.document, this.markedComponents);
      this.markedSchemas.set(schema, known);
    }
    return known;
  }

  /** Whether the type of component schema `name` holds `$Read`/`$Write` markers (see needsReadWrite). */
  componentNeedsReadWrite(name: string): boolean {
    return this.markedComponents.has(name);
  }

  /** The schema a `$ref` chain ends at (the schema itself when it is none). */
  resolve(schema: SchemaObject | undefined): SchemaObject | undefined {
    let current = schema;
    for (let hops = 0; hops < 32 && current && typeof current === 'object' && typeof current['$ref'] === 'string'; hops++) {
      current = resolveRef(this.document, current['$ref'], { silent: true }) as SchemaObject | undefined;
    }
    return current;
  }

  /**
   * One schema as a type expression, in the given view of defaulted properties. `path` is a
   * JSON pointer used for naming in messages (and for a component's own discriminator).
   * `component`: `schema` is the component schema at `path` itself (its "as sent" print).
   */
  type(schema: SchemaObject | undefined, path: string, view: DefaultsView = 'present', component = false): string {
    if (schema === undefined) return 'unknown';
    if (typeof schema === 'boolean') return schema ? 'unknown' : 'never';
    // Most operation schemas are a plain component $ref: no syntax tree and printer needed for that.
    const ref = schema['$ref'];
    if (!component && typeof ref === 'string' && Object.keys(schema).length === 1 && /^#\/components\/schemas\/[^/]+$/.test(ref)) {
      const name = ref.slice('#/components/schemas/'.length).replace(/~1/g, '/').replace(/~0/g, '~');
      if (view === 'sent' && this.sentComponents.has(name)) {
        this.sentUsed.add(name);
        return `${REQUEST_SCHEMAS}[${str(name)}]`;
      }
      return `components[${str('schemas')}][${str(name)}]`;
    }
    const cache = this.cache[view];
    const cached = cache.get(schema);
    if (cached !== undefined) return cached;
    // Across runs (watch mode): by pointer and content, as long as the `$ref`s it read are unchanged.
    if (this.memo.global !== this.global) {
      this.memo.schemas.clear();
      this.memo.global = this.global;
      this.memo.entries.clear();
    }
    const key = contentHash(`${view}\0${path}\0${JSON.stringify(schema)}`);
    const old = this.memo.schemas.get(key);
    if (old && old.deps.every(([ref, hash]) => this.depHash(ref) === hash)) {
      this.addHelpers(old.footer);
      for (const name of old.sent) this.sentUsed.add(name);
      cache.set(schema, old.text);
      return old.text;
    }
    // a fresh footer records every helper declaration (WithRequired, ...) the text relies on
    const refs = new Set<string>();
    const shared = this.ctx.injectFooter;
    const usedBefore = new Set(this.sentUsed);
    this.ctx.injectFooter = [];
    this.resolving = refs;
    this.view = view;
    // both views decide defaulted properties themselves (transformProperty), not by path
    this.ctx.defaultNonNullable = false;
    let text: string;
    let footer: unknown[];
    try {
      text = astToString(transformSchemaObject(schema as OtsSchema, { path, ctx: this.ctx })).trim();
    } finally {
      this.resolving = undefined;
      this.view = undefined;
      this.ctx.defaultNonNullable = true;
      footer = this.ctx.injectFooter;
      this.ctx.injectFooter = shared;
    }
    this.addHelpers(footer);
    if (this.memo.schemas.size > 100_000) this.memo.schemas.clear();
    const sent = [...this.sentUsed].filter((n) => !usedBefore.has(n));
    this.memo.schemas.set(key, { text, deps: [...refs].map((ref) => [ref, this.depHash(ref)]), footer, sent });
    cache.set(schema, text);
    return text;
  }
}

/** `X` of a printed `components["schemas"]["X"]` type. */
function schemaRefName(node: ts.TypeNode): string | undefined {
  if (!ts.isIndexedAccessTypeNode(node) || !ts.isLiteralTypeNode(node.indexType) || !ts.isStringLiteral(node.indexType.literal)) return undefined;
  const outer = node.objectType;
  if (!ts.isIndexedAccessTypeNode(outer) || !ts.isLiteralTypeNode(outer.indexType) || !ts.isStringLiteral(outer.indexType.literal) || outer.indexType.literal.text !== 'schemas') return undefined;
  return ts.isTypeReferenceNode(outer.objectType) && ts.isIdentifier(outer.objectType.typeName) && outer.objectType.typeName.text === 'components' ? node.indexType.literal.text : undefined;
}

/**
 * A discriminator mapping value may be a bare schema name (`lizard: Lizard`, OpenAPI 3.0/3.1);
 * openapi-typescript only follows `$ref`s, so it typed the tag as the schema's name (`'Lizard'`)
 * instead of the mapped value. In the copy the types are printed from, bare names of component
 * schemas become `#/components/schemas/<name>`.
 */
function qualifyMappings(document: Obj): Obj {
  const schemas = ((document['components'] as Obj | undefined)?.['schemas'] as Obj | undefined) ?? {};
  const stack: unknown[] = [document];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    const o = node as Obj;
    const mapping = (o['discriminator'] as Obj | undefined)?.['mapping'];
    if (mapping && typeof mapping === 'object' && !Array.isArray(mapping)) {
      for (const [tag, target] of Object.entries(mapping as Obj)) {
        if (typeof target === 'string' && !target.includes('/') && Object.hasOwn(schemas, target)) {
          (mapping as Obj)[tag] = `#/components/schemas/${target.replace(/~/g, '~0')}`;
        }
      }
    }
    for (const key in o) if (o[key] && typeof o[key] === 'object') stack.push(o[key]);
  }
  return document;
}

/** `type: object, additionalProperties: false` and nothing else that adds members: only `{}` is valid. */
function isClosedEmptyObject(s: Obj): boolean {
  if (s['type'] !== 'object' || s['additionalProperties'] !== false) return false;
  const has = (k: string) => s[k] !== undefined && s[k] !== null && (typeof s[k] !== 'object' || Object.keys(s[k] as object).length > 0);
  return !['properties', 'patternProperties', 'allOf', 'anyOf', 'oneOf', '$defs'].some(has);
}

function componentName(path: string | undefined): string | undefined {
  const m = path === undefined ? null : /^#\/components\/schemas\/([^/]+)$/.exec(path);
  return m ? m[1]!.replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const SCHEMA_REF = '#/components/schemas/';

/** The component a `#/components/schemas/<name>[/…]` pointer lies in. */
function schemaComponentOf(ref: string): string | undefined {
  if (!ref.startsWith(SCHEMA_REF)) return undefined;
  const rest = ref.slice(SCHEMA_REF.length);
  const end = rest.indexOf('/');
  return decodeURIComponent(end < 0 ? rest : rest.slice(0, end)).replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Walks one schema's own subtree (not into `#/components/schemas` targets, which `onRef`
 * gets): true as soon as a `readOnly: true` / `writeOnly: true` is found. `$ref`s elsewhere
 * (parameters, paths) are followed. Keys are matched anywhere, examples included: a false
 * positive only keeps a Readable<> that was not needed.
 */
function walkMarkers(root: unknown, document: Obj, onRef: (component: string) => boolean): boolean {
  const seen = new Set<unknown>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    const o = node as Obj;
    if (o['readOnly'] === true || o['writeOnly'] === true) return true;
    const ref = o['$ref'];
    if (typeof ref === 'string') {
      const component = schemaComponentOf(ref);
      if (component !== undefined) {
        if (onRef(component)) return true;
      } else if (ref.startsWith('#')) stack.push(resolveRef(document, ref, { silent: true }));
    }
    for (const key in o) if (key !== '$ref' && o[key] && typeof o[key] === 'object') stack.push(o[key]);
  }
  return false;
}

/** Component schemas whose type holds a read/write marker, directly or through the components they refer to. */
function markedComponents(document: Obj): Set<string> {
  const schemas = ((document['components'] as Obj | undefined)?.['schemas'] as Obj | undefined) ?? {};
  const marked = new Set<string>();
  const referrers = new Map<string, Set<string>>();
  for (const [name, schema] of Object.entries(schemas)) {
    const direct = walkMarkers(schema, document, (target) => {
      let set = referrers.get(target);
      if (!set) referrers.set(target, (set = new Set()));
      set.add(name);
      return false;
    });
    if (direct) marked.add(name);
  }
  for (const pending = [...marked]; pending.length > 0; ) {
    for (const from of referrers.get(pending.pop()!) ?? []) {
      if (!marked.has(from)) {
        marked.add(from);
        pending.push(from);
      }
    }
  }
  return marked;
}

function reachesMarker(schema: SchemaObject, document: Obj, marked: Set<string>): boolean {
  return walkMarkers(schema, document, (component) => marked.has(component));
}

/** Components whose schema reaches a `$ref` to itself through unions, intersections or arrays (not through an object type). */
function recursiveComponents(document: Obj): Map<string, string> {
  const out = new Map<string, string>();
  const schemas = ((document['components'] as Obj | undefined)?.['schemas'] as Obj | undefined) ?? {};
  for (const [name, schema] of Object.entries(schemas)) {
    const self = `#/components/schemas/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const seen = new Set<unknown>();
    const reaches = (node: unknown): boolean => {
      if (!node || typeof node !== 'object' || seen.has(node)) return false;
      seen.add(node);
      if (Array.isArray(node)) return node.some(reaches);
      const o = node as Obj;
      if (o['$ref'] === self) return true;
      return ['oneOf', 'anyOf', 'allOf', 'items', 'prefixItems', 'not'].some((k) => reaches(o[k]));
    };
    if (reaches(schema)) out.set(name, `$Recursive${out.size + 1}`);
  }
  return out;
}

/**
 * openapi-typescript's discriminator scan, with one correction: a schema that inherits a
 * discriminator through `allOf` and is not in the mapping gets the discriminator property
 * added as a literal *next to* its own properties, so a schema that also declares that
 * property itself came out with it twice (TS2300, apple.com/sirikit-cloud-media). The added
 * literal is the stricter type, so the schema's own declaration is dropped from the copy the
 * types are printed from (the runtime descriptors keep it).
 */
function discriminatorsOf(document: Obj): GlobalContext['discriminators'] {
  const found = scanDiscriminators(document as unknown as OpenAPI3, { silent: true });
  for (const [ref, discriminator] of Object.entries(found.objects)) {
    if (found.refsHandled.includes(ref)) continue;
    const schema = resolveRef(document, ref, { silent: true }) as Obj | undefined;
    if (!schema || typeof schema !== 'object' || schema['discriminator']) continue;
    if (!Array.isArray(schema['allOf']) && !Array.isArray(schema['anyOf'])) continue;
    const properties = schema['properties'] as Obj | undefined;
    if (properties && typeof properties === 'object' && Object.hasOwn(properties, discriminator.propertyName)) {
      delete properties[discriminator.propertyName];
    }
  }
  return found;
}
