/**
 * Streamed request bodies (issue 18.4): a 200 MB upload through the generated client reaches the
 * generated server's handler as a stream (`x-stream: true`), with bounded memory: the server runs
 * in a child process whose peak RSS is measured (a bound, not a timing). bodyLimit still applies.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../golden/stream-3.2/client.js';
import { documented } from '../helpers/assert.js';
import { startUploadServer, type UploadChild } from './upload-child.js';

const MB = 1024 * 1024;
const TOTAL = 200 * MB;
const LIMIT = 256 * MB;

let server: UploadChild | undefined;
let url: string;
let baseline: number;

beforeAll(async () => {
  server = await startUploadServer(LIMIT);
  ({ url, baseline } = server);
}, 60_000);
afterAll(() => server?.stop());

/** `total` bytes of a deterministic pattern in 64 kB chunks, made as they are read; their SHA-256 when done. */
function source(total: number): { stream: ReadableStream<Uint8Array>; sha256: () => string } {
  const hash = createHash('sha256');
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const chunk = new Uint8Array(Math.min(64 * 1024, total - sent));
      for (let i = 0; i < chunk.length; i += 4096) chunk[i] = (sent + i) % 251;
      sent += chunk.length;
      hash.update(chunk);
      controller.enqueue(chunk);
    },
  });
  return { stream, sha256: () => hash.digest('hex') };
}

describe('x-stream request bodies', () => {
  it('a 200 MB upload streams through the handler with bounded server memory', async () => {
    const client = new Client({ baseUrl: url, maxResponseSize: MB });
    const body = source(TOTAL);
    const res = documented(await client.uploadFile({ path: { name: 'big.bin' }, body: body.stream }, { timeout: 120_000 }), 200);
    expect(res.body.bytes).toBe(TOTAL);
    expect(res.body.sha256).toBe(body.sha256());
    // the handler saw the body in many chunks, not as one buffer
    expect(res.body.chunks).toBeGreaterThan(100);
    const { maxRss } = await server!.report();
    // Buffered, the server would hold at least the 200 MB body; streamed its peak stays near its idle size.
    console.log(`upload: 200 MB streamed; server RSS idle ${(baseline / MB).toFixed(0)} MB, peak ${(maxRss / MB).toFixed(0)} MB`);
    expect(maxRss - baseline).toBeLessThan(100 * MB);
  }, 180_000);

  it('other media types of the operation are still buffered and validated', async () => {
    const client = new Client({ baseUrl: url });
    const res = documented(await client.uploadFile({ path: { name: 'x' }, contentType: 'application/json', body: { text: 'hello' } }), 200);
    expect(res.body).toEqual({ bytes: 5, sha256: createHash('sha256').update('hello').digest('hex'), chunks: 1 });
    const bad = await fetch(`${url}/uploads/x`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(bad.status).toBe(400);
  });

  it('bodyLimit still applies: a declared length over it is 413 before the handler, a chunked one is cut with 413', async () => {
    // node:http hands back the answer while the body is still being written
    const put = (headers: Record<string, string>, total: number): Promise<number> =>
      new Promise((resolve, reject) => {
        const req = request(`${url}/uploads/x`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', ...headers } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        });
        // strict: the client must see the 413. The server closes lingering after it (reading and
        // throwing away the rest of the upload for a bounded time), so no RST cuts our writes or
        // overtakes its answer (runtime/src/server/lingering-close.ts)
        req.on('error', reject);
        const chunk = Buffer.alloc(64 * 1024, 7);
        let sent = 0;
        // total 0: headers only (a declared length the server refuses before reading any of the body)
        if (total === 0) return void req.flushHeaders();
        const write = (): void => {
          while (sent < total && !req.destroyed) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', write);
          }
          // then wait without ending: the server answers once it has seen too much (no RST race with our writes)
        };
        write();
      });
    expect(await put({ 'content-length': String(LIMIT + 1) }, 0)).toBe(413);
    expect(await put({}, LIMIT + 4 * MB)).toBe(413);
  }, 120_000);
});
