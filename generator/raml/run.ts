/** One AMF conversion (parse, validate, resolve, convert) and its finishing step. */
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SpecError, type Diagnostic } from '../diagnostics.js';
import { amfRuntime, type Amf, type AmfRuntime } from './amf-runtime.js';
import { convertInWorker, WorkerLost } from './amf-worker.js';
import type { ConvertContext, DocContext } from './context.js';
import { convertToOpenApi, finishDocument } from './convert.js';
import { modelOperations } from './post/model-walk.js';
import { createSandboxLoader, type IncludeScope } from './sandbox-loader.js';
import { sourceReader } from './source-search.js';
import { checkResults, type ReportOptions } from './validation-report.js';

export interface RamlLoadResult {
  /** A self-contained OpenAPI 3.0.3 document as plain JSON data: only internal `#/components/...` $refs, no AMF `x-amf-*` leftovers. */
  document: Record<string, unknown>;
  /** Absolute paths of every file read (root, !includes, libraries), for watch mode. */
  files: string[];
  /** Everything that could not be mapped, each with code RAML_* and a RAML source location. */
  warnings: Diagnostic[];
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

/** How a conversion reports (validation-report.ts) and where its includes may come from (default: the root file's folder). */
export interface ConvertOptions extends ReportOptions {
  scope?: IncludeScope;
}

/** One AMF conversion of the root (or of the text `overrides` serves for it), before finishDocument. */
export interface ConvertedRun {
  doc: Record<string, unknown>;
  warnings: Diagnostic[];
  files: string[];
  /** The text AMF was served for each file (real path → text). */
  texts: Map<string, string>;
}

/**
 * One conversion, in the AMF worker thread when there is one (amf-worker.ts) and `amfAt` names
 * no runtime of its own; `thread: 'here'` (the worker itself, tests) converts in this thread.
 */
export async function convertRun(
  rootFile: string,
  version: '0.8' | '1.0',
  report: ConvertOptions,
  overrides?: ReadonlyMap<string, string>,
  amfAt?: AmfRuntime,
  thread: 'worker' | 'here' = 'worker',
): Promise<ConvertedRun> {
  if (thread === 'worker' && amfAt === undefined) {
    const inWorker = convertInWorker({ rootFile, version, report, ...(overrides ? { overrides } : {}) });
    if (inWorker) {
      try {
        return await inWorker;
      } catch (error) {
        if (!(error instanceof WorkerLost)) throw error;
      }
    }
  }
  const runtime = amfAt ?? (await amfRuntime());
  const sandbox = createSandboxLoader(runtime.amf, report.scope ?? { dir: dirname(rootFile), explicit: false }, overrides);
  const ramlClient = (version === '0.8' ? runtime.raml08 : runtime.raml10).withResourceLoaders([sandbox.loader]).baseUnitClient();
  const oasConfig = runtime.oas30.withResourceLoaders([sandbox.loader]);
  const oasClient = oasConfig.baseUnitClient();

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
  const displayNames = new Map<string, string>();
  for (const { path, method, operation } of modelOperations(parsed.baseUnit as Amf.Document)) {
    const name = operation.name.option;
    if (name !== undefined && name !== '') displayNames.set(`${method} ${path}`, name);
  }
  const transformed = oasClient.transform(parsed.baseUnit, runtime.compatibility);
  warnings.push(...checkResults(transformed.results, rootFile, report));
  const unresolved = render(oasClient, pristine);
  const ctx: ConvertContext = {
    amf: runtime.amf,
    rootFile,
    files: [...sandbox.files],
    read: sourceReader(rootFile, sandbox.texts),
    doc: render(oasClient, transformed.baseUnit),
    unresolved,
    parsed: pristine as Amf.Document,
    resolved: transformed.baseUnit as Amf.Document,
    oasConfig,
    displayNames,
    warnings,
  };
  return { doc: convertToOpenApi(ctx), warnings: ctx.warnings, files: [...sandbox.files].sort(), texts: sandbox.texts };
}

/** finishDocument on a copy of `run.doc` (the run stays reusable), warnings deduplicated and in source order. */
export function finishRun(rootFile: string, run: ConvertedRun): RamlLoadResult {
  const ctx: DocContext = { rootFile, files: run.files, read: sourceReader(rootFile, run.texts), doc: structuredClone(run.doc), warnings: [...run.warnings] };
  const document = finishDocument(ctx);
  return { document, files: [...run.files], warnings: sortWarnings(dedupe(ctx.warnings)) };
}

function sortWarnings(warnings: Diagnostic[]): Diagnostic[] {
  const key = (w: Diagnostic) => [w.location?.file ?? '', w.location?.line ?? 0, w.location?.column ?? 0] as const;
  return warnings
    .map((w, i) => ({ w, i }))
    .sort((a, b) => {
      const [fa, la, ca] = key(a.w);
      const [fb, lb, cb] = key(b.w);
      return fa < fb ? -1 : fa > fb ? 1 : la - lb || ca - cb || a.i - b.i;
    })
    .map(({ w }) => w);
}

