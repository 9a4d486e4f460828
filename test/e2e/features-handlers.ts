/** Handlers for the generated features-3.1 server (parameter styles, several media types, OPTIONS/HEAD/TRACE). */
import type { Handlers } from '../golden/features-3.1/server.js';
import type { Item } from '../golden/features-3.1/types.js';

export function createFeatureHandlers(): Handlers & { seen: unknown[] } {
  const seen: unknown[] = [];
  const items = new Map<string, Item>([['a-1', { id: 'a-1', kind: 'item', name: 'first', tags: ['x'], price: 2.5 }]]);
  return {
    seen,
    async getItem(req) {
      seen.push({ path: req.path, query: req.query, cookies: req.cookies });
      const item = items.get(req.path.id);
      return item ? { status: 200, body: item } : { status: 404 };
    },
    async putItem(req) {
      seen.push({ contentType: req.contentType ?? 'application/json', body: req.body });
      if (req.contentType === 'text/plain') return { status: 200, contentType: 'text/plain', body: `stored: ${req.body}` };
      if (req.contentType === 'application/x-www-form-urlencoded') return { status: 202 };
      items.set(req.path.id, req.body);
      return { status: 200, body: req.body };
    },
    async itemsOptions() {
      return { status: 204, headers: { Allow: 'GET, PUT, OPTIONS, HEAD, TRACE' } };
    },
    async itemsHead() {
      return { status: 200 };
    },
    async itemsTrace() {
      return { status: 200, body: new TextEncoder().encode('TRACE /items HTTP/1.1') };
    },
  };
}
