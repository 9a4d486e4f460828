import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListener, HttpError, registerOperations, type Handler, type HandlerRequest, type Listener } from '../../../runtime/src/server/index.js';
import { features } from './fixtures/features.js';

let server: Listener;
const logs: string[] = [];
const seen: string[] = [];

const echo: Handler = async (req: HandlerRequest) => ({ status: 200, body: req });
const handlers: Record<string, Handler> = {
  styles: echo,
  matrixObject: echo,
  fileName: echo,
  form: echo,
  upload: async (req: { body: { file: File; meta?: unknown; count: number; tags?: string[] } }) => ({
    status: 200,
    body: { ...req.body, file: { filename: req.body.file.name, mimetype: req.body.file.type, size: req.body.file.size, text: await req.body.file.text() } },
  }),
  text: async (req: { body: string }) => ({ status: 200, body: req.body.toUpperCase() }),
  binary: async (req: { body?: Buffer; contentType?: string }) => ({ status: 200, body: Buffer.from([...(req.body ?? Buffer.alloc(0))].reverse()), headers: { 'x-type': req.contentType } }),
  optionsThings: async () => ({ status: 204, headers: { Allow: 'OPTIONS, TRACE' } }),
  traceThings: async () => ({ status: 200, body: 'TRACE /things HTTP/1.1' }),
  contract: async (req: { path: { mode: string } }) => {
    switch (req.path.mode) {
      case 'ok': return { status: 200, body: { n: 1 } };
      case 'bad-body': return { status: 200, body: { n: 'one' } };
      case 'undeclared': return { status: 418, body: {} };
      case 'conflict': throw new HttpError(409, { reason: 'taken' });
      case 'boom': throw new Error('secret internals at /srv/app.js:12');
      case 'early': return { status: 200, body: { n: 2 } };
      default: return { status: 200, body: { n: 3 } };
    }
  },
};

beforeAll(async () => {
  server = await createListener(
    { bodyLimit: 2048, logger: { level: 'warn', stream: { write: (l: string) => void logs.push(l) } } },
    (app) =>
      registerOperations(app, features, handlers, {
        validateResponses: true,
        multipart: { fileSize: 1024 },
        interceptors: {
          before: [
            (_req, ctx) => void seen.push(`before1:${ctx.operationId}`),
            (req, ctx) => {
              seen.push(`before2:${ctx.operationId}`);
              const mode = (req.path as { mode?: string } | undefined)?.mode;
              return mode === 'intercepted' ? { status: 200, body: { n: 42 } } : undefined;
            },
          ],
          after: [
            (_req, res, ctx) => {
              seen.push(`after:${ctx.operationId}:${res.status}`);
              return ctx.operationId === 'contract' && (res.body as { n?: number } | undefined)?.n === 3 ? { ...res, body: { n: 33 } } : undefined;
            },
          ],
        },
      }),
  );
});
afterAll(async () => {
  await server?.close();
});

const url = (path: string) => `${server.url}${path}`;

