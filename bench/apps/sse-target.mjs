// The SSE server the stream bench reads from: plain node:http, `GET /ticks?count=N` answers N events
// `event: tick`, `id: <i>`, `data: {"seq":i,"price":…}` (the stream-3.2 fixture's shape), written in
// 64 kB chunks prepared up front, so that the rows differ only by their client's parsing cost.
import http from 'node:http';
import { announce } from './pet-data.mjs';

const cache = new Map();
function body(count) {
  let text = cache.get(count);
  if (text === undefined) {
    const parts = [];
    for (let i = 0; i < count; i++) parts.push(`event: ${i % 10 === 0 ? 'note' : 'tick'}\nid: ${i}\ndata: {"seq":${i},"price":${100 + i / 100}}\n\n`);
    text = Buffer.from(parts.join(''));
    cache.set(count, text);
  }
  return text;
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (req.method !== 'GET' || url.pathname !== '/ticks') return res.writeHead(404).end();
  const bytes = body(Number(url.searchParams.get('count') ?? '1000'));
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  let at = 0;
  const write = () => {
    while (at < bytes.length) {
      const chunk = bytes.subarray(at, at + 64 * 1024);
      at += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', write);
    }
    res.end();
  };
  write();
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  announce(`http://127.0.0.1:${server.address().port}`, () => new Promise((r) => server.close(r)));
});
