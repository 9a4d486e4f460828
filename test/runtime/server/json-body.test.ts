/**
 * JSON request bodies are read as text without a copy (runtime/src/server/utf8-body.ts, issue 15):
 * what reaches the handler is exactly what was sent, invalid UTF-8 is still refused (RFC 8259 §8.1)
 * while a valid U+FFFD passes, a character split across chunks is whole, Fastify's limits and errors
 * stay, and bodies of other kinds that arrive under a JSON media type are still their bytes.
 * Real HTTP on 127.0.0.1.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerRequest } from '../../../runtime/src/server/index.js';
import { api, body, echoResponse, op, serve, type Served } from '../../security/server-request-helpers.js';

const LIMIT = 64 * 1024;
const spec = api({
  addPet: op({ operationId: 'addPet', method: 'POST', path: '/pets', requestBody: body('application/json', 'json', { type: 'object', properties: { name: { type: 'string' } } }), responses: echoResponse }),
  // a media range of binary kind: a body sent as application/json (a JSON type's parser reads it) is still its bytes
  upload: op({ operationId: 'upload', method: 'POST', path: '/upload', requestBody: body('application/*', 'binary'), responses: echoResponse }),
});

let served: Served;
let seen: unknown;
let defaultBody: unknown;
beforeAll(async () => {
  served = await serve(
    spec,
    {
      bodyLimit: LIMIT,
      default: async (req) => {
        defaultBody = req.body;
        return { status: 204 };
      },
    },
    { logger: false, bodyLimit: LIMIT },
    {
      addPet: async (req: HandlerRequest) => {
        seen = req.body;
        return { status: 200, body: {} };
      },
      upload: async (req: HandlerRequest) => {
        seen = req.body;
        return { status: 200, body: {} };
      },
    },
  );
});
afterAll(async () => {
  await served.close();
});

/** POSTs `chunks` (chunked when more than one) and resolves with the status and the body. */
function post(path: string, chunks: Buffer[], type = 'application/json', method = 'POST'): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': type };
    if (chunks.length === 1) headers['content-length'] = String(chunks[0]?.length);
    const req = request(`${served.url}${path}`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

describe('JSON request bodies as text', () => {
  it('hands over exactly the text sent, a valid U+FFFD and non-ASCII included', async () => {
    const name = 'Rex \uFFFD ü 🐕 \u2028';
    seen = undefined;
    const res = await post('/pets', [Buffer.from(JSON.stringify({ name }), 'utf8')]);
    expect(res.status).toBe(200);
    expect(seen).toEqual({ name });
  });

  it('a multi-byte character split across two chunks arrives whole', async () => {
    const bytes = Buffer.from('{"name":"🐕ü"}', 'utf8');
    const cut = bytes.indexOf(0xf0) + 2; // inside the 4-byte dog
    seen = undefined;
    const res = await post('/pets', [bytes.subarray(0, cut), bytes.subarray(cut)]);
    expect(res.status).toBe(200);
    expect(seen).toEqual({ name: '🐕ü' });
  });

  it('refuses bytes that are not UTF-8 (400, "is not valid UTF-8"), in one chunk or several', async () => {
    const bad = Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    for (const chunks of [[bad], [bad.subarray(0, 9), bad.subarray(9)]]) {
      const res = await post('/pets', chunks);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text).errors).toEqual([{ in: 'body', pointer: '', message: 'is not valid UTF-8' }]);
    }
  });

  it('keeps Fastify limits: a declared length over bodyLimit and a chunked body growing past it are 413', async () => {
    const big = Buffer.alloc(LIMIT + 1, 0x20);
    expect((await post('/pets', [big])).status).toBe(413);
    const res = await post('/pets', [Buffer.from('{"name":"'), Buffer.alloc(LIMIT, 0x61), Buffer.from('"}')]);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text).detail).toBe('request body is too large');
  });

  it('malformed and empty JSON keep their answers', async () => {
    const res = await post('/pets', [Buffer.from('{"name":')]);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).errors[0].message).toMatch(/not valid JSON/);
  });

  it('a binary media range receiving application/json gets its bytes, exactly (valid UTF-8 and not)', async () => {
    for (const bytes of [Buffer.from('{"a":"ü"}', 'utf8'), Buffer.from([0x7b, 0xff, 0x7d])]) {
      seen = undefined;
      const res = await post('/upload', [bytes]);
      expect(res.status).toBe(200);
      expect(Buffer.isBuffer(seen)).toBe(true);
      expect((seen as Buffer).equals(bytes)).toBe(true);
    }
  });

  it('the default handler (an undeclared method) gets the bytes of a JSON body', async () => {
    const bytes = Buffer.from('{"a":"ü"}', 'utf8');
    defaultBody = undefined;
    const res = await post('/pets', [bytes], 'application/json', 'PUT');
    expect(res.status).toBe(204);
    expect(Buffer.isBuffer(defaultBody) && defaultBody.equals(bytes)).toBe(true);
  });
});
