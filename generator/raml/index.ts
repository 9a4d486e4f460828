/**
 * RAML 0.8 / 1.0 input: parse, validate and resolve with amf-client-js inside a sandbox,
 * then convert to one OpenAPI 3.0.3 document that the rest of the pipeline treats like
 * any parsed OpenAPI input. See docs/raml.md.
 */
import { realpath } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SpecError, type Diagnostic } from '../diagnostics.js';
import { amfRuntime, type Amf } from './amf-runtime.js';
import type { ConvertContext } from './context.js';
import { convertToOpenApi } from './convert.js';
import { createSandboxLoader } from './sandbox-loader.js';
import { checkResults } from './validation-report.js';

export interface RamlLoadResult {
  /** A self-contained OpenAPI 3.0.3 document as plain JSON data: only internal `#/components/...` $refs, no AMF `x-amf-*` leftovers. */
  document: Record<string, unknown>;
  /** Absolute paths of every file read (root, !includes, libraries), for watch mode. */
  files: string[];
  /** Everything that could not be mapped, each with code RAML_* and a RAML source location. */
  warnings: Diagnostic[];
}

export interface RamlLoadOptions {
  /**
   * Report examples that don't match their type as warnings instead of errors (AMF-GAPS 1).
   * Default: true for RAML 0.8 (which never required examples to validate), false for RAML 1.0
   * (whose spec does).
   */
  lenientExamples?: boolean;
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

function render(client: Amf.AMFBaseUnitClient, unit: Amf.BaseUnit): Record<string, unknown> {
  return JSON.parse(client.render(unit, 'application/json')) as Record<string, unknown>;
}

function dedupe(warnings: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const key = JSON.stringify([w.code, w.message, w.location]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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
  const runtime = await amfRuntime();
  const sandbox = createSandboxLoader(runtime.amf, dirname(rootFile));
  const ramlClient = (version === '0.8' ? runtime.raml08 : runtime.raml10).withResourceLoaders([sandbox.loader]).baseUnitClient();
  const oasConfig = runtime.oas30.withResourceLoaders([sandbox.loader]);
  const oasClient = oasConfig.baseUnitClient();
  const report = { lenientExamples: options.lenientExamples ?? version === '0.8', ramlVersion: version };

  let parsed: Amf.AMFParseResult;
  try {
    parsed = await ramlClient.parse(pathToFileURL(rootFile).href);
  } catch (error) {
    throw new SpecError('RAML_INVALID', `AMF could not parse the RAML spec: ${(error as Error).message}`, { file: rootFile });
  }
  const warnings = checkResults(parsed.results, rootFile, report);
  // validate() and transform() resolve their input in place (AMF-GAPS 18): keep a pristine clone.
  const pristine = parsed.baseUnit.cloneUnit();
  // validate() resolves the unit with AMF's validation pipeline (RAML profile) before it checks
  // it; the OAS compatibility pipeline then runs on that resolved unit instead of resolving a
  // second copy from scratch. This halves AMF's resolution work, and keeps RAML 0.8's own
  // parameter defaults for trait parameters (resolving with the OAS profile marked them required).
  const validation = await ramlClient.validate(parsed.baseUnit);
  warnings.push(...checkResults(validation.results, rootFile, report));
  const transformed = oasClient.transform(parsed.baseUnit, runtime.amf.PipelineId.Compatibility);
  warnings.push(...checkResults(transformed.results, rootFile, report));
  const unresolved = render(oasClient, pristine);
  const ctx: ConvertContext = {
    amf: runtime.amf,
    rootFile,
    files: [...sandbox.files],
    doc: render(oasClient, transformed.baseUnit),
    unresolved,
    parsed: pristine as Amf.Document,
    resolved: transformed.baseUnit as Amf.Document,
    oasConfig,
    warnings,
  };
  const document = convertToOpenApi(ctx);
  return { document, files: [...sandbox.files].sort(), warnings: dedupe(ctx.warnings) };
}
