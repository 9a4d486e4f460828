/**
 * Issue 17.4, server side: `createListener({ etag: true })` — ETags from @fastify/etag and
 * conditional GETs answered 304 as RFC 9110 §13.1.2 / §13.2 say (lists, weak comparison, `*`,
 * GET/HEAD 2xx only). Real HTTP on 127.0.0.1.
 */
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createListener, registerOperations, type Listener } from '../../../runtime/src/server/index.js';
import { itemsApi, itemStore } from './items-api.js';

let { store, handlers } = itemStore();

let server: Listener | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  ({ store, handlers } = itemStore());
});

async function start(options: Parameters<typeof createListener>[0]): Promise<string> {
  server = await createListener({ logger: false, ...options }, (app) => registerOperations(app, itemsApi, handlers as never));
  return server.url;
}

describe('createListener({ etag })', () => {
  it('a GET carries an ETag; If-None-Match with it is 304 without a body, a changed item is 200 again', async () => {
    store.texts['a'] = 'first';
    const url = `${await start({ etag: true })}/items/a`;
    const first = await fetch(url);
    const etag = first.headers.get('etag')!;
    expect(first.status).toBe(200);
    expect(etag).toMatch(/^"[^"]+"$/); // strong by default
    expect(await first.json()).toEqual({ id: 'a', text: 'first' });

    const again = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');

    store.texts['a'] = 'second';
    const changed = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(store.handled).toBe(3); // the handler runs; 304 saves the transfer, not the work
  });

  it('If-None-Match is a list compared weakly, and * matches any current representation (RFC 9110 §13.1.2)', async () => {
    store.texts['a'] = 'x';
    const url = `${await start({ etag: true })}/items/a`;
    const etag = (await fetch(url)).headers.get('etag')!;
    expect((await fetch(url, { headers: { 'if-none-match': `"other", W/${etag}` } })).status).toBe(304);
    expect((await fetch(url, { headers: { 'if-none-match': '*' } })).status).toBe(304);
    expect((await fetch(url, { headers: { 'if-none-match': '"other", "more"' } })).status).toBe(200);
    expect((await fetch(url, { method: 'HEAD', headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('only GET/HEAD 2xx: a 404 and a PUT ignore a matching If-None-Match', async () => {
    const base = await start({ etag: true });
    const missing = await fetch(`${base}/items/none`);
    expect(missing.status).toBe(404);
    const tag = missing.headers.get('etag') ?? '"none"';
    expect((await fetch(`${base}/items/none`, { headers: { 'if-none-match': tag } })).status).toBe(404);
    expect((await fetch(`${base}/items/none`, { headers: { 'if-none-match': '*' } })).status).toBe(404);
    const body = JSON.stringify({ text: 'v' });
    const put = await fetch(`${base}/items/b`, { method: 'PUT', body, headers: { 'content-type': 'application/json' } });
    const putTag = put.headers.get('etag')!;
    const again = await fetch(`${base}/items/b`, { method: 'PUT', body, headers: { 'content-type': 'application/json', 'if-none-match': putTag } });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id: 'b', text: 'v' });
  });

  it('with compression the tag is weak (one tag for gzip and identity), and a gzip GET revalidates to 304', async () => {
    store.texts['a'] = 'y'.repeat(4000);
    const url = `${await start({ etag: true, compression: { threshold: 0 } })}/items/a`;
    const res = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    expect(res.status).toBe(200);
    const identity = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
    expect(identity.headers.get('etag')).toBe(etag);
    expect((await fetch(url, { headers: { 'accept-encoding': 'gzip', 'if-none-match': etag } })).status).toBe(304);
    // the gzip representation is the identity one compressed: one weak tag may stand for both
    expect(JSON.parse(gunzipSync(await gzipBytes(url)).toString())).toEqual({ id: 'a', text: 'y'.repeat(4000) });
  });

  it('off by default: no ETag, no 304', async () => {
    store.texts['a'] = 'x';
    const url = `${await start({})}/items/a`;
    const res = await fetch(url);
    expect(res.headers.get('etag')).toBeNull();
    expect((await fetch(url, { headers: { 'if-none-match': '*' } })).status).toBe(200);
  });
});

/** The raw (still compressed) body, through node:http which does not decode. */
async function gzipBytes(url: string): Promise<Buffer> {
  const { get } = await import('node:http');
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
    }).on('error', reject);
  });
}
