/**
 * The pipeline: load -> validate -> model -> emit -> format -> write.
 * Everything is rendered and formatted in memory first; the output directory
 * is touched only when the whole run succeeded.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Diagnostic } from './diagnostics.js';
import { SpecError } from './diagnostics.js';
import type { EmitContext, EmittedFile } from './emit/context.js';
import { loadSpec } from './load/index.js';
import { buildModel } from './model/build.js';
import type { ApiModel } from './model/types.js';
import { diffFiles, writeFiles } from './write.js';

import { normalizeTargets, TARGETS, type Target } from './targets.js';

export { normalizeTargets, TARGETS, type Target };

export interface GenerateOptions {
  input: string;
  output: string;
  targets?: readonly Target[];
  /** Write nothing; report the files that differ from what is on disk. */
  check?: boolean;
  /** Called after each stage (for progress output). */
  onStage?: (stage: string, ms: number) => void;
}

export interface GenerateResult {
  model: ApiModel;
  files: EmittedFile[];
  written: string[];
  unchanged: string[];
  /** With `check`: files that are missing or differ. */
  stale: string[];
  warnings: Diagnostic[];
  /** Every input file read (for watch mode). */
  inputs: string[];
  ms: number;
}

type Emitter = (model: ApiModel, ctx: EmitContext) => EmittedFile | EmittedFile[];

const emitters: Record<Target, () => Promise<Emitter>> = {
  types: async () => (await import('./emit/types.js')).emitTypes,
  server: async () => (await import('./emit/server.js')).emitServer,
  client: async () => (await import('./emit/client.js')).emitClient,
};

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  let mark = started;
  const stage = (name: string) => {
    const now = performance.now();
    options.onStage?.(name, now - mark);
    mark = now;
  };
  const targets = normalizeTargets(options.targets ?? TARGETS);
  const loaded = await loadSpec(options.input);
  stage('load');
  const model = buildModel({ document: loaded.document, sourceVersion: loaded.sourceVersion, file: loaded.rootFile });
  stage('model');
  // The emitters pull in openapi-typescript (and the TypeScript compiler) and Prettier:
  // loaded only once the spec is known to be good, so errors come back fast.
  const [{ createEmitContext }, { emitIndex }, { formatTs }] = await Promise.all([
    import('./emit/context.js'),
    import('./emit/index-file.js'),
    import('./format.js'),
  ]);
  const ctx = createEmitContext(model, path.basename(loaded.rootFile));
  const raw: EmittedFile[] = [];
  for (const target of targets) {
    const emit = await emitters[target]();
    raw.push(...[emit(model, ctx)].flat());
  }
  raw.push(emitIndex(targets, ctx));
  stage('emit');
  const files = await Promise.all(raw.map(async (f) => ({ path: f.path, contents: await formatTs(f.contents) })));
  stage('format');
  let written: string[] = [];
  let unchanged: string[] = [];
  let stale: string[] = [];
  if (options.check) {
    const diff = await diffFiles(options.output, files);
    stale = diff.changed.map((f) => f.path);
    unchanged = diff.unchanged;
  } else {
    ({ written, unchanged } = await writeFiles(options.output, files));
  }
  stage('write');
  return { model, files, written, unchanged, stale, warnings: loaded.warnings, inputs: loaded.files, ms: performance.now() - started };
}

