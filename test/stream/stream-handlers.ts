/** Handlers for the generated stream-3.2 server (OpenAPI 3.2: QUERY, additionalOperations, querystring, streams). */
import type { Handlers } from '../golden/stream-3.2/server.js';
import type { Item } from '../golden/stream-3.2/types.js';

export function createStreamHandlers(): Handlers & { seen: unknown[] } {
  const seen: unknown[] = [];
  const items: Item[] = [
    { id: 'a', name: 'apple pie', tags: ['sweet', 'baked'] },
    { id: 'b', name: 'bread', tags: ['baked'] },
    { id: 'c', name: 'cheese + wine', tags: ['salty'] },
  ];
  return {
    seen,
    async streamTicks() {
      return { status: 200, body: '' };
    },
    async streamMessages() {
      return { status: 200, body: '' };
    },
    async streamLogs() {
      return { status: 200, body: new Uint8Array() };
    },
    async listItems(req) {
      seen.push({ querystring: req.querystring });
      const { q, tag, limit } = req.querystring ?? {};
      const found = items.filter((i) => (q === undefined || i.name.includes(q)) && (tag === undefined || tag.every((t) => i.tags?.includes(t))));
      return { status: 200, body: found.slice(0, limit ?? found.length) };
    },
    async searchItems(req) {
      seen.push({ body: req.body });
      const found = items.filter((i) => i.name.includes(req.body.text));
      return { status: 200, body: found.slice(0, req.body.limit ?? found.length) };
    },
    async getItem(req) {
      const item = items.find((i) => i.id === req.path.id);
      return item ? { status: 200, body: item } : { status: 404 };
    },
    async copyItem(req) {
      const item = items.find((i) => i.id === req.path.id);
      if (!item) return { status: 404 };
      const copy = { ...item, id: req.headers.Destination };
      items.push(copy);
      return { status: 201, body: copy };
    },
    async lookup(req) {
      seen.push({ querystring: req.querystring });
      const ids = req.querystring?.ids ?? [];
      return { status: 200, body: items.filter((i) => ids.includes(i.id)) };
    },
  };
}
