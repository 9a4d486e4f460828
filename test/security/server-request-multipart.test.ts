/**
 * Multipart bodies and bodyLimit (issue 13.4): a server set to 1 MiB accepted 95 MiB of multipart
 * upload, and a field over busboy's fieldSize was silently cut. Every part and field now counts
 * against the route's bodyLimit, 413 past it; per-file, per-field and part-count limits apply.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, echoResponse, op, serve, type Served } from './server-request-helpers.js';
import type { Handler } from '../../runtime/src/server/index.js';

const KiB = 1024;
const spec = api({
  upload: op({
    operationId: 'upload',
    method: 'POST',
    path: '/upload',
    requestBody: {
      required: true,
      content: [
        {
          mediaType: 'multipart/form-data',
          kind: 'multipart',
          schema: {
            type: 'object',
            properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } }, note: { type: 'string' }, meta: { type: 'object' } },
          },
          encoding: { meta: { contentType: 'application/json' } },
        },
      ],
    },
    responses: echoResponse,
  }),
});

// The handler reports what it got: names, sizes and digests of the files, the note's length.
const handlers: Record<string, Handler> = {
  upload: async (req: { body: { files?: File[]; note?: string; meta?: unknown } }) => ({
    status: 200,
    body: {
      files: await Promise.all((req.body.files ?? []).map(async (f) => ({ name: f.name, type: f.type, size: f.size, sha: createHash('sha256').update(Buffer.from(await f.arrayBuffer())).digest('hex') }))),
      noteLength: req.body.note?.length,
      meta: req.body.meta,
    },
  }),
};

let s: Served;
beforeAll(async () => {
  s = await serve(spec, { bodyLimit: 1024 * KiB, multipart: { fileSize: 512 * KiB, files: 4, fieldSize: 4 * KiB } }, {}, handlers);
});
afterAll(() => s?.close());

const bytes = (n: number, seed: number): Uint8Array<ArrayBuffer> => new Uint8Array(n).fill(seed);
function form(files: Array<Uint8Array<ArrayBuffer>>, note?: string): FormData {
  const fd = new FormData();
  files.forEach((b, i) => fd.append('files', new Blob([b], { type: 'application/octet-stream' }), `f${i}.bin`));
  if (note !== undefined) fd.append('note', note);
  return fd;
}

/** The same multipart body sent chunked (no Content-Length), as a stream: counted as it arrives. */
async function chunked(fd: FormData): Promise<Response> {
  const request = new Request('http://x/', { method: 'POST', body: fd });
  const type = request.headers.get('content-type') as string;
  const raw = new Uint8Array(await request.arrayBuffer());
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < raw.length; i += 64 * KiB) controller.enqueue(raw.subarray(i, i + 64 * KiB));
      controller.close();
    },
  });
  return fetch(`${s.url}/upload`, { method: 'POST', headers: { 'content-type': type }, body: stream, duplex: 'half' } as RequestInit);
}

async function problemOf(res: Response): Promise<{ status: number; detail: string; type: string | null; connection: string | null }> {
  const body = (await res.json()) as { status: number; detail: string };
  return { status: body.status, detail: body.detail, type: res.headers.get('content-type'), connection: res.headers.get('connection') };
}

describe('13.4 multipart bodies count against bodyLimit: 413 past it, never buffered whole', () => {
  it('a declared Content-Length over bodyLimit (4 files of 500 KiB, each under fileSize) is refused before reading', async () => {
    const before = s.calls();
    const res = await fetch(`${s.url}/upload`, { method: 'POST', body: form([1, 2, 3, 4].map((i) => bytes(500 * KiB, i))) });
    expect(res.status).toBe(413);
    expect(await problemOf(res)).toMatchObject({ status: 413, type: expect.stringMatching(/^application\/problem\+json/), connection: 'close', detail: expect.stringMatching(/^the multipart body \(\d+ bytes\) is over the 1048576-byte limit$/) });
    expect(s.calls()).toBe(before);
  });

  it('a chunked body (no Content-Length) is counted as it arrives: 413 at the limit', async () => {
    const before = s.calls();
    const res = await chunked(form([1, 2, 3, 4].map((i) => bytes(500 * KiB, i))));
    expect(res.status).toBe(413);
    expect((await problemOf(res)).detail).toMatch(/multipart body is over the 1048576-byte limit/);
    expect(s.calls()).toBe(before);
  });

  it('a field over fieldSize is a 413, not silently truncated', async () => {
    const res = await fetch(`${s.url}/upload`, { method: 'POST', body: form([], 'x'.repeat(5 * KiB)) });
    expect(res.status).toBe(413);
    expect((await problemOf(res)).detail).toBe('field note is over the 4096-byte fieldSize limit');
  });

  it('a file over fileSize is a 413', async () => {
    const res = await fetch(`${s.url}/upload`, { method: 'POST', body: form([bytes(600 * KiB, 7)]) });
    expect(res.status).toBe(413);
    expect((await problemOf(res)).detail).toBe('file part files is over the 524288-byte fileSize limit');
  });

  it('more file parts than files allows is a 413', async () => {
    const res = await fetch(`${s.url}/upload`, { method: 'POST', body: form([1, 2, 3, 4, 5].map((i) => bytes(10, i))) });
    expect(res.status).toBe(413);
  });

  it('within the limits (chunked too) every file arrives whole, once, with its name and type', async () => {
    const files = [bytes(300 * KiB, 1), bytes(200 * KiB, 2), bytes(1, 3)];
    const fd = form(files, 'hello');
    fd.append('meta', new Blob(['{"a":1}'], { type: 'application/json' }), 'meta.json');
    for (const res of [await fetch(`${s.url}/upload`, { method: 'POST', body: fd }), await chunked(fd)]) {
      expect(res.status).toBe(200);
      const body = (await res.json()) as { files: Array<{ name: string; size: number; sha: string; type: string }>; noteLength: number; meta: unknown };
      expect(body.files).toEqual(files.map((b, i) => ({ name: `f${i}.bin`, type: 'application/octet-stream', size: b.length, sha: createHash('sha256').update(b).digest('hex') })));
      expect(body.noteLength).toBe(5);
      expect(body.meta).toEqual({ a: 1 });
    }
  });

  it('the server keeps serving after refusing an oversized upload', async () => {
    const res = await fetch(`${s.url}/upload`, { method: 'POST', body: form([bytes(10, 1)]) });
    expect(res.status).toBe(200);
  });
});

describe('13.4 an uploaded file is held once, not twice', () => {
  it('while the handler has a 48 MiB File, the server process holds about 48 MiB of buffers (was 96)', async () => {
    const child = spawn(process.execPath, ['--expose-gc', new URL('./server-request-memory.mjs', import.meta.url).pathname], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      const first = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('error', reject);
      });
      const { url } = JSON.parse(first) as { url: string };
      const size = 48 * 1024 * KiB;
      const fd = new FormData();
      fd.append('file', new Blob([new Uint8Array(size).fill(1)]), 'big.bin');
      const res = await fetch(`${url}/upload`, { method: 'POST', body: fd });
      expect(res.status).toBe(200);
      const { held, size: received } = (await res.json()) as { held: number; size: number };
      expect(received).toBe(size);
      expect(held).toBeGreaterThanOrEqual(size * 0.9);
      expect(held).toBeLessThan(size * 1.5);
    } finally {
      child.stdin.end();
      child.kill();
    }
  });
});
