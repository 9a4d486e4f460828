/**
 * A spec GET whose connection is closed before any answer (a keep-alive connection the server
 * dropped while the loader was busy) is retried once; a second reset, or a body that broke off
 * after it started, is a located SPEC_FETCH error. Local servers on 127.0.0.1, ports at run time.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpecError } from '../../generator/diagnostics.js';
import { fetchText } from '../../generator/load/remote.js';
import { rejection } from '../helpers/assert.js';

const DOC = 'openapi: 3.0.3\ninfo: { title: T, version: 1.0.0 }\npaths: {}\n';

describe('spec fetch: a reset connection', () => {
  let server: Server;
  let base = '';
  const hits = new Map<string, number>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = req.url ?? '/';
      const n = (hits.get(url) ?? 0) + 1;
      hits.set(url, n);
      if (url === '/reset-once.yaml' && n === 1) return void req.socket.destroy();
      if (url === '/reset-always.yaml') return void req.socket.destroy();
      if (url === '/broken-body.yaml') {
        res.writeHead(200, { 'content-type': 'application/yaml', 'content-length': String(DOC.length * 4) });
        res.write(DOC);
        setTimeout(() => req.socket.destroy(), 20);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/yaml' }).end(DOC);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('retries once when the connection is closed before the answer', async () => {
    const got = await fetchText(`${base}/reset-once.yaml`);
    expect(got.status).toBe(200);
    expect(got.text).toBe(DOC);
    expect(hits.get('/reset-once.yaml')).toBe(2);
  });

  it('gives up after the second reset with a SPEC_FETCH error naming the URL', async () => {
    const err = await rejection(fetchText(`${base}/reset-always.yaml`), SpecError);
    expect(err.code).toBe('SPEC_FETCH');
    expect(err.message).toContain(`cannot fetch ${base}/reset-always.yaml`);
    expect(hits.get('/reset-always.yaml')).toBe(2);
  });

  it('does not retry a body that broke off after it started', async () => {
    const err = await rejection(fetchText(`${base}/broken-body.yaml`), SpecError);
    expect(err.code).toBe('SPEC_FETCH');
    expect(hits.get('/broken-body.yaml')).toBe(1);
  });
});
