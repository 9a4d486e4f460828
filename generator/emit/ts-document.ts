/**
 * The document's types (`paths`, `webhooks`, `components`, `operations`), printed one
 * entry at a time — a path item, a webhook, a component — with openapi-typescript's own
 * transformers, so that a long-lived process (watch mode) reuses every entry whose
 * content, and everything the transform looked up through `$ref` for it, is unchanged.
 *
 * The text is the one openapi-typescript's `transformSchema` prints for the whole
 * document, with its helpers corrected (openapi-typescript.ts `patchHelper`);
 * test/generator/ts-document.test.ts holds the two equal, so a cached run and a fresh
 * run write the same bytes.
 */
import ts from 'typescript';
import { contentHash as sha1 } from '../content-hash.js';
import {
  addJSDocComment,
  astToString,
  createRef as ref,
  oapiRef,
  patchHelper,
  transformHeaderObject,
  transformParameterObject,
  transformPathItemObject,
  transformRequestBodyObject,
  transformResponseObject,
  transformSchema,
  transformSchemaObject,
  tsPropertyIndex,
  type GlobalContext,
  type OpenAPI3,
  type TransformNodeOptions,
} from './openapi-typescript.js';

type Obj = Record<string, unknown>;
type Transformer = (node: never, options: TransformNodeOptions) => ts.TypeNode;

/** What survives between runs (held by the generate cache in watch mode). */
export interface TypesMemo {
  /** Signature of the document-wide inputs (discriminators, recursive aliases, read/write markers). */
  global?: string;
  entries: Map<string, MemoEntry>;
  /** Footer helper declarations (`WithRequired`, ...) by name, as printed. */
  helpers: Map<string, string>;
  /** Entries printed (not reused) by the last run: for tests and --verbose. */
  printed: number;
  /** Document-wide analyses of the components (ts-schema.ts), reused while no component changed. */
  analysis?: { key: string; recursive: Map<string, string>; sent: Set<string>; marked: Set<string> };
  /** Inline schemas of operations (TsSchemas.type), by hash of pointer and JSON. */
  schemas: Map<string, { text: string; deps: Array<[string, string]>; footer: unknown[]; sent: string[] }>;
}

interface MemoEntry {
  /** sha1 of the entry's JSON. */
  hash: string;
  /** `$ref`s the transform resolved, with the sha1 of what they resolved to. */
  deps: Array<[string, string]>;
  /** The member (property signature) as printed, indented for its place. */
  text: string;
  /** Members this entry added to the `operations` interface. */
  ops: string[];
  /** Names of footer declarations this entry needed, in the order it pushed them. */
  footer: string[];
}

export function createTypesMemo(): TypesMemo {
  return { entries: new Map(), helpers: new Map(), printed: 0, schemas: new Map() };
}

const COMPONENT_TRANSFORMERS: Record<string, Transformer> = {
  schemas: transformSchemaObject as Transformer,
  responses: transformResponseObject as Transformer,
  parameters: transformParameterObject as Transformer,
  requestBodies: transformRequestBodyObject as Transformer,
  headers: transformHeaderObject as Transformer,
  pathItems: transformPathItemObject as Transformer,
};

export interface DocumentSource {
  document: Obj;
  ctx: GlobalContext;
  /** Signature of everything document-wide the transformers read besides `$ref` lookups. */
  global: string;
  /** Called with a set while one entry is transformed: the context's `resolve` adds each `$ref` to it. */
  record(refs: Set<string> | undefined): void;
  /** Hash of what a `$ref` resolves to in this document. */
  depHash(ref: string): string;
  /** The entries' hashes, taken before printing (content-hash.ts entryHashes). */
  hashes: ReadonlyMap<string, string>;
}

/** The printed document as one string: {@link printDocumentPieces} joined. */
export function printDocument(source: DocumentSource, memo: TypesMemo): string {
  return printDocumentPieces(source, memo).join('');
}

/**
 * The printed document as a list of pieces whose concatenation is the text: each reused
 * entry's text is the same string object as in the run that printed it, so the write layer
 * (write.ts) compares an unchanged entry by reference and reuses its bytes instead of
 * flattening and comparing a multi-MB string.
 */
