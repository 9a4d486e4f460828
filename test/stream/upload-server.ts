/**
 * Child process of upload.test.ts: the generated stream-3.2 server on 127.0.0.1 (port 0), reporting
 * its port, then on request its peak RSS (process.resourceUsage().maxRSS), the RSS before uploads and
 * the peak of heap + ArrayBuffer memory (sampled every 20 ms). Also the child of multipart-stream.test.ts.
 */
import { createListener } from '../../runtime/src/server/index.js';
import { register } from '../golden/stream-3.2/server.js';
import { createStreamHandlers } from './stream-handlers.js';

const bodyLimit = Number(process.env['BODY_LIMIT']);
// multipart file parts up to bodyLimit (the default fileSize is 10 MiB)
const server = await createListener({ port: 0, logger: false, bodyLimit }, (app) =>
  register(app, createStreamHandlers(), { bodyLimit, multipart: { fileSize: bodyLimit }, security: { apiKey: { keys: ['k1'] } } }),
);
globalThis.gc?.();
const baseline = process.memoryUsage().rss;
let peakHeap = 0;
setInterval(() => {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  peakHeap = Math.max(peakHeap, heapUsed + arrayBuffers);
}, 20).unref();
process.send?.({ url: server.url, baseline });
process.on('message', (message: string) => {
  if (message === 'report') process.send?.({ maxRss: process.resourceUsage().maxRSS * 1024, baseline, peakHeap });
  if (message === 'close') {
    server.server.closeAllConnections();
    void server.close().then(() => process.exit(0));
  }
});
