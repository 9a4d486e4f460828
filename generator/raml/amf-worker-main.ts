/** The AMF worker thread (amf-worker.ts): convertRun for each request, its result or error posted back. */
import { parentPort, workerData } from 'node:worker_threads';
import { SpecError } from '../diagnostics.js';
import { enableCompileCache } from '../fast-start/index.js';
import type { ConvertReply, ConvertRequest } from './amf-worker.js';
import { convertRun } from './run.js';

const data = workerData as { compileCacheDir?: string } | undefined;
if (data?.compileCacheDir) enableCompileCache(data.compileCacheDir);

parentPort?.on('message', (message: { id: number; request: ConvertRequest }) => {
  const { id, request } = message;
  convertRun(request.rootFile, request.version, request.report, request.overrides, undefined, 'here').then(
    (ok) => parentPort?.postMessage({ id, ok } satisfies ConvertReply),
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      const spec = e instanceof SpecError;
      parentPort?.postMessage({
        id,
        error: { spec, name: e.name, message: e.message, ...(spec ? { code: e.code, location: e.location, details: e.details } : {}) },
      } satisfies ConvertReply);
    },
  );
});