export function printDocumentPieces(source: DocumentSource, memo: TypesMemo): string[] {
  const { document, ctx } = source;
  if (memo.global !== source.global) {
    memo.entries.clear();
    memo.schemas.clear();
    memo.global = source.global;
  }
  const next = new Map<string, MemoEntry>();
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: false });
  const sourceFile = ts.createSourceFile('openapi-ts.ts', '', ts.ScriptTarget.ESNext, false, ts.ScriptKind.TS);
  const depHash = (ref: string) => source.depHash(ref);
  const members = (nodes: ts.TypeElement[], depth: 1 | 2): string => {
    const inner = depth === 2 ? [ts.factory.createPropertySignature(undefined, 'x', undefined, ts.factory.createTypeLiteralNode(nodes))] : nodes;
    const text = printer.printNode(ts.EmitHint.Unspecified, ts.factory.createInterfaceDeclaration(undefined, 'x', undefined, undefined, inner), sourceFile);
    const lines = text.split('\n');
    return lines.slice(depth, lines.length - depth).join('\n');
  };
  memo.printed = 0;

  /** One entry: reused when its JSON and its lookups are unchanged, else transformed and printed. */
  const entry = (key: string, value: unknown, depth: 1 | 2, build: () => ts.TypeElement | undefined): MemoEntry | undefined => {
    const hash = source.hashes.get(key) ?? sha1(`${key}\0${JSON.stringify(value)}`);
    const old = memo.entries.get(key);
    if (old && old.hash === hash && old.deps.every(([ref, h]) => depHash(ref) === h)) {
      next.set(key, old);
      return old;
    }
    // A fresh footer per entry: it records every helper the entry needs (not only the
    // ones no earlier entry pushed) and gets an `operations` interface of its own.
    const refs = new Set<string>();
    const shared = ctx.injectFooter;
    ctx.injectFooter = [];
    source.record(refs);
    let node: ts.TypeElement | undefined;
    let added: unknown[];
    try {
      node = build();
    } finally {
      source.record(undefined);
      added = ctx.injectFooter;
      ctx.injectFooter = shared;
    }
    if (!node) return undefined;
    memo.printed++;
    const footer: string[] = [];
    let ops: string[] = [];
    for (const node of added) {
      const name = declarationName(node);
      footer.push(name);
      if (name === 'operations') ops = (node as ts.InterfaceDeclaration).members.map((m) => members([m], 1));
      else if (!memo.helpers.has(name)) memo.helpers.set(name, patchHelper(astToString(node as ts.Node).trimEnd()));
    }
    const made: MemoEntry = { hash, deps: [...refs].map((ref) => [ref, depHash(ref)]), text: members([node], depth), ops, footer };
    next.set(key, made);
    return made;
  };

  // The fixed parts (read/write helpers, empty sections) exactly as openapi-typescript prints them.
  const skeleton = transformSchema({} as OpenAPI3, { ...ctx, injectFooter: [] });
  const fixed = new Map<string, string>();
  const header: string[] = [];
  for (const node of skeleton) {
    const name = declarationName(node);
    const text = astToString(node as ts.Node).trimEnd();
    if (['paths', 'webhooks', 'components', '$defs', 'operations'].includes(name)) fixed.set(name, text);
    else header.push(patchHelper(text));
  }

  // each statement a list of pieces; statements are separated by '\n'
  const statements: string[][] = header.map((h) => [h]);
  const used: MemoEntry[] = [];
  const section = (name: string, texts: string[]) => statements.push(texts.length ? [`export interface ${name} {\n`, ...joined(texts, '\n'), '\n}'] : [fixed.get(name)!]);

  // paths
  const paths = document['paths'];
  if (paths && typeof paths === 'object') {
    const texts: string[] = [];
    for (const [url, item] of Object.entries(paths as Obj)) {
      if (!item || typeof item !== 'object') continue;
      const made = entry(`paths\0${url}`, item, 1, () => {
        const pathItem = item as Obj;
        if (typeof pathItem['$ref'] !== 'string') {
          return ts.factory.createPropertySignature(undefined, tsPropertyIndex(url), undefined, transformPathItemObject(pathItem as never, { path: ref(['paths', url]), ctx }));
        }
        const property = ts.factory.createPropertySignature(undefined, tsPropertyIndex(url), undefined, oapiRef(pathItem['$ref']));
        addJSDocComment(pathItem as never, property); // (openapi-typescript documents only referenced path items)
        return property;
      });
      if (made) (texts.push(made.text), used.push(made));
    }
    section('paths', texts);
  } else statements.push([fixed.get('paths')!]);

  // webhooks
  const webhooks = document['webhooks'];
  if (webhooks && typeof webhooks === 'object') {
    const texts: string[] = [];
    for (const [name, item] of Object.entries(webhooks as Obj)) {
      const made = entry(`webhooks\0${name}`, item, 1, () =>
        ts.factory.createPropertySignature(undefined, tsPropertyIndex(name), undefined, transformPathItemObject(item as never, { path: ref(['webhooks', name]), ctx })),
      );
      if (made) (texts.push(made.text), used.push(made));
    }
    section('webhooks', texts);
  } else statements.push([fixed.get('webhooks')!]);

  // components
  const components = document['components'];
  if (components && typeof components === 'object') {
    const groups: string[][] = [];
    for (const [group, transform] of Object.entries(COMPONENT_TRANSFORMERS)) {
      const texts: string[] = [];
      const items = (components as Obj)[group];
      if (items) {
        for (const [name, item] of Object.entries(items as Obj)) {
          const made = entry(`components\0${group}\0${name}`, item, 2, () => {
            const path = ref(['components', group, name]);
            let type = transform(item as never, { path, schema: item as never, ctx } as TransformNodeOptions);
            const replaced = ctx.transform?.(item as never, { path, schema: item as never, ctx } as TransformNodeOptions);
            if (replaced) type = 'schema' in replaced ? (replaced.schema as ts.TypeNode) : (replaced as ts.TypeNode);
            const property = ts.factory.createPropertySignature(undefined, tsPropertyIndex(name), undefined, type);
            addJSDocComment(item as never, property);
            return property;
          });
          if (made) (texts.push(made.text), used.push(made));
        }
      }
      groups.push(texts.length ? [`    ${group}: {\n`, ...joined(texts, '\n'), '\n    };'] : [`    ${group}: never;`]);
    }
    statements.push(['export interface components {\n', ...joined(groups, ['\n']).flat(), '\n}']);
  } else statements.push([fixed.get('components')!]);

  // $defs (3.1 documents rarely have them at the root): printed whole, not cached
  const defs = document['$defs'];
  if (defs && typeof defs === 'object') {
    const node = transformSchemaObject(defs as never, { path: ref(['$defs']), ctx, schema: defs as never } as TransformNodeOptions);
    const list = ts.isTypeLiteralNode(node) ? node.members : undefined;
    if (list?.length) statements.push([`export interface $defs {\n${list.map((m) => members([m], 1)).join('\n')}\n}`]);
    else statements.push([fixed.get('$defs')!]);
  } else statements.push([fixed.get('$defs')!]);

  // footer: `operations` and helpers, in the order the entries first needed them
  const footer: string[] = [];
  for (const made of used) for (const name of made.footer) if (!footer.includes(name)) footer.push(name);
  for (const node of ctx.injectFooter) {
    const name = declarationName(node);
    if (!footer.includes(name)) footer.push(name);
    if (name !== 'operations' && !memo.helpers.has(name)) memo.helpers.set(name, patchHelper(astToString(node as ts.Node).trimEnd()));
  }
  for (const name of footer) {
    if (name === 'operations') {
      const ops = used.flatMap((m) => m.ops);
      statements.push(['export interface operations {\n', ...joined(ops, '\n'), '\n}']);
    } else statements.push([memo.helpers.get(name)!]);
  }
  if (!footer.includes('operations')) statements.push([fixed.get('operations')!]);

  memo.entries = next;
  const out = joined(statements, ['\n']).flat();
  out.push('\n');
  return out;
}

/** `items` with `separator` between each two (the pieces of `items.join(separator)`). */
function joined<T>(items: T[], separator: T): T[] {
  const out: T[] = [];
  items.forEach((item, i) => {
    if (i > 0) out.push(separator);
    out.push(item);
  });
  return out;
}

function declarationName(node: unknown): string {
  const name = (node as { name?: ts.Identifier }).name;
  return name && ts.isIdentifier(name) ? name.text : '';
}
