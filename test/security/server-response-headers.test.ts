/**
 * Issue 13.14: a CR/LF (header injection) in a header value a handler returns is refused with the
 * runtime's own problem+json 500 (logged), not Fastify's raw ERR_INVALID_CHAR body; none of the
 * handler's headers go out with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, op, param, serve, type Served } from './server-request-helpers.js';

const spec = api({
  redirect: op({
    operationId: 'redirect',
    method: 'GET',
    path: '/go/{mode}',
    parameters: [param({ name: 'mode', in: 'path' })],
    responses: [{ status: '302', content: [], headers: [{ name: 'Location', required: true, schema: { type: 'string' } }, { name: 'X-Trace', required: false, schema: { type: 'string' } }] }],
  }),
});

const values: Record<string, Record<string, unknown>> = {
  ok: { Location: '/home', 'X-Trace': 'abc' },
  crlf: { Location: '/home\r\nSet-Cookie: admin=1', 'X-Trace': 'abc' },
  lf: { Location: '/home', 'X-Trace': 'abc\nX-Injected: 1' },
  nul: { Location: '/home\u0000', 'X-Trace': 'abc' },
  'bad-name': { Location: '/home', 'X-Bad\r\nName': 'x' },
};

describe.each([true, false])('header injection in a handler response (validateResponses: %s)', (validateResponses) => {
  let served: Served;
  const lines: string[] = [];
  beforeAll(async () => {
    served = await serve(spec, { validateResponses }, { logger: { level: 'error', stream: { write: (l: string) => void lines.push(l) } } }, {
      redirect: async (req: { path: { mode: string } }) => ({ status: 302, headers: values[req.path.mode] ?? {} }),
    });
  });
  afterAll(() => served.close());

  it('a clean header value goes out', async () => {
    const res = await fetch(`${served.url}/go/ok`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/home');
  });

  for (const mode of ['crlf', 'lf', 'nul', 'bad-name']) {
    it(`a ${mode} in a header is our problem+json 500, logged, with none of the handler's headers`, async () => {
      const before = lines.length;
      const res = await fetch(`${served.url}/go/${mode}`, { redirect: 'manual' });
      const body = await res.text();
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(JSON.parse(body)).toMatchObject({ type: 'urn:contractgen:problem:internal', status: 500 });
      expect(body).not.toContain('ERR_INVALID_CHAR');
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(res.headers.get('x-trace')).toBeNull();
      expect(lines.slice(before).some((l) => l.includes('"level":50') && l.includes('redirect'))).toBe(true);
    });
  }
});
