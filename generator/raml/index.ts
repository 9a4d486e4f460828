/**
 * RAML 0.8 / 1.0 input: parse, validate and resolve with amf-client-js inside a sandbox,
 * then convert to one OpenAPI 3.0.3 document that the rest of the pipeline treats like
 * any parsed OpenAPI input. See docs/raml.md.
 */
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SpecError } from '../diagnostics.js';
import { fetchText, fromVirtual, isSpecUrl, refRootFor, toVirtual, translateDiagnostic, translateError, type FetchLimits } from '../load/remote.js';
import { keepSnapshot, loadIncrementally, persistentCache, type RamlCache } from './incremental.js';
import { convertRun, finishRun, type ConvertOptions, type RamlLoadResult } from './run.js';
import type { IncludeScope } from './sandbox-loader.js';

export { createRamlCache, type RamlCache } from './incremental.js';
export type { RamlLoadResult } from './run.js';

export interface RamlLoadOptions {
  /**
   * Report examples that don't match their type as warnings instead of errors (AMF-GAPS 1).
   * Default: true for RAML 0.8 (which never required examples to validate), false for RAML 1.0
   * (whose spec does).
   */
  lenientExamples?: boolean;
  /**
   * Watch mode: the cache of the previous conversions of this root (createRamlCache()). When
   * only some top-level resources of the root file changed, AMF converts just those (with the
   * declarations they use) and the result is merged into the previous one; anything else —
   * a changed declaration, an included file, an error — is a full conversion. See incremental.ts.
   */
  cache?: RamlCache;
  /**
   * The folder `!include`s and libraries may reach (`--root`, config `root`): default the root
   * file's folder; it must contain the root file. For a spec URL, a URL on the same origin whose
   * path the included documents must lie under. The same rule as for OpenAPI `$ref`s.
   */
  root?: string;
  /** A spec URL: timeout and size limit per document (the same as for OpenAPI, load/remote.ts). */
  fetch?: FetchLimits;
}

const HEADER = /^\uFEFF?#%RAML[ \t]+(0\.8|1\.0)(?:[ \t]|\r?\n|$)/;

/** True for a RAML 0.8 / 1.0 document (its first line is `#%RAML 0.8` or `#%RAML 1.0 …`). */
export function isRaml(text: string): boolean {
  return HEADER.test(text);
}

function ramlVersion(text: string): '0.8' | '1.0' | undefined {
  return HEADER.exec(text)?.[1] as '0.8' | '1.0' | undefined;
}

async function readRoot(file: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new SpecError('RAML_NOT_FOUND', `Cannot read RAML file: ${(error as Error).message}`, { file });
  }
}

/**
 * `file` is a path or an http(s) URL. A URL is fetched (its relative includes on the same
 * origin, under its path or `root`) and every path in the result and in errors is a URL; it is
 * converted afresh each time (no snapshot: `cache` is not used).
 */
export async function loadRaml(file: string, options: RamlLoadOptions = {}): Promise<RamlLoadResult> {
  if (isSpecUrl(file)) return loadRamlUrl(file, undefined, options);
  const rootFile = await realpath(resolve(file)).catch(() => resolve(file));
  return loadRamlText(rootFile, await readRoot(rootFile), options);
}

/** A RAML spec URL; `text` is the root's text when the caller fetched it already (load/index.ts). */
export async function loadRamlUrl(input: string, text: string | undefined, options: RamlLoadOptions = {}): Promise<RamlLoadResult> {
  try {
    // a redirected root: its includes resolve against the URL it came from (RFC 3986 §5.1.3);
    // load/index.ts passes that final URL with the text it fetched
    const got = text === undefined ? await fetchText(new URL(input).href, options.fetch) : { text, url: input };
    const rootFile = toVirtual(new URL(got.url));
    const result = await loadRamlText(rootFile, got.text, options);
    return { document: result.document, files: result.files.map((f) => fromVirtual(f) ?? f), warnings: result.warnings.map(translateDiagnostic) };
  } catch (error) {
    throw error instanceof SpecError ? translateError(error) : error;
  }
}

async function includeScope(rootFile: string, options: RamlLoadOptions): Promise<IncludeScope> {
  const remote = fromVirtual(rootFile) !== undefined;
  const { dir, explicit } = refRootFor(rootFile, options.root);
  if (remote) return { dir, explicit, remote: options.fetch ?? {} };
  // the root file is a real path: so must its folder be (symlinked includes are checked after realpath)
  return { dir: explicit ? await realpath(dir).catch(() => dir) : dir, explicit };
}

async function loadRamlText(rootFile: string, text: string, options: RamlLoadOptions): Promise<RamlLoadResult> {
  const version = ramlVersion(text);
  if (version === undefined) {
    throw new SpecError('RAML_INVALID', 'Not a RAML 0.8 or 1.0 document: the first line must be "#%RAML 0.8" or "#%RAML 1.0"', { file: rootFile, line: 1, column: 1 });
  }
  if (/^\uFEFF?#%RAML[ \t]+1\.0[ \t]+\S/.test(text)) {
    throw new SpecError('RAML_NOT_AN_API', 'This RAML file is a fragment or library, not an API: point codegen at the root API file', { file: rootFile, line: 1, column: 1 });
  }
  const scope = await includeScope(rootFile, options);
  const report: ConvertOptions = { lenientExamples: options.lenientExamples ?? version === '0.8', ramlVersion: version, ...(scope.explicit || scope.remote ? { scope } : {}) };
  if (scope.remote) return finishRun(rootFile, await convertRun(rootFile, version, report, new Map([[rootFile, text]])));
  if (options.cache) return loadIncrementally(options.cache, rootFile, text, version, report);
  const disk = persistentCache(rootFile);
  if (!disk) return finishRun(rootFile, await convertRun(rootFile, version, report));
  const result = await loadIncrementally(disk, rootFile, text, version, report);
  if (disk.last !== 'unchanged') keepSnapshot(disk, rootFile);
  return result;
}
