/**
 * The pipeline: load -> validate -> model -> emit -> format -> write.
 * Everything is rendered and formatted in memory first; the output directory
 * is touched only when the whole run succeeded.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PackageConfig } from './config/index.js';
import type { Diagnostic } from './diagnostics.js';
import { SpecError, type SourceLocation } from './diagnostics.js';
import type { EmitContext, EmittedFile } from './emit/context.js';
import type { TypesMemo } from './emit/ts-document.js';
import type { ConvertedMemo } from './normalize/json-schema.js';
import type { PieceMemo } from './emit/api-spec.js';
import { createValidationMemo, type ValidationMemo } from './load/validate.js';
import { createEntryMemo, indexOf, type EntryMemo } from './content-hash.js';
import { rememberKeywords } from './normalize/keywords.js';
import type { RamlCache } from './raml/incremental.js';
import { isSpecUrl, loadSpec } from './load/index.js';
import { buildModel, createModelMemo, type ModelMemo } from './model/build.js';
import { withStreamedBodies } from './model/stream.js';
import { hoistInteriorRefs } from './normalize/hoist-refs.js';
import { createNormalizeMemo, normalizeTo31, type NormalizeMemo } from './normalize/openapi31.js';
import type { ApiModel } from './model/types.js';
import { diffFiles, writeFiles, type OnDisk } from './write.js';

import { normalizeTargets, TARGETS, type Target } from './targets.js';

export { normalizeTargets, TARGETS, type Target };
export type { PackageConfig };

export type Stage = 'load' | 'model' | 'emit' | 'format' | 'write';

export interface GenerateOptions {
  input: string;
  output: string;
  /** Default: all; with `package`: types and client. */
  targets?: readonly Target[];
  /** Write nothing; report the files that differ from what is on disk. */
  check?: boolean;
  /** Replace files in the output directory that contractgen did not generate (refused otherwise: OUT_NOT_GENERATED). */
  force?: boolean;
  /** Also write a publishable npm package around the client (sources go to `src/`). */
  package?: PackageConfig;
  /** RAML: examples that break their type are warnings (RAML_EXAMPLE_INVALID) instead of errors. Default: true for RAML 0.8, false for 1.0. */
  lenientExamples?: boolean;
  /** The folder `$ref`s may reach (default: the spec's folder); a URL prefix for a spec URL. */
  root?: string;
  /** Binary request bodies reach handlers as streams without `x-stream`: `'binary'` (all) or these operationIds (issue 18.4). */
  streamBodies?: 'binary' | readonly string[];
  /** Write `types.d.ts` instead of `types.ts` (faster to type-check under skipLibCheck; tsc does not copy it to an outDir, so not with `package`). */
  declarationTypes?: boolean;
  /** Reuse work across runs (watch mode): see {@link createGenerateCache}. */
  cache?: GenerateCache;
  /** Called when a stage starts (for progress output). */
  onStageStart?: (stage: Stage) => void;
  /** Called after each stage (for progress output). */
  onStage?: (stage: string, ms: number) => void;
}

export interface GenerateResult {
  model: ApiModel;
  files: EmittedFile[];
  written: string[];
  unchanged: string[];
  /** Generated files of an earlier run this run no longer emits: removed. */
  removed: string[];
  /** With `check`: files that are missing or differ (or would be removed). */
  stale: string[];
  warnings: Diagnostic[];
  /** Every input file read (for watch mode). */
  inputs: string[];
  ms: number;
  /** True when the inputs were byte-identical to the cached run and nothing was re-emitted. */
  cached: boolean;
}

/**
 * In-process cache for repeated runs: when every input file has the same
 * bytes as in the last successful run with the same options, the model and
 * the emitted files are reused (Prettier results are cached by content hash in
 * format.ts either way).
 */
export interface GenerateCache {
  /** The last successful run: its inputs' bytes (null: unreadable), model and files. */
  last?: { key: string; inputs: Map<string, Buffer | null>; model: ApiModel; files: EmittedFile[]; warnings: Diagnostic[] };
  /** Document types printed per path item / component, reused when their content is unchanged. */
  types?: TypesMemo;
  /** Component schemas converted to JSON Schema for the descriptors, by entry hash (normalize/json-schema.ts). */
  converted?: ConvertedMemo;
  /** Their JSON text in the server descriptor, by converted object (emit/api-spec.ts serverSpecLiteral). */
  pieces?: PieceMemo;
  /** Entries of the last valid document, so only changed ones are validated again. */
  validation?: ValidationMemo;
  /** What each entry of the last run's document holds, by hash (content-hash.ts EntryIndex): unchanged entries are not walked again. */
  entries?: EntryMemo;
  /** Each path item's operations (without their API-wide names), by entry hash (model/build.ts). */
  model?: ModelMemo;
  /** 3.0 entries normalized to 3.1, by entry hash (normalize/openapi31.ts). */
  normalized?: NormalizeMemo;
  /** RAML conversions of the last run: only edited top-level resources go through AMF again (generator/raml/incremental.ts). */
  raml?: RamlCache;
  /** Output files as last written or read (compared in memory while size and mtime are unchanged). */
  onDisk?: OnDisk;
}

