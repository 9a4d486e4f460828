/**
 * Streamed multipart bodies (issue 18.4): the generated stream-3.2 server's uploadParts (x-stream on
 * a body offering multipart/form-data and application/octet-stream) hands its handler the parts in
 * wire order — fields as text, files as streams — and streams the binary body too. A large file
 * part from the generated client goes through with bounded server memory (a child process whose
 * peak RSS and heap are measured: a bound, not a timing); unread parts are drained; the multipart
 * limits and bodyLimit apply (413 / 400, connection closed).
 */
import { createHash } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../golden/stream-3.2/client.js';
import { documented } from '../helpers/assert.js';
import { tmpDir } from '../helpers/generated.js';
import { startUploadServer, writeTestFile, type UploadChild } from './upload-child.js';
import { serveStreamApi, stopStreamApi, type StreamServer } from './serve.js';
import { createStreamHandlers } from './stream-handlers.js';

const MB = 1024 * 1024;

/** A multipart/form-data body written by hand (wire order exactly as given). */
function multipart(parts: Array<{ name: string; value: string | Uint8Array; filename?: string; type?: string }>, boundary = 'cg-boundary-7'): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`));
    chunks.push(Buffer.from(p.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** POSTs raw bytes to /parts over node:http (a keep-alive connection of its own): status, connection header, JSON body. */
function post(url: string, body: Buffer | undefined, headers: Record<string, string>, chunked?: { chunk: Buffer; total: number }): Promise<{ status: number; connection: string | undefined; json: unknown }> {
  return new Promise((resolve, reject) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const req = request(`${url}/parts`, { method: 'POST', agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = text;
        }
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, json });
        agent.destroy();
      });
    });
    // the server closes after a 413 while we may still write: the answer, when it comes, wins
    req.on('error', (error) => setTimeout(() => reject(error), 2_000));
    if (body !== undefined) return void req.end(body);
    if (!chunked) return void req.flushHeaders();
    let sent = 0;
    const write = (): void => {
      while (sent < chunked.total && !req.destroyed) {
        sent += chunked.chunk.length;
        if (!req.write(chunked.chunk)) return void req.once('drain', write);
      }
    };
    write();
  });
}

describe('streamed multipart parts (in process)', () => {
  let server: StreamServer | undefined;
  const handlers = createStreamHandlers();
  beforeAll(async () => {
    server = await serveStreamApi(handlers, { bodyLimit: 4 * MB, multipart: { fileSize: 2 * MB, files: 3, fieldSize: 1024 } });
  });
  afterAll(() => stopStreamApi(server));
  const url = (): string => server!.url;
  const form = { 'content-type': 'multipart/form-data; boundary=cg-boundary-7' };

  it('the handler reads fields and files in wire order, files as streams with filename and type', async () => {
    handlers.control.skipFiles = false;
    delete handlers.control.stopAfter;
    const a = new Uint8Array(300_000).map((_, i) => i % 251);
    const body = multipart([
      { name: 'title', value: 'first' },
      { name: 'file', value: a, filename: 'a.bin', type: 'application/x-thing' },
      { name: 'note', value: 'between files' },
      { name: 'file', value: 'hello', filename: 'b.txt' },
      { name: 'title', value: 'last' },
    ]);
    const res = await post(url(), body, { ...form, 'content-length': String(body.length) });
    expect(res.status).toBe(200);
    expect(res.json).toEqual([
      { type: 'field', name: 'title', value: 'first', bytes: 5 },
      { type: 'file', name: 'file', filename: 'a.bin', contentType: 'application/x-thing', bytes: a.length, sha256: sha256(a), chunks: expect.any(Number) },
      { type: 'field', name: 'note', value: 'between files', bytes: 13 },
      { type: 'file', name: 'file', filename: 'b.txt', contentType: 'text/plain', bytes: 5, sha256: sha256('hello'), chunks: 1 },
      { type: 'field', name: 'title', value: 'last', bytes: 4 },
    ]);
    // the 300 kB file arrived in pieces, not as one buffer
    expect((res.json as Array<{ chunks?: number }>)[1]!.chunks).toBeGreaterThan(1);
  });

  it('the generated client sends the schema object; the binary body of the same operation streams too', async () => {
    const client = new Client({ baseUrl: url() });
    const res = documented(await client.uploadParts({ body: { title: 'via client', file: new File(['payload'], 'p.txt', { type: 'text/plain' }) } }), 200);
    expect(res.body).toEqual([
      { type: 'field', name: 'title', value: 'via client', bytes: 10 },
      { type: 'file', name: 'file', filename: 'p.txt', contentType: 'text/plain', bytes: 7, sha256: sha256('payload'), chunks: 1 },
    ]);
    // multipart + octet-stream on one operation: the octet-stream body is a stream (it used to be buffered in the multipart scope)
    const size = 3 * MB;
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= size) return controller.close();
        controller.enqueue(new Uint8Array(64 * 1024).fill(sent % 251));
        sent += 64 * 1024;
      },
    });
    const bin = documented(await client.uploadParts({ contentType: 'application/octet-stream', body: stream }), 200);
    expect(bin.body).toEqual([{ type: 'binary', name: '', bytes: size, sha256: expect.any(String), chunks: expect.any(Number) }]);
    expect(bin.body[0]!.chunks).toBeGreaterThan(1);
  });

  it('file parts the handler does not read, and parts after it answers, are drained: the connection stays usable', async () => {
    handlers.control.skipFiles = true;
    try {
      const big = new Uint8Array(1.5 * MB).fill(3);
      const body = multipart([
        { name: 'file', value: big, filename: 'skipped.bin' },
        { name: 'title', value: 'after the skipped file' },
        { name: 'file', value: big, filename: 'skipped-too.bin' },
      ]);
      const res = await post(url(), body, { ...form, 'content-length': String(body.length) });
      expect(res.status).toBe(200);
      expect(res.json).toEqual([
        { type: 'file', name: 'file', filename: 'skipped.bin', contentType: 'text/plain', bytes: 0 },
        { type: 'field', name: 'title', value: 'after the skipped file', bytes: 22 },
        { type: 'file', name: 'file', filename: 'skipped-too.bin', contentType: 'text/plain', bytes: 0 },
      ]);
      expect(res.connection).not.toBe('close');
      handlers.control.skipFiles = false;
      handlers.control.stopAfter = 1;
      const early = await post(url(), body, { ...form, 'content-length': String(body.length) });
      expect(early.status).toBe(200);
      expect(early.json).toEqual([{ type: 'file', name: 'file', filename: 'skipped.bin', contentType: 'text/plain', bytes: big.length, sha256: sha256(big), chunks: expect.any(Number) }]);
      expect(early.connection).not.toBe('close');
      // both requests again on one keep-alive connection: the drained bodies left nothing behind
      const client = new Client({ baseUrl: url() });
      for (let i = 0; i < 2; i++) {
        const again = documented(await client.uploadParts({ body: { file: new Blob([big]), title: 't' } }), 200);
        expect(again.body).toHaveLength(1);
      }
    } finally {
      handlers.control.skipFiles = false;
      delete handlers.control.stopAfter;
    }
  });

  it('limits: a file over fileSize, a field over fieldSize, too many files are 413 from the iteration; the connection is closed', async () => {
    const cases: Array<[string, Buffer, RegExp]> = [
      ['fileSize', multipart([{ name: 'title', value: 'x' }, { name: 'file', value: new Uint8Array(2 * MB + 1), filename: 'big.bin' }]), /over the 2097152-byte fileSize limit/],
      ['fieldSize', multipart([{ name: 'title', value: 'y'.repeat(1025) }]), /field title is over the 1024-byte fieldSize limit/],
      ['files', multipart(Array.from({ length: 4 }, (_, i) => ({ name: 'file', value: 'f', filename: `${i}.txt` }))), /exceeds the limit/],
    ];
    for (const [limit, body, detail] of cases) {
      delete handlers.control.partsError;
      const res = await post(url(), body, { ...form, 'content-length': String(body.length) });
      expect(res.status, limit).toBe(413);
      expect(res.connection, limit).toBe('close');
      expect((res.json as { detail?: string }).detail, limit).toMatch(detail);
      // the handler's iteration (or the file it read) failed with the limit, it did not see a short body
      expect(handlers.control.partsError, limit).toMatchObject({ name: 'MultipartBodyError', statusCode: 413 });
    }
  });

  it('bodyLimit: a declared length over it is 413 before the handler; a chunked body growing past it is cut with 413', async () => {
    delete handlers.control.partsError;
    const declared = await post(url(), undefined, { ...form, 'content-length': String(4 * MB + 1) });
    expect(declared.status).toBe(413);
    expect(handlers.control.partsError, 'the handler never ran').toBeUndefined();
    // one endless file part (each under fileSize would not matter: the whole body counts)
    const head = Buffer.from('--cg-boundary-7\r\nContent-Disposition: form-data; name="file"; filename="x"\r\n\r\n');
    const res = await post(url(), undefined, { ...form, 'transfer-encoding': 'chunked' }, { chunk: Buffer.concat([head, Buffer.alloc(64 * 1024 - head.length, 1)]), total: 6 * MB });
    expect(res.status).toBe(413);
    expect(res.connection).toBe('close');
    // the handler answers after the first part; what follows is drained within bodyLimit: past it, 413 instead of its answer
    handlers.control.stopAfter = 1;
    try {
      const title = Buffer.from('--cg-boundary-7\r\nContent-Disposition: form-data; name="title"\r\n\r\nfirst\r\n');
      const rest = await post(url(), undefined, { ...form, 'transfer-encoding': 'chunked' }, { chunk: Buffer.concat([title, head, Buffer.alloc(64 * 1024 - head.length - title.length, 1)]), total: 6 * MB });
      expect(rest.status).toBe(413);
      expect(rest.connection).toBe('close');
    } finally {
      delete handlers.control.stopAfter;
    }
  });

  it('bodyLimit counts the whole chunked body: parts each within fileSize and files, over bodyLimit together, are 413', async () => {
    delete handlers.control.partsError;
    // 3 files of 1.5 MB: each under fileSize (2 MB), within files (3), 4.5 MB in all over bodyLimit (4 MB)
    const body = multipart(Array.from({ length: 3 }, (_, i) => ({ name: 'file', value: new Uint8Array(1.5 * MB).fill(i + 1), filename: `${i}.bin` })));
    const res = await post(url(), body, { ...form, 'transfer-encoding': 'chunked' });
    expect(res.status).toBe(413);
    expect(res.connection).toBe('close');
    expect((res.json as { detail?: string }).detail).toMatch(/multipart body is over the 4194304-byte limit/);
    expect(handlers.control.partsError).toMatchObject({ name: 'MultipartBodyError', statusCode: 413 });
  });

  it('a malformed body is 400 from the iteration, not a crash', async () => {
    delete handlers.control.partsError;
    const body = Buffer.from('--cg-boundary-7\r\nContent-Disposition: form-data; name="title"\r\n\r\nno closing boundary');
    const res = await post(url(), body, { ...form, 'content-length': String(body.length) });
    expect(res.status).toBe(400);
    expect(handlers.control.partsError).toMatchObject({ name: 'MultipartBodyError', statusCode: 400 });
  });
});

describe('a large file part through the generated client (server in a child process)', () => {
  const TOTAL = 160 * MB;
  let server: UploadChild | undefined;
  let url: string;
  let baseline: number;

  beforeAll(async () => {
    server = await startUploadServer(256 * MB);
    ({ url, baseline } = server);
  }, 60_000);
  afterAll(() => server?.stop());

  it('a 160 MB file part streams through the handler: server peak RSS and heap stay far below the file', async () => {
    // the file is on disk and sent as a file-backed Blob through the fetch transport, so neither side holds it
    const file = path.join(await tmpDir('multipart-stream-file'), 'big.bin');
    const sha256 = await writeTestFile(file, TOTAL);
    const client = new Client({ baseUrl: url, transport: 'fetch', maxResponseSize: MB });
    const blob = await openAsBlob(file, { type: 'application/octet-stream' });
    const res = documented(await client.uploadParts({ body: { title: 'big', file: blob } }, { timeout: 120_000 }), 200);
    expect(res.body).toEqual([
      { type: 'field', name: 'title', value: 'big', bytes: 3 },
      { type: 'file', name: 'file', filename: 'file', contentType: 'application/octet-stream', bytes: TOTAL, sha256, chunks: expect.any(Number) },
    ]);
    expect(res.body[1]!.chunks).toBeGreaterThan(100);
    const { maxRss, peakHeap } = await server!.report<{ maxRss: number; peakHeap: number }>();
    console.log(`multipart: 160 MB file part streamed; server RSS idle ${(baseline / MB).toFixed(0)} MB, peak ${(maxRss / MB).toFixed(0)} MB; peak heap+ArrayBuffers ${(peakHeap / MB).toFixed(0)} MB`);
    // buffered, the server would hold the 160 MB part (as a File); streamed, it stays near its idle size
    expect(maxRss - baseline).toBeLessThan(80 * MB);
    expect(peakHeap).toBeLessThan(80 * MB);
  }, 180_000);
});
