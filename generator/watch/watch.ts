/**
 * Watch mode: regenerate every API whenever its spec or any file the spec
 * read ($ref targets, RAML includes) changes. The watched set follows the
 * references after each successful run. Bursts of saves are debounced; a
 * broken spec keeps the last good output (nothing is written on failure) and
 * prints the error; SIGINT/SIGTERM close every watcher and resolve 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { SpecError } from '../diagnostics.js';
import type { ResolvedApi } from '../config/load.js';
import { generateOptions } from '../config/options.js';
import { createGenerateCache, generate, type GenerateCache } from '../generate.js';
import type { ApiModel } from '../model/types.js';
import { FileSetWatcher } from './file-watcher.js';
import { describeDiff, diffOperations, plural } from './operation-diff.js';
import { printable, type Reporter } from '../reporter.js';

export interface WatchOptions {
  apis: ResolvedApi[];
  reporter: Reporter;
  /** Quiet period after the last change before regenerating (default 100 ms). */
  debounceMs?: number;
  /** Stops watching when aborted (SIGINT/SIGTERM are handled too). */
  signal?: AbortSignal;
  /** Spec URLs: how often to ask for changes (default 2000 ms). */
  pollMs?: number;
  cwd?: string;
}

export async function watchApis(options: WatchOptions): Promise<number> {
  const watchers = options.apis.map((api) => new ApiWatcher(api, options));
  await Promise.all(watchers.map((w) => w.start()));
  const files = watchers.reduce((n, w) => n + w.fileCount, 0);
  options.reporter.info(`watching ${files} file${files === 1 ? '' : 's'} (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    options.signal?.addEventListener('abort', stop, { once: true });
  });
  await Promise.all(watchers.map((w) => w.stop()));
  return 0;
}

class ApiWatcher {
  private readonly cache: GenerateCache = createGenerateCache();
  private readonly files: FileSetWatcher;
  private model: ApiModel | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private pending = false;
  private stopped = false;
  private hook: ChildProcess | undefined;
  private lastInputs: string[];

  constructor(
    private readonly api: ResolvedApi,
    private readonly options: WatchOptions,
  ) {
    this.files = new FileSetWatcher(() => this.schedule(), options.pollMs);
    this.lastInputs = [api.input];
  }

  get fileCount(): number {
    return this.files.size;
  }

  async start(): Promise<void> {
    this.files.set(this.lastInputs);
    await this.run(true);
  }

  private schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.trigger(), this.options.debounceMs ?? 100);
  }

  private async trigger(): Promise<void> {
    if (this.running) {
      this.pending = true;
      return;
    }
    await this.run(false);
    if (this.pending && !this.stopped) {
      this.pending = false;
      this.schedule();
    }
  }

  private run(first: boolean): Promise<void> {
    this.running = this.regenerate(first).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async regenerate(first: boolean): Promise<void> {
    const { reporter } = this.options;
    const out = path.relative(this.options.cwd ?? process.cwd(), this.api.output) || '.';
    try {
      const result = await generate(generateOptions(this.api, { cache: this.cache, onStageStart: reporter.stageStart, onStage: reporter.stageDone }));
      for (const w of result.warnings) reporter.warning(w);
      const m = result.model;
      const what = first ? plural(m.operations.length, 'operation') : describeDiff(diffOperations(this.model, m));
      reporter.info(
        `${first ? 'generated' : 'regenerated'} ${printable(m.title)} ${printable(m.version)}: ${what}; ` +
          `${result.written.length} written, ${result.unchanged.length} unchanged -> ${out} in ${result.ms.toFixed(0)} ms`,
      );
      this.model = m;
      this.lastInputs = result.inputs.length > 0 ? result.inputs : [this.api.input];
      this.files.set([this.api.input, ...this.lastInputs]);
      if (this.api.onSuccess && !this.stopped) this.runHook(this.api.onSuccess);
    } catch (e) {
      if (e instanceof SpecError) {
        reporter.error({ code: e.code, message: e.message, ...(e.location ? { location: e.location } : {}) }, e.details.slice(1));
        reporter.raw(reporter.dim(`  kept the last good output in ${out}; waiting for changes`));
        // keep watching what we know, plus the file the error is in (a new $ref target, say)
        this.files.set([this.api.input, ...this.lastInputs, ...(e.location?.file ? [e.location.file] : [])]);
      } else {
        reporter.raw(`internal error: ${(e as Error)?.message ?? String(e)} (a bug in contractgen; please report it)`);
        if (reporter.verbose) reporter.raw(String((e as Error)?.stack ?? ''));
      }
    }
  }

  /** `--on-success`: one hook at a time; a still-running one (a dev server, say) is stopped first. */
  private runHook(command: string): void {
    this.killHook();
    const child = spawn(command, { shell: true, stdio: ['ignore', 'inherit', 'inherit'], detached: process.platform !== 'win32', cwd: this.options.cwd ?? process.cwd() });
    this.hook = child;
    child.on('error', (err) => this.options.reporter.raw(`--on-success failed: ${err.message}`));
    child.on('exit', (code, signal) => {
      if (this.hook === child) this.hook = undefined;
      if (code !== 0 && code !== null && !signal) this.options.reporter.raw(this.options.reporter.yellow(`--on-success exited with ${code}`));
    });
  }

  private killHook(): void {
    const child = this.hook;
    this.hook = undefined;
    if (!child || child.exitCode !== null || child.pid === undefined) return;
    try {
      if (process.platform !== 'win32') process.kill(-child.pid, 'SIGTERM');
      else child.kill('SIGTERM');
    } catch {
      /* already gone */
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.files.close();
    await this.running;
    this.killHook();
  }
}