export function createGenerateCache(): GenerateCache {
  return {};
}

type Emitter = (model: ApiModel, ctx: EmitContext) => EmittedFile | EmittedFile[];

const emitters: Record<Target, () => Promise<Emitter>> = {
  types: async () => (await import('./emit/types.js')).emitTypes,
  server: async () => (await import('./emit/server.js')).emitServer,
  client: async () => (await import('./emit/client.js')).emitClient,
};

export function resolveTargets(options: Pick<GenerateOptions, 'targets' | 'package' | 'declarationTypes'>): Target[] {
  const targets = normalizeTargets(options.targets ?? (options.package ? ['types', 'client'] : TARGETS));
  if (options.package && targets.includes('server')) {
    throw new SpecError('USAGE', 'an SDK package holds the client: --package cannot be combined with the server target');
  }
  if (options.package && options.declarationTypes) {
    throw new SpecError('USAGE', "declarationTypes cannot be combined with package: the package is built with tsc, which does not copy types.d.ts to dist/ (the published declarations would import a missing file)");
  }
  return targets;
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  let mark = started;
  const stage = (name: Stage, next?: Stage) => {
    const now = performance.now();
    options.onStage?.(name, now - mark);
    mark = now;
    if (next) options.onStageStart?.(next);
  };
  const targets = resolveTargets(options);
  const remote = isSpecUrl(options.input);
  const key = JSON.stringify([remote ? options.input : path.resolve(options.input), targets, options.package ?? null, options.root ?? null, options.streamBodies ?? null, options.declarationTypes === true]);
  options.onStageStart?.('load');
  // Read the known inputs *before* loading: if a file changes while we load, the stored
  // bytes are the old ones and the next run regenerates (never the other way round).
  // (compared byte for byte: cheaper than hashing 11 MB of GitHub's spec on every edit)
  // A spec URL is never reused from the cache: watch mode regenerates when its ETag changed.
  const before = options.cache && !remote ? await readInputs([path.resolve(options.input), ...(options.cache.last?.inputs.keys() ?? [])]) : undefined;
  const reused = fromCache(options.cache, key, before);
  let model: ApiModel;
  let files: EmittedFile[];
  let warnings: Diagnostic[];
  let inputs: string[];
  if (reused) {
    ({ model, files, warnings } = reused);
    inputs = [...reused.inputs.keys()];
    stage('load', 'write');
  } else {
    if (options.cache) {
      options.cache.validation ??= createValidationMemo();
      options.cache.entries ??= createEntryMemo();
    }
    let loaded: Awaited<ReturnType<typeof loadSpec>> | undefined;
    try {
      loaded = await loadSpec(options.input, {
        ...(options.lenientExamples === undefined ? {} : { lenientExamples: options.lenientExamples }),
        ...(options.cache ? { validation: options.cache.validation, entries: options.cache.entries, raml: (options.cache.raml ??= {}) } : {}),
        ...(before ? { bytes: before } : {}),
        ...(options.root === undefined ? {} : { root: options.root }),
      });
      stage('load', 'model');
      // (the index of what was parsed describes the document when it was neither bundled nor upgraded)
      const index = indexOf(loaded.document);
      hoistInteriorRefs(loaded.document, index);
      if (index) {
        rememberKeywords(loaded.document, index.keywords());
        index.prune();
      }
      // the model (and so every emitter) reads a 3.1-shaped document only
      const document = normalizeTo31(loaded.document, index, options.cache ? (options.cache.normalized ??= createNormalizeMemo()) : undefined);
      if (index && document !== loaded.document) {
        index.describe(document);
        rememberKeywords(document, index.keywords());
      }
      model = buildModel({
        document,
        sourceVersion: loaded.sourceVersion,
        file: loaded.rootFile,
        ...(index && options.cache ? { hashes: index.hashes, memo: (options.cache.model ??= createModelMemo()) } : {}),
      });
      if (options.streamBodies !== undefined) model = withStreamedBodies(model, options.streamBodies);
      stage('model', 'emit');
      files = await emitFiles(model, targets, loaded.rootFile, options.package, () => stage('emit', 'format'), options.cache, options.declarationTypes === true);
    } catch (err) {
      throw (loaded && schemaShapeError(err, loaded)) ?? stackOverflowError(err, loaded?.rootFile ?? path.resolve(options.input)) ?? err;
    }
    stage('format', 'write');
    warnings = loaded.warnings;
    inputs = loaded.files;
    if (options.cache) options.cache.last = { key, inputs: await readInputs(inputs, before), model, files, warnings };
  }
  let written: string[] = [];
  let unchanged: string[] = [];
  let stale: string[] = [];
  let removed: string[] = [];
  if (options.check) {
    const diff = await diffFiles(options.output, files, options.cache ? (options.cache.onDisk ??= new Map()) : undefined);
    stale = [...diff.changed.map((f) => f.path), ...diff.obsolete];
    unchanged = diff.unchanged;
  } else {
    ({ written, unchanged, removed } = await writeFiles(options.output, files, options.cache ? (options.cache.onDisk ??= new Map()) : undefined, { force: options.force === true }));
  }
  stage('write');
  return { model, files, written, unchanged, removed, stale, warnings, inputs, ms: performance.now() - started, cached: reused !== undefined };
}

