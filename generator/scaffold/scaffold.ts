/**
 * `codegen scaffold`: handler implementation files for the generated
 * `Handlers` interface, one per tag (untagged operations in `default.ts`),
 * plus `handlers.ts` (combines them) and `main.ts` (starts the server).
 *
 * Only files that do not exist are written; an existing file is never
 * touched. An operation counts as implemented when a `.ts` file in the
 * handlers folder mentions its method name as a method or property
 * (`listPets(`, `listPets:`). A re-run after the spec gained operations puts
 * the missing ones in new files and lists what to wire up.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedApi } from '../config/load.js';
import { generateOptions } from '../config/options.js';
import { securityEnv } from './security-env.js';
import { formatTs } from '../format.js';
import { generate, type GenerateResult } from '../generate.js';
import type { OperationModel } from '../model/types.js';
import { camelCase, words } from '../naming.js';
import { render } from '../render/handlebars.js';
import { TARGETS } from '../targets.js';

export interface ScaffoldResult {
  generated: GenerateResult;
  /** Files written (relative to the handlers folder). */
  created: string[];
  /** Files that existed and were left alone. */
  kept: string[];
  /** Operations scaffolded in new files on a re-run: the user must wire them into handlers.ts. */
  toWire: Array<{ file: string; exportName: string; operations: string[] }>;
  /** Every operation now stubbed with a 501 in a new file. */
  stubbed: Array<{ name: string; method: string; path: string; file: string }>;
}

interface TagModule {
  file: string;
  exportName: string;
  operations: OperationModel[];
}

export async function scaffold(api: ResolvedApi & { handlers: string }): Promise<ScaffoldResult> {
  const targets = [...new Set([...(api.targets ?? TARGETS), 'server' as const])];
  // (an SDK package holds a client; the handlers need the server: scaffold generates without it)
  const { package: _sdk, ...withoutPackage } = api;
  const generated = await generate(generateOptions(withoutPackage, { targets }));
  const dir = api.handlers;
  await mkdir(dir, { recursive: true });
  const existing = (await readdir(dir)).filter((f) => f.endsWith('.ts'));
  const implemented = await implementedNames(dir, existing);
  const missing = generated.model.operations.filter((op) => !implemented.has(op.name));
  const serverImport = relativeImport(dir, path.join(api.output, 'server.js'));
  const header = [`Scaffolded by contractgen from ${path.basename(api.input)}. This file is yours: edit it; codegen scaffold never overwrites it.`];

  const taken = new Set(existing.map((f) => f.toLowerCase()));
  const takenExports = new Set<string>();
  const modules: TagModule[] = [];
  for (const [tag, ops] of groupByTag(missing)) {
    const base = fileBase(tag);
    let file = `${base}.ts`;
    let exportName = camelCase(`${tag ?? 'default'} handlers`, 'handlers');
    for (let n = 2; taken.has(file) || takenExports.has(exportName) || implemented.has(exportName); n++) {
      file = `${base}-${n}.ts`;
      exportName = camelCase(`${tag ?? 'default'} handlers ${n}`, 'handlers');
    }
    taken.add(file);
    takenExports.add(exportName);
    modules.push({ file, exportName, operations: ops });
  }

  const created: string[] = [];
  const write = async (file: string, contents: string) => {
    await writeFile(path.join(dir, file), await formatTs(contents), { flag: 'wx' });
    created.push(file);
  };
  for (const m of modules) {
    await write(
      m.file,
      render('scaffold-tag', {
        header,
        serverImport,
        exportDoc: [`Handlers for the operations tagged ${m.operations[0]?.tags[0] ?? '(none)'}.`],
        exportName: m.exportName,
        pickUnion: m.operations.map((op) => JSON.stringify(op.name)).join(' | '),
        operations: m.operations.map((op) => ({
          name: op.name,
          docs: [op.summary, `${op.method.toUpperCase()} ${op.path}`],
          detail: `${op.name} (${op.method.toUpperCase()} ${op.path}) is not implemented yet`,
        })),
      }),
    );
  }
  const kept = existing.filter((f) => !created.includes(f));
  const firstRun = !existing.includes('handlers.ts');
  if (firstRun) {
    const all = modules.map((m) => ({ exportName: m.exportName, importPath: `./${m.file.replace(/\.ts$/, '.js')}` }));
    await write('handlers.ts', render('scaffold-handlers', { header, serverImport, modules: all }));
  }
  if (!existing.includes('main.ts')) {
    const schemes = securityEnv(generated.model);
    await write('main.ts', render('scaffold-main', { header, serverImport, schemes, hasApiKey: schemes.some((s) => s.apiKey), hasBasic: schemes.some((s) => s.basic) }));
  }
  return {
    generated,
    created,
    kept,
    toWire: firstRun ? [] : modules.map((m) => ({ file: m.file, exportName: m.exportName, operations: m.operations.map((op) => op.name) })),
    stubbed: modules.flatMap((m) => m.operations.map((op) => ({ name: op.name, method: op.method.toUpperCase(), path: op.path, file: m.file }))),
  };
}

/**
 * Names the user's files already implement, found with the TypeScript parser: methods
 * (`async listPets() {}`), properties bound to a function or a name (`listPets: impl`),
 * shorthand properties, function declarations, exported names, and `Pick<Handlers, 'a' | 'b'>`.
 */
async function implementedNames(dir: string, files: string[]): Promise<Set<string>> {
  const ts = (await import('typescript')).default;
  const names = new Set<string>();
  const nameOf = (n: import('typescript').PropertyName | undefined) =>
    n && (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isPrivateIdentifier(n)) ? n.text : undefined;
  for (const file of files) {
    const source = ts.createSourceFile(file, await readFile(path.join(dir, file), 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    const visit = (node: import('typescript').Node): void => {
      let name: string | undefined;
      if (ts.isMethodDeclaration(node) || ts.isFunctionDeclaration(node)) name = node.name ? nameOf(node.name as import('typescript').PropertyName) : undefined;
      else if (ts.isShorthandPropertyAssignment(node)) name = node.name.text;
      else if (ts.isPropertyAssignment(node)) {
        const init = node.initializer;
        if (ts.isArrowFunction(init) || ts.isFunctionExpression(init) || ts.isIdentifier(init) || ts.isPropertyAccessExpression(init) || ts.isCallExpression(init)) name = nameOf(node.name);
      } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) name = node.name.text;
      else if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && node.typeName.text === 'Pick' && node.typeArguments?.[1]) {
        const keys = node.typeArguments[1];
        for (const t of ts.isUnionTypeNode(keys) ? keys.types : [keys]) {
          if (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal)) names.add(t.literal.text);
        }
      }
      if (name !== undefined) names.add(name);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return names;
}

function groupByTag(ops: OperationModel[]): Array<[string | undefined, OperationModel[]]> {
  const groups = new Map<string | undefined, OperationModel[]>();
  for (const op of ops) {
    const tag = op.tags[0];
    groups.set(tag, [...(groups.get(tag) ?? []), op]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a === undefined ? 1 : b === undefined ? -1 : a.localeCompare(b)));
}

/** `Pet Store` -> `pet-store`; ASCII only; never `handlers`/`main` (those are ours). */
function fileBase(tag: string | undefined): string {
  if (tag === undefined) return 'default';
  const base = words(tag)
    .map((w) => w.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter((w) => w.length > 0)
    .join('-')
    .slice(0, 60);
  if (base === '') return 'tag';
  return base === 'handlers' || base === 'main' ? `${base}-tag` : base;
}

function relativeImport(fromDir: string, target: string): string {
  const rel = path.relative(fromDir, target).split(path.sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

