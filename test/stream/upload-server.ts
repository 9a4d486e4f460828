/**
 * Child process of upload.test.ts: the generated stream-3.2 server on 127.0.0.1 (port 0), reporting
 * its port, then on request its peak RSS (process.resourceUsage().maxRSS) and the RSS before uploads.
 */
import { createListener } from '../../runtime/src/server/index.js';
import { register } from '../golden/stream-3.2/server.js';
import { createStreamHandlers } from './stream-handlers.js';

const bodyLimit = Number(process.env['BODY_LIMIT']);
const server = await createListener({ port: 0, logger: false, bodyLimit }, (app) => register(app, createStreamHandlers(), { bodyLimit, security: { apiKey: { keys: ['k1'] } } }));
globalThis.gc?.();
const baseline = process.memoryUsage().rss;
process.send?.({ url: server.url, baseline });
process.on('message', (message: string) => {
  if (message === 'report') process.send?.({ maxRss: process.resourceUsage().maxRSS * 1024, baseline });
  if (message === 'close') {
    server.server.closeAllConnections();
    void server.close().then(() => process.exit(0));
  }
});
