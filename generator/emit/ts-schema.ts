/// <reference path="../types/openapi-typescript-deep.d.ts" />
/**
 * Schema -> TypeScript through openapi-typescript's transformers, without its
 * Redocly bundling pass (the document is already validated and bundled).
 */
import ts from 'typescript';
import type { GlobalContext, OpenAPI3, SchemaObject as OtsSchema } from 'openapi-typescript';
import { astToString } from 'openapi-typescript/dist/lib/ts.mjs';
import { resolveRef, scanDiscriminators } from 'openapi-typescript/dist/lib/utils.mjs';
import transformSchemaObject from 'openapi-typescript/dist/transform/schema-object.mjs';
import { str } from '../escape.js';
import type { SchemaObject } from '../model/types.js';
import { contentHash } from '../content-hash.js';
import { keywordsOf } from '../normalize/keywords.js';
import { createTypesMemo, printDocument, type TypesMemo } from './ts-document.js';

type Obj = Record<string, unknown>;

export class TsSchemas {
  readonly ctx: GlobalContext;
  readonly readWriteMarkers: boolean;

  private readonly document: Obj;
  private readonly cache = new WeakMap<object, string>();
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
    const document = found.discriminator ? (structuredClone(source) as Obj) : source;
    this.document = document;
    this.readWriteMarkers = found.readOnly || found.writeOnly;
    const binary = ts.factory.createTypeReferenceNode('Binary');
    this.recursive = recursiveComponents(document);
    this.ctx = {
      additionalProperties: false,
      alphabetize: false,
      arrayLength: false,
      defaultNonNullable: true,
      // openapi-typescript's scan walks every node with a fresh path array: skip it when there is nothing to find
      discriminators: found.discriminator ? discriminatorsOf(document) : { objects: {}, refsHandled: [] },
      emptyObjectsUnknown: false,
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
      postTransform: undefined,
      propertiesRequiredByDefault: false,
      redoc: undefined as unknown as GlobalContext['redoc'],
      silent: true,
      inject: undefined,
      transform: (schema: OtsSchema, options: { path?: string }) => {
        const s = schema as Obj;
        const name = componentName(options.path);
        const alias = name === undefined ? undefined : this.recursive.get(name);
        if (alias && this.printing !== name) return ts.factory.createTypeReferenceNode(alias);
        if (s['type'] === 'string' && (s['format'] === 'binary' || s['contentMediaType'] === 'application/octet-stream')) return binary;
        return undefined;
      },
      transformProperty: undefined,
      makePathsEnum: false,
      generatePathParams: false,
      readWriteMarkers: this.readWriteMarkers,
      resolve: <T>($ref: string) => {
        this.resolving?.add($ref);
        return resolveRef(document, $ref, { silent: true }) as T | undefined;
      },
    } as unknown as GlobalContext;
    this.global = JSON.stringify([this.ctx.discriminators, [...this.recursive], this.readWriteMarkers]);
  }

  /** The whole document: `paths`, `webhooks`, `components`, `operations` (and read/write helpers). */
  document_(): string {
    const printed = this.printEntries();
    // openapi-typescript's Readable/Writable map every object type deeply, Blob and
    // Uint8Array included, which would turn `Binary` into an unusable look-alike.
    // Its WithRequired<T, K extends keyof T> rejects a nullable base (`keyof (X | null)` is
    // `never`: TS2344 in plaid.com, where `allOf` lists a nullable schema and `required` keys).
    const text = printed
      .replace(/(export type (?:Readable|Writable)<T> =[^;]*?)T extends object \?/g, '$1T extends Binary ? T : T extends object ?')
      .replace(/type WithRequired<T, K extends keyof T> = T & \{\s*\[P in K\]-\?: T\[P\];\s*\};/, 'type WithRequired<T, K extends keyof NonNullable<T>> = T & {\n    [P in K]-?: NonNullable<T>[P];\n};');
    return text + this.recursiveAliases();
  }

  /** openapi-typescript's print of the document, one cached entry at a time (ts-document.ts). */
  printEntries(): string {
    return printDocument({ document: this.document, ctx: this.ctx, global: this.global, record: (refs) => (this.resolving = refs), depHash: (ref) => this.depHash(ref) }, this.memo);
  }

  private readonly depHashes = new Map<string, string>();
  private depHash(ref: string): string {
    let hash = this.depHashes.get(ref);
    if (hash === undefined) {
      hash = contentHash(JSON.stringify(resolveRef(this.document, ref, { silent: true })) ?? 'undefined');
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

  /** One schema as a type expression. `path` is a JSON pointer used for naming in messages. */
  type(schema: SchemaObject | undefined, path: string): string {
    if (schema === undefined) return 'unknown';
    if (typeof schema === 'boolean') return schema ? 'unknown' : 'never';
    // Most operation schemas are a plain component $ref: no syntax tree and printer needed for that.
    const ref = schema['$ref'];
    if (typeof ref === 'string' && Object.keys(schema).length === 1 && /^#\/components\/schemas\/[^/]+$/.test(ref)) {
      const name = ref.slice('#/components/schemas/'.length).replace(/~1/g, '/').replace(/~0/g, '~');
      return `components[${str('schemas')}][${str(name)}]`;
    }
    const cached = this.cache.get(schema);
    if (cached !== undefined) return cached;
    // Across runs (watch mode): by pointer and content, as long as the `$ref`s it read are unchanged.
    if (this.memo.global !== this.global) {
      this.memo.schemas.clear();
      this.memo.global = this.global;
      this.memo.entries.clear();
    }
    const key = contentHash(`${path}\0${JSON.stringify(schema)}`);
    const old = this.memo.schemas.get(key);
    if (old && old.deps.every(([ref, hash]) => this.depHash(ref) === hash)) {
      this.addHelpers(old.footer);
      this.cache.set(schema, old.text);
      return old.text;
    }
    // a fresh footer records every helper declaration (WithRequired, ...) the text relies on
    const refs = new Set<string>();
    const shared = this.ctx.injectFooter;
    this.ctx.injectFooter = [];
    this.resolving = refs;
    let text: string;
    let footer: unknown[];
    try {
      text = astToString(transformSchemaObject(schema as OtsSchema, { path, ctx: this.ctx })).trim();
    } finally {
      this.resolving = undefined;
      footer = this.ctx.injectFooter;
      this.ctx.injectFooter = shared;
    }
    this.addHelpers(footer);
    if (this.memo.schemas.size > 100_000) this.memo.schemas.clear();
    this.memo.schemas.set(key, { text, deps: [...refs].map((ref) => [ref, this.depHash(ref)]), footer });
    this.cache.set(schema, text);
    return text;
  }
}

function componentName(path: string | undefined): string | undefined {
  const m = path === undefined ? null : /^#\/components\/schemas\/([^/]+)$/.exec(path);
  return m ? m[1]!.replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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