async function emitFiles(
  model: ApiModel,
  targets: Target[],
  rootFile: string,
  pkg: PackageConfig | undefined,
  emitted: () => void,
  cache: GenerateCache | undefined,
  declarationTypes: boolean,
): Promise<EmittedFile[]> {
  // The emitters pull in openapi-typescript (and the TypeScript compiler) and Prettier:
  // loaded only once the spec is known to be good, so errors come back fast.
  const [{ createEmitContext, piecedFile }, { emitIndex }, { formatTs, FORMAT_LIMIT }] = await Promise.all([
    import('./emit/context.js'),
    import('./emit/index-file.js'),
    import('./format.js'),
  ]);
  if (cache && !cache.types) cache.types = (await import('./emit/ts-document.js')).createTypesMemo();
  if (cache && !cache.converted) cache.converted = (await import('./normalize/json-schema.js')).createConvertedMemo();
  if (cache) cache.pieces ??= (await import('./emit/api-spec.js')).createPieceMemo();
  const ctx = createEmitContext(model, path.basename(rootFile), cache);
  const raw: EmittedFile[] = [];
  for (const target of targets) {
    const emit = await emitters[target]();
    // declarationTypes: the same text as types.d.ts (it declares types only, no values)
    raw.push(...[emit(model, ctx)].flat().map((f) => (declarationTypes && f.path === 'types.ts' ? { ...f, path: 'types.d.ts' } : f)));
  }
  raw.push(emitIndex(targets, ctx, declarationTypes));
  emitted();
  // (a file Prettier would skip keeps its pieces: joining them is what the writer avoids)
  const sources = await Promise.all(
    raw.map(async (f) => (f.pieces && f.pieces.reduce((n, p) => n + p.length, 0) > FORMAT_LIMIT ? f : { path: f.path, contents: await formatTs(f.contents) })),
  );
  if (!pkg) return sources;
  const { emitPackageFiles, SOURCE_DIR } = await import('./sdk/package-files.js');
  return [
    ...emitPackageFiles(model, pkg, rootFile),
    ...sources.map((f) => (f.pieces ? piecedFile(`${SOURCE_DIR}/${f.path}`, f.pieces) : { path: `${SOURCE_DIR}/${f.path}`, contents: f.contents })),
  ];
}

function fromCache(cache: GenerateCache | undefined, key: string, now: Map<string, Buffer | null> | undefined): GenerateCache['last'] {
  const last = cache?.last;
  if (!last || last.key !== key || !now) return undefined;
  for (const [file, bytes] of last.inputs) {
    const current = now.get(file);
    if (current === undefined || (current === null ? bytes !== null : bytes === null || !current.equals(bytes))) return undefined;
  }
  return last;
}

/** Each file's bytes (null when unreadable); those in `known` are reused. */
async function readInputs(files: string[], known?: Map<string, Buffer | null>): Promise<Map<string, Buffer | null>> {
  const { readFile } = await import('node:fs/promises');
  const out = new Map<string, Buffer | null>();
  for (const file of files) {
    const hit = known?.get(file);
    out.set(file, hit !== undefined ? hit : await readFile(file).catch(() => null));
  }
  return out;
}

/**
 * Files nested deeper than the parser's limit are refused with their location (load/parse.ts);
 * a structure that still exhausts the stack somewhere (a library recursing along a chain the
 * nesting check cannot see) is the spec's shape, not a crash: exit 1, never an internal error.
 */
function stackOverflowError(err: unknown, file: string): SpecError | undefined {
  if (!(err instanceof RangeError) || !/call stack/i.test(err.message)) return undefined;
  return new SpecError('SPEC_TOO_DEEP', 'the spec is nested too deeply to generate (the call stack ran out following its nesting or a chain of $refs); split the deepest part into named components', { file });
}

/**
 * openapi-typescript throws on a schema position holding something that is not a schema
 * (`oneOf: ["string"]`, an array) — the 3.1 meta-schema lets some of those through. That is
 * the spec's fault: report it as a SpecError at its location, not as an internal error.
 */
function schemaShapeError(err: unknown, loaded: { rootFile: string; sourceMap: { locate(file: string, pointer: string): SourceLocation } }): SpecError | undefined {
  const m = /^Expected SchemaObject, received (\w+) at (#\/\S*)/.exec((err as Error | undefined)?.message ?? '');
  if (!m) return undefined;
  const pointer = decodeURI(m[2]!.slice(1));
  return new SpecError('SPEC_SCHEMA', `#${pointer} must be a schema object, not ${m[1]!.toLowerCase()}`, loaded.sourceMap.locate(loaded.rootFile, pointer));
}
