/**
 * Finds and loads the config file. `.json` is parsed (with positions for
 * syntax errors), `.mjs`/`.js` imported, and `.ts`/`.mts` transpiled with the
 * installed TypeScript to a temporary `.mjs` beside it (so its relative
 * imports resolve), imported, and removed: Node 20 cannot import TypeScript.
 */
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SpecError } from '../diagnostics.js';
import { API_KEYS, API_OPTIONS, type ResolvedApi } from './options.js';
import { configError, resolveFrom, validateConfig } from './validate.js';

export type { ResolvedApi };

export const CONFIG_FILE_NAMES = ['codegen.config.ts', 'codegen.config.mts', 'codegen.config.mjs', 'codegen.config.js', 'codegen.config.json'] as const;

export interface LoadedConfig {
  file: string;
  apis: ResolvedApi[];
}

export function findConfigFile(dir: string): string | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export async function loadConfig(file: string): Promise<LoadedConfig> {
  const absolute = path.resolve(file);
  const value = await readConfigValue(absolute);
  const apis = validateConfig(value, absolute).map((api) => {
    // every option, by its kind: paths made absolute, a package name made { name }
    const resolved: Record<string, unknown> = {};
    for (const key of API_KEYS) {
      const v = api[key];
      if (v === undefined) continue;
      const kind = API_OPTIONS[key].kind;
      resolved[key] = kind === 'path' || kind === 'source' ? resolveFrom(absolute, v as string, kind) : kind === 'package' && typeof v === 'string' ? { name: v } : v;
    }
    return resolved as ResolvedApi;
  });
  return { file: absolute, apis };
}

async function readConfigValue(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new SpecError('CONFIG_NOT_FOUND', `cannot read config file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { file });
  }
  const ext = path.extname(file);
  if (ext === '.json') {
    const value = await parseJson(file, text);
    if (value && typeof value === 'object' && !Array.isArray(value)) delete (value as Record<string, unknown>)['$schema'];
    return value;
  }
  if (ext === '.mjs' || ext === '.js') return importDefault(file, file);
  if (ext === '.ts' || ext === '.mts') return importTypeScript(file, text);
  throw configError(file, `unsupported config file type ${JSON.stringify(ext)} (use .ts, .mts, .mjs, .js or .json)`);
}

/** Strict JSON (YAML's leniency would turn `"output": }` into null); errors located with TypeScript's JSON parser. */
async function parseJson(file: string, text: string): Promise<unknown> {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const ts = (await import('typescript')).default;
    const source = ts.parseJsonText(file, text);
    const diag = (source as unknown as { parseDiagnostics?: import('typescript').Diagnostic[] }).parseDiagnostics?.[0];
    const pos = diag?.start !== undefined ? source.getLineAndCharacterOfPosition(diag.start) : undefined;
    const message = diag ? ts.flattenDiagnosticMessageText(diag.messageText, ' ') : (err as Error).message;
    throw new SpecError('CONFIG_SYNTAX', `syntax error: ${message}`, { file, ...(pos ? { line: pos.line + 1, column: pos.character + 1 } : {}) });
  }
}

async function importTypeScript(file: string, text: string): Promise<unknown> {
  const ts = (await import('typescript')).default;
  const out = ts.transpileModule(text, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false, sourceMap: false },
  });
  const syntax = out.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (syntax) {
    const pos = syntax.file && syntax.start !== undefined ? syntax.file.getLineAndCharacterOfPosition(syntax.start) : undefined;
    throw new SpecError('CONFIG_SYNTAX', `syntax error: ${ts.flattenDiagnosticMessageText(syntax.messageText, ' ')}`, {
      file,
      ...(pos ? { line: pos.line + 1, column: pos.character + 1 } : {}),
    });
  }
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.mjs`);
  await writeFile(temp, out.outputText);
  try {
    return await importDefault(temp, file);
  } finally {
    await rm(temp, { force: true });
  }
}

async function importDefault(modulePath: string, file: string): Promise<unknown> {
  let mod: Record<string, unknown>;
  try {
    // a query string defeats the module cache, so watch mode sees edits
    mod = (await import(`${pathToFileURL(modulePath).href}?t=${Date.now()}`)) as Record<string, unknown>;
  } catch (err) {
    throw configError(file, `cannot load the config file: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!('default' in mod)) throw configError(file, 'the config file has no default export (export default defineConfig({ ... }))');
  const value = mod['default'];
  return typeof value === 'function' ? await (value as () => unknown)() : value;
}
