/**
 * Validation cost an attacker controls: error-list amplification (issue 13.3), over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, body, echoResponse, op, serve, type Served } from './server-request-helpers.js';

const item = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string' }, tag: { type: 'string' } } };
const spec = api({
  bulk: op({ operationId: 'bulk', method: 'POST', path: '/bulk', requestBody: body('application/json', 'json', { type: 'array', items: item }), responses: echoResponse }),
  query: op({
    operationId: 'query',
    method: 'GET',
    path: '/query',
    parameters: [{ name: 'ids', in: 'query', required: false, style: 'form', explode: false, allowReserved: false, shape: 'array', schema: { type: 'array', items: { type: 'integer' } } }],
    responses: echoResponse,
  }),
});

let s: Served;
beforeAll(async () => {
  s = await serve(spec, { bodyLimit: 1024 * 1024 });
});
afterAll(() => s?.close());

async function postBulk(payload: string): Promise<{ status: number; text: string; problem: { detail: string; errors: unknown[] } }> {
  const res = await fetch(`${s.url}/bulk`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
  const text = await res.text();
  return { status: res.status, text, problem: JSON.parse(text) as { detail: string; errors: unknown[] } };
}

// Each item breaks three keywords (id type, name required, tag type).
const badItems = (n: number) => `[${Array.from({ length: n }, () => '{"id":"x","tag":1}').join(',')}]`;

describe('13.3 error-list amplification: validation errors are capped', () => {
  it('a 0.68 MB hostile body gets a small 400 (not one error object per bad field)', async () => {
    const payload = badItems(35_000);
    expect(payload.length).toBeGreaterThan(650_000);
    const r = await postBulk(payload);
    expect(r.status).toBe(400);
    expect(r.problem.errors.length).toBeGreaterThanOrEqual(1);
    expect(r.problem.errors.length).toBeLessThanOrEqual(20);
    expect(r.text.length).toBeLessThan(8 * 1024);
    expect(r.problem.detail).toMatch(/validation stopped at the first error/);
  });

  it('a small body lists the first 20 errors and counts the rest', async () => {
    const r = await postBulk(badItems(30));
    expect(r.status).toBe(400);
    expect(r.problem.errors).toHaveLength(20);
    expect(r.problem.detail).toBe('request body does not match the contract (20 of 90 errors listed)');
  });

  it('a few errors are all listed', async () => {
    const r = await postBulk(badItems(1));
    expect(r.problem.errors).toHaveLength(3);
    expect(r.problem.detail).toBe('request body does not match the contract');
  });

  it('parameters are capped too: 2,000 bad array items in the query', async () => {
    const res = await fetch(`${s.url}/query?ids=${Array.from({ length: 2000 }, () => 'x').join(',')}`);
    expect(res.status).toBe(400);
    const p = (await res.json()) as { detail: string; errors: unknown[] };
    expect(p.errors).toHaveLength(20);
    expect(p.detail).toBe('request parameters do not match the contract (20 of 2000 errors listed)');
  });
});
