// The one local server every client talks to: plain node:http, fixed answers, so that
// differences between rows are the clients' own cost.
import http from 'node:http';
import { announce, pet } from './pet-data.mjs';

const petBody = JSON.stringify({ id: 1, name: pet.name, tag: pet.tag, status: pet.status });
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url.startsWith('/v1/pets/')) {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(petBody) });
    res.end(petBody);
    return;
  }
  if (req.method === 'POST' && req.url === '/v1/pets') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.stringify({ id: 2, ...JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    return;
  }
  res.writeHead(404).end();
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  announce(`http://127.0.0.1:${server.address().port}`, () => new Promise((r) => server.close(r)));
});
