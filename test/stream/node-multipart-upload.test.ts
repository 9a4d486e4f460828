/**
 * Multipart FormData bodies on the client's Node transports (undici.request and node:http) are streamed,
 * not buffered (issue 18.4, client side): a 128 MB file-backed part goes from the generated client, in a
 * child process whose peak heap + ArrayBuffers and RSS are measured (a bound, not a timing), to the generated
 * Fastify server (also a child) on 127.0.0.1; and a retried attempt sends the whole body again.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../golden/stream-3.2/client.js';
import { ROOT, tmpDir } from '../helpers/generated.js';
import { startUploadServer, writeTestFile, type UploadChild } from './upload-child.js';

const MB = 1024 * 1024;
const TOTAL = 128 * MB;
const run = promisify(execFile);

describe('multipart FormData on the Node transports: streamed, re-sent whole per attempt', () => {
  let server: UploadChild | undefined;
  let file = '';
  let digest = '';
  let clientScript = '';
  beforeAll(async () => {
    server = await startUploadServer(256 * MB);
    const dir = await tmpDir('node-multipart-upload');
    file = path.join(dir, 'big.bin');
    clientScript = path.join(dir, 'client.mjs');
    await build({ entryPoints: [path.join(ROOT, 'test/stream/upload-client-child.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: clientScript, packages: 'external', logLevel: 'silent' });
    digest = await writeTestFile(file, TOTAL);
  }, 120_000);
  afterAll(() => server?.stop());

  for (const transport of ['undici', 'node:http'] as const) {
    it(`${transport}: a 128 MB file part arrives whole while the client's heap + ArrayBuffers stay far below it`, async () => {
      const { stdout } = await run(process.execPath, ['--expose-gc', clientScript, server!.url, file, transport], { cwd: ROOT, maxBuffer: 1 * MB });
      const out = JSON.parse(stdout.trim()) as { status: number; body: Array<{ bytes: number; sha256?: string }>; baseline: number; maxRss: number; peakHeap: number };
      expect(out.status).toBe(200);
      expect(out.body[1]).toMatchObject({ bytes: TOTAL, sha256: digest });
      console.log(`${transport}: 128 MB multipart upload; client RSS idle ${(out.baseline / MB).toFixed(0)} MB, peak ${(out.maxRss / MB).toFixed(0)} MB; peak heap+ArrayBuffers ${(out.peakHeap / MB).toFixed(0)} MB`);
      // buffered, the client holds the encoded body (128 MB+) in an ArrayBuffer; streamed, it stays near idle
      expect(out.peakHeap).toBeLessThan(64 * MB);
      expect(out.maxRss - out.baseline).toBeLessThan(64 * MB);
    }, 180_000);
  }

  describe('retry', () => {
    let retryServer: Server | undefined;
    const attempts: Array<{ bytes: number; sha256: string; type: string | undefined }> = [];
    beforeAll(async () => {
      retryServer = createServer((req, res) => {
        const hash = createHash('sha256');
        let bytes = 0;
        req.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          hash.update(chunk);
        });
        req.on('end', () => {
          attempts.push({ bytes, sha256: hash.digest('hex'), type: req.headers['content-type'] });
          res.writeHead(attempts.length % 2 === 1 ? 503 : 200, { 'content-type': 'application/json' });
          res.end('[]');
        });
      });
      await new Promise<void>((resolve) => retryServer!.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => (retryServer ? retryServer.close(() => resolve()) : resolve())));

    for (const transport of ['undici', 'node:http'] as const) {
      it(`${transport}: attempt 2 after a 503 sends the whole multipart body again, boundary and all`, async () => {
        attempts.length = 0;
        const { port } = retryServer!.address() as AddressInfo;
        const client = new Client({ baseUrl: `http://127.0.0.1:${port}`, transport, retry: { count: 1, interval: 1, methods: ['POST'], statusCodes: [503] } });
        const part = new Uint8Array(3 * MB).map((_, i) => i % 253);
        const res = await client.uploadParts({ body: { title: 'again', file: new File([part], 'p.bin', { type: 'application/octet-stream' }) } });
        expect(res.status).toBe(200);
        expect(attempts).toHaveLength(2);
        expect(attempts[0]!.bytes).toBeGreaterThan(3 * MB);
        expect(attempts[0]!.type).toMatch(/^multipart\/form-data; boundary=/);
        // the same parts encoded again (a fresh boundary per encoding), so the same length
        expect(attempts[1]!.bytes).toBe(attempts[0]!.bytes);
        expect(attempts[1]!.type).toMatch(/^multipart\/form-data; boundary=/);
      });
    }
  });
});