describe('parameter styles', () => {
  it('decodes and coerces every location and style', async () => {
    const q = new URLSearchParams();
    q.append('form', '1,2,3');
    q.append('exploded', 'true');
    q.append('exploded', 'false');
    q.append('space', 'a b c');
    q.append('pipe', '4|5');
    q.append('deep[role]', 'admin');
    q.append('deep[age]', '30');
    q.append('flat', 'role,user,age,7');
    q.append('filter', JSON.stringify({ q: 'x y' }));
    const res = await fetch(url(`/styles/1,2/.a.b/;matrix=3,4/role=dev,age=5?${q}`), {
      headers: { 'X-Ids': '7, 8', 'X-Obj': 'role=ops,age=9', cookie: 'session=abc; ids=1,2' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      path: { simple: [1, 2], label: ['a', 'b'], matrix: [3, 4], obj: { role: 'dev', age: 5 } },
      query: { form: [1, 2, 3], exploded: [true, false], space: ['a', 'b', 'c'], pipe: [4, 5], deep: { role: 'admin', age: 30 }, flat: { role: 'user', age: 7 }, filter: { q: 'x y' } },
      headers: { 'X-Ids': [7, 8], 'X-Obj': { role: 'ops', age: 9 }, 'X-Flag': false },
      cookies: { session: 'abc', ids: [1, 2] },
    });
  });

  it('matrix explode objects, label objects and form-exploded free-form objects', async () => {
    const res = await fetch(url('/m/;x=1.5;y=-2/.role,qa,age,3?a=1&b=2'));
    expect(await res.json()).toEqual({ path: { point: { x: 1.5, y: -2 }, labelObj: { role: 'qa', age: 3 } }, query: { rest: { a: 1, b: 2 } } });
  });

  it('binds several parameters in one segment ({name}.{ext})', async () => {
    const res = await fetch(url('/files/report.v2.json'));
    expect(((await res.json()) as { path: unknown }).path).toEqual({ name: 'report.v2', ext: 'json' });
    expect((await fetch(url('/files/report.exe'))).status).toBe(400);
  });

  it('a missing required cookie and a wrong header type are 400s naming both', async () => {
    const res = await fetch(url('/styles/1/.a/;matrix=1/role=x'), { headers: { 'X-Ids': 'x' } });
    expect(res.status).toBe(400);
    const p = (await res.json()) as { errors: Array<{ in: string; pointer: string }> };
    expect(p.errors.map((e) => `${e.in}${e.pointer}`).sort()).toEqual(['cookie/session', 'header/X-Ids/0']);
  });
});

describe('bodies', () => {
  it('multipart: a file part becomes a File (name, type, contents), JSON and typed fields are decoded', async () => {
    const fd = new FormData();
    fd.append('file', new Blob(['hello file'], { type: 'text/plain' }), 'hello.txt');
    fd.append('meta', JSON.stringify({ label: 'greeting' }));
    fd.append('count', '2');
    fd.append('tags', 'a');
    fd.append('tags', 'b');
    const res = await fetch(url('/upload'), { method: 'POST', body: fd });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      file: { filename: 'hello.txt', mimetype: 'text/plain', size: 10, text: 'hello file' },
      meta: { label: 'greeting' },
      count: 2,
      tags: ['a', 'b'],
    });
  });

  it('multipart: missing file / invalid field -> 400; file over the limit -> 413', async () => {
    const fd = new FormData();
    fd.append('count', 'many');
    const bad = await fetch(url('/upload'), { method: 'POST', body: fd });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Array<{ pointer: string }> }).errors.map((e) => e.pointer).sort()).toEqual(['/count', '/file']);
    const big = new FormData();
    big.append('file', new Blob([Buffer.alloc(4096, 1)]), 'big.bin');
    big.append('count', '1');
    const res = await fetch(url('/upload'), { method: 'POST', body: big });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('form-urlencoded bodies are coerced per schema (arrays, deepObject), JSON accepted too', async () => {
    const res = await fetch(url('/form'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=Ann+Lee&age=41&flags=true&flags=false&dims[role]=x&dims[age]=2',
    });
    expect(await res.json()).toEqual({ body: { name: 'Ann Lee', age: 41, flags: [true, false], dims: { role: 'x', age: 2 } }, contentType: 'application/x-www-form-urlencoded' });
    const viaJson = await fetch(url('/form'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"J"}' });
    expect(await viaJson.json()).toEqual({ body: { name: 'J' }, contentType: 'application/json' });
    const missing = await fetch(url('/form'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'age=x' });
    expect(missing.status).toBe(400);
  });

  it('text/plain in and out; schema applies to text', async () => {
    const res = await fetch(url('/text'), { method: 'PUT', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'héllo' });
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('HÉLLO');
    const long = await fetch(url('/text'), { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(50) });
    expect(long.status).toBe(400);
  });

  it('binary bodies arrive as Buffers (wildcard media types match), optional body may be absent', async () => {
    const res = await fetch(url('/binary'), { method: 'POST', headers: { 'content-type': 'image/png' }, body: new Uint8Array([1, 2, 3]) });
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('x-type')).toBe('image/*');
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([3, 2, 1]);
    const empty = await fetch(url('/binary'), { method: 'POST' });
    expect(empty.status).toBe(200);
  });

  it('415 for an undeclared content type, 413 over bodyLimit', async () => {
    const res = await fetch(url('/text'), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '"x"' });
    expect(res.status).toBe(415);
    const big = await fetch(url('/form'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x'.repeat(5000) }) });
    expect(big.status).toBe(413);
  });
});

describe('methods', () => {
  it('serves OPTIONS and TRACE operations', async () => {
    const o = await fetch(url('/things'), { method: 'OPTIONS' });
    expect(o.status).toBe(204);
    expect(o.headers.get('allow')).toBe('OPTIONS, TRACE');
    // fetch refuses TRACE, so use node:http.
    const t = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const r = httpRequest(url('/things'), { method: 'TRACE' }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      r.on('error', reject).end();
    });
    expect(t.status).toBe(200);
    expect(t.text).toBe('TRACE /things HTTP/1.1');
    expect((await fetch(url('/things'))).status).toBe(405);
  });
});

describe('responses, errors and interceptors', () => {
  it('a response breaking the contract becomes a 500 and a log line naming the pointer', async () => {
    const bad = await fetch(url('/contract/bad-body'));
    expect(bad.status).toBe(500);
    expect(await bad.text()).not.toContain('one');
    expect(logs.some((l) => l.includes('contract') && l.includes('/n'))).toBe(true);
    const undeclared = await fetch(url('/contract/undeclared'));
    expect(undeclared.status).toBe(500);
  });

  it('HttpError answers a declared error; other errors are 500s without internals', async () => {
    const conflict = await fetch(url('/contract/conflict'));
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toEqual({ reason: 'taken' });
    const boom = await fetch(url('/contract/boom'));
    expect(boom.status).toBe(500);
    const text = await boom.text();
    expect(text).not.toMatch(/secret|srv|at /);
    expect(JSON.parse(text)).toMatchObject({ status: 500, title: 'Internal Server Error' });
  });

  it("the runtime's own 400 is not shaped by the spec's default response schema", async () => {
    const res = await fetch(url('/contract/x?'), { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    const bad = await fetch(url('/text'), { method: 'PUT', headers: { 'content-type': 'text/plain' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ status: 400, errors: [{ in: 'body', pointer: '', message: 'is required' }] });
  });

  it('interceptors run in order, may answer early and may replace the response', async () => {
    seen.length = 0;
    const early = await fetch(url('/contract/intercepted'));
    expect(await early.json()).toEqual({ n: 42 });
    expect(seen).toEqual(['before1:contract', 'before2:contract', 'after:contract:200']);
    const replaced = await fetch(url('/contract/other'));
    expect(await replaced.json()).toEqual({ n: 33 });
  });
});
