/**
 * The upload server of the streamed-body tests (test/stream/upload-server.ts) in a child process, so its
 * peak RSS and heap are the server's alone (a bound, not a timing). The child is the TypeScript server
 * bundled by esbuild (packages stay external: the built runtime); it answers 'report' with its peaks and
 * exits on 'close'.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT, tmpDir } from '../helpers/generated.js';

export interface UploadChild {
  url: string;
  /** the child's RSS once listening, before any upload */
  baseline: number;
  /** the peaks since start: send 'report' and read them */
  report<T extends { maxRss: number }>(): Promise<T>;
  stop(): Promise<void>;
}

export async function startUploadServer(bodyLimit: number): Promise<UploadChild> {
  const dir = await tmpDir('upload-server');
  const outfile = path.join(dir, 'server.mjs');
  await build({ entryPoints: [path.join(ROOT, 'test/stream/upload-server.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, packages: 'external', logLevel: 'silent' });
  const child: ChildProcess = fork(outfile, [], { cwd: ROOT, env: { ...process.env, BODY_LIMIT: String(bodyLimit) }, execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <T,>(): Promise<T> => new Promise((resolve) => child.once('message', (m) => resolve(m as T)));
  const { url, baseline } = await next<{ url: string; baseline: number }>();
  return {
    url,
    baseline,
    report<T>() {
      child.send('report');
      return next<T>();
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('close');
      await exited;
    },
  };
}

/**
 * Writes a test file of `total` bytes (a multiple of 1 MiB; each MiB filled with its index mod 251) with
 * backpressure, without holding it in memory; resolves to its SHA-256 (hex) for the receiver to compare.
 */
export async function writeTestFile(file: string, total: number): Promise<string> {
  const MiB = 1024 * 1024;
  const hash = createHash('sha256');
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(file);
    out.on('error', reject);
    const chunk = new Uint8Array(MiB);
    let written = 0;
    const write = (): void => {
      while (written < total) {
        chunk.fill((written / MiB) % 251);
        hash.update(chunk);
        written += MiB;
        if (!out.write(chunk.slice())) return void out.once('drain', write);
      }
      out.end(resolve);
    };
    write();
  });
  return hash.digest('hex');
}
