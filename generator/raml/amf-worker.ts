/**
 * AMF in a worker thread. A RAML conversion is 10–20 s of CPU inside amf-client-js, almost all
 * of it allocation-heavy Scala.js code: with V8's default young generation (16 MB semi-spaces)
 * it spends a large share of that in scavenges. A worker's isolate can be given a bigger young
 * generation (`resourceLimits`), which the CLI's main isolate cannot get without a node flag.
 * The worker also lets the main thread go on (loading the emitters) while AMF works.
 *
 * One worker per process, started at the first conversion and kept (watch mode converts again),
 * holding the event loop only while a conversion is pending. convertRun is called with the same
 * arguments there; its result (plain data) and its SpecErrors come back unchanged. Where no
 * compiled worker file exists (the TypeScript sources run under vitest) or the worker cannot
 * start, the conversion runs in this thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SHARE_ENV, Worker } from 'node:worker_threads';
import { SpecError, type Diagnostic, type SourceLocation } from '../diagnostics.js';
import { compileCacheDir } from '../fast-start/index.js';
import type { ConvertedRun, ConvertOptions } from './run.js';

/** MB of young generation for the worker's isolate: measured best on the perf fixtures (docs/raml.md, Performance). */
export const AMF_YOUNG_GENERATION_MB = 192;

export interface ConvertRequest {
  rootFile: string;
  version: '0.8' | '1.0';
  report: ConvertOptions;
  overrides?: ReadonlyMap<string, string>;
}

export type ConvertReply =
  | { id: number; ok: ConvertedRun }
  | { id: number; error: { spec: boolean; name: string; code?: string; message: string; location?: SourceLocation | undefined; details?: Diagnostic[] } };

/** The worker died or never started: the conversion is retried in this thread (run.ts). */
export class WorkerLost extends Error {}

interface Pending {
  resolve(run: ConvertedRun): void;
  reject(error: Error): void;
}

let worker: Worker | undefined;
let broken = false;
let nextId = 0;
const pending = new Map<number, Pending>();

function workerFile(): string | undefined {
  const url = new URL('./amf-worker-main.js', import.meta.url);
  if (!url.pathname.endsWith('.js') || !import.meta.url.endsWith('.js')) return undefined;
  const file = fileURLToPath(url);
  return existsSync(file) ? file : undefined;
}

function failAll(error: Error): void {
  for (const p of pending.values()) p.reject(error);
  pending.clear();
}

function start(): Worker | undefined {
  if (worker || broken) return worker;
  const file = workerFile();
  if (file === undefined || process.env.CONTRACTGEN_RAML_WORKER === '0') {
    broken = true;
    return undefined;
  }
  try {
    // The worker inherits this process's node options; `--input-type` (a `node -e` host) is refused in a worker.
    const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type'));
    // SHARE_ENV: a spec URL's includes are fetched in the worker with CONTRACTGEN_SPEC_AUTHORIZATION as it is now.
    worker = new Worker(file, { execArgv, env: SHARE_ENV, workerData: { compileCacheDir: compileCacheDir() }, resourceLimits: { maxYoungGenerationSizeMb: AMF_YOUNG_GENERATION_MB }, stdout: false, stderr: false });
  } catch {
    broken = true;
    return undefined;
  }
  worker.unref();
  worker.on('message', (reply: ConvertReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (pending.size === 0) worker?.unref();
    if ('ok' in reply) p.resolve(reply.ok);
    else {
      const e = reply.error;
      const error = e.spec ? new SpecError(e.code ?? 'RAML_INVALID', e.message, e.location, e.details ?? []) : Object.assign(new Error(e.message), { name: e.name });
      p.reject(error);
    }
  });
  const lost = (why: string) => {
    worker = undefined;
    broken = true;
    failAll(new WorkerLost(`The RAML conversion worker stopped: ${why}`));
  };
  worker.on('error', (error) => lost(error.message));
  worker.on('exit', (code) => {
    if (pending.size > 0) lost(`exit code ${code}`);
    worker = undefined;
  });
  return worker;
}

/** convertRun in the AMF worker; undefined when there is none (then the caller converts in this thread). */
export function convertInWorker(request: ConvertRequest): Promise<ConvertedRun> | undefined {
  const w = start();
  if (!w) return undefined;
  const id = nextId++;
  return new Promise<ConvertedRun>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref();
    w.postMessage({ id, request });
  });
}

/** True while this process has a live AMF worker (for tests and the bench). */
export function workerInUse(): boolean {
  return worker !== undefined;
}
