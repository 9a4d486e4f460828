/**
 * Lingering close (issue 15, safe by default): a server that answers 413 and closes while a chunked
 * upload is still arriving must not let a TCP RST overtake its answer. The clients here keep writing
 * with their reading paused — the moment the RST race is lost on a loaded machine — and read the
 * answer only after they have written more than the body limit: without the lingering close their
 * writes fail (EPIPE / ECONNRESET) and the 413 is lost, every time. Bounded: the lingering ends
 * when the client closes, goes quiet or has sent too much. Real sockets on 127.0.0.1.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINGER_DEFAULTS } from '../../../runtime/src/server/lingering-close.js';
import { api, body, echoResponse, op, serve, type Served } from '../../security/server-request-helpers.js';

const LIMIT = 64 * 1024;
const MB = 1024 * 1024;
const spec = api({
  upload: op({ operationId: 'upload', method: 'POST', path: '/upload', requestBody: body('application/octet-stream', 'binary'), responses: echoResponse }),
  // x-stream: the handler reads the body as a stream; it fails past the limit and the runtime answers 413
  streamed: op({ operationId: 'streamed', method: 'PUT', path: '/streamed', requestBody: { ...body('application/octet-stream', 'binary'), stream: true }, responses: echoResponse }),
  addPet: op({ operationId: 'addPet', method: 'POST', path: '/pets', requestBody: body('application/json', 'json', { type: 'object' }), responses: echoResponse }),
});

let served: Served;
const sockets: Socket[] = [];
beforeAll(async () => {
  served = await serve(spec, { bodyLimit: LIMIT }, { logger: false, bodyLimit: LIMIT }, {
    upload: async () => ({ status: 200, body: {} }),
    addPet: async () => ({ status: 200, body: {} }),
    streamed: async (req) => {
      for await (const chunk of req.body as AsyncIterable<Buffer>) expect(chunk.length).toBeGreaterThan(0);
      return { status: 200, body: {} };
    },
  });
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await served.close();
});

interface Outcome {
  /** What the server answered (read after the writes). */
  answer: string;
  /** Bytes of body written before the client stopped (or its writes failed). */
  written: number;
  /** The client's write error, if any (EPIPE / ECONNRESET: the server closed under it). */
  error: string | undefined;
}

/**
 * A chunked upload of 64 kB chunks to `path`, reading paused, until `total` bytes are written (then
 * `after`: 'read' resumes reading and ends its side once the answer is in, 'idle' resumes reading
 * and neither writes nor closes) — or until a write fails.
 */
function upload(path: string, type: string, total: number, after: 'read' | 'idle', method = 'POST'): Promise<Outcome> {
  const { port } = new URL(served.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    sockets.push(socket);
    socket.pause();
    let answer = '';
    let written = 0;
    let error: string | undefined;
    const chunk = Buffer.alloc(64 * 1024, 7);
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      answer += d;
      // the whole answer is in (a problem body ends with `}`): this client is done
      if (after === 'read' && /\r\n\r\n[\s\S]*\}$/.test(answer)) socket.end();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
    socket.on('close', () => resolve({ answer, written, error }));
    const pump = (): void => {
      while (written < total && !socket.destroyed) {
        written += chunk.length;
        if (!socket.write(frame)) return void socket.once('drain', pump);
      }
      if (!socket.destroyed) socket.resume();
    };
    socket.on('connect', () => {
      socket.write(`${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: ${type}\r\ntransfer-encoding: chunked\r\n\r\n`);
      pump();
    });
  });
}

describe('lingering close after a 413 to an upload still arriving', () => {
  // 16 MB: more than loopback's socket buffers hold (about 4 MB here), so without the lingering close
  // the client's writes meet the RST before it reads
  it('a client that writes 16 MB past the limit before it reads gets the 413 (no RST), for a buffered binary and a JSON body', async () => {
    for (const [path, type] of [['/upload', 'application/octet-stream'], ['/pets', 'application/json']] as const) {
      const out = await upload(path, type, LIMIT + 16 * MB, 'read');
      expect(out.error, `${path}: the client's writes failed`).toBeUndefined();
      expect(out.written).toBeGreaterThanOrEqual(LIMIT + 16 * MB);
      expect(out.answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(out.answer.toLowerCase()).toContain('connection: close');
      expect(out.answer).toContain('request body is too large');
    }
  }, 60_000);

  it('the same for a streamed (x-stream) body the handler was reading when it grew past the limit', async () => {
    const out = await upload('/streamed', 'application/octet-stream', LIMIT + 16 * MB, 'read', 'PUT');
    expect(out.error).toBeUndefined();
    expect(out.answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(out.answer).toContain('request body is too large');
  }, 60_000);

  it('a client that goes quiet after its writes, without closing, is closed by the server (idle bound), the 413 intact', async () => {
    const out = await upload('/upload', 'application/octet-stream', LIMIT + 16 * MB, 'idle');
    expect(out.error).toBeUndefined();
    expect(out.answer).toMatch(/^HTTP\/1\.1 413 /);
  }, 60_000);

  it('a client that never stops sending is cut off after the byte bound', async () => {
    const out = await upload('/upload', 'application/octet-stream', 4096 * MB, 'read');
    // the server closed under it: its writes failed long before 4 GB
    expect(out.error).toMatch(/EPIPE|ECONNRESET/);
    // at most what it could write: the limit, the lingering bytes, and what the two sockets' buffers hold
    expect(out.written).toBeLessThan(LIMIT + LINGER_DEFAULTS.bytes + 32 * MB);
  }, 60_000);

  it('a complete request answered with a closing 400 (unparsable JSON) is answered, and the next request too', async () => {
    const res = await fetch(`${served.url}/pets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect(res.status).toBe(400);
    const again = await fetch(`${served.url}/pets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(again.status).toBe(200);
  });
});
