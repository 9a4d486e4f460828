/**
 * RAML 0.8 / 1.0 input: parse, validate and resolve with amf-client-js inside a sandbox,
 * then convert to one OpenAPI 3.0.3 document that the rest of the pipeline treats like
 * any parsed OpenAPI input. See docs/raml.md.
 */
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SpecError } from '../diagnostics.js';
import { keepSnapshot, loadIncrementally, persistentCache, type RamlCache } from './incremental.js';
import { convertRun, finishRun, type RamlLoadResult } from './run.js';
import type { ReportOptions } from './validation-report.js';

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

export async function loadRaml(file: string, options: RamlLoadOptions = {}): Promise<RamlLoadResult> {
  const rootFile = await realpath(resolve(file)).catch(() => resolve(file));
  const text = await readRoot(rootFile);
  const version = ramlVersion(text);
  if (version === undefined) {
    throw new SpecError('RAML_INVALID', 'Not a RAML 0.8 or 1.0 document: the first line must be "#%RAML 0.8" or "#%RAML 1.0"', { file: rootFile, line: 1, column: 1 });
  }
  if (/^\uFEFF?#%RAML[ \t]+1\.0[ \t]+\S/.test(text)) {
    throw new SpecError('RAML_NOT_AN_API', 'This RAML file is a fragment or library, not an API: point codegen at the root API file', { file: rootFile, line: 1, column: 1 });
  }
  const report: ReportOptions = { lenientExamples: options.lenientExamples ?? version === '0.8', ramlVersion: version };
  if (options.cache) return loadIncrementally(options.cache, rootFile, text, version, report);
  const disk = persistentCache(rootFile);
  if (!disk) return finishRun(rootFile, await convertRun(rootFile, version, report));
  const result = await loadIncrementally(disk, rootFile, text, version, report);
  if (disk.last !== 'unchanged') keepSnapshot(disk, rootFile);
  return result;
}
