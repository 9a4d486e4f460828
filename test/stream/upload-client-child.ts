/**
 * Child process of node-multipart-upload.test.ts: the generated stream-3.2 client uploading one file-backed
 * multipart part (fs.openAsBlob) through a Node transport, so its peak heap + ArrayBuffers (sampled every
 * 20 ms) and RSS are the client's alone (a bound, not a timing). Argv: url, file, transport. Prints one JSON line.
 */
import { openAsBlob } from 'node:fs';
import { Client } from '../golden/stream-3.2/client.js';

const [url, file, transport] = process.argv.slice(2) as [string, string, 'undici' | 'node:http'];
globalThis.gc?.();
const baseline = process.memoryUsage().rss;
let peakHeap = 0;
const sample = (): void => {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  peakHeap = Math.max(peakHeap, heapUsed + arrayBuffers);
};
setInterval(sample, 20).unref();
const client = new Client({ baseUrl: url, transport });
const blob = await openAsBlob(file, { type: 'application/octet-stream' });
const res = await client.uploadParts({ body: { title: 'big', file: blob } }, { timeout: 120_000 });
sample();
process.stdout.write(`${JSON.stringify({ status: res.status, body: 'body' in res ? res.body : undefined, baseline, maxRss: process.resourceUsage().maxRSS * 1024, peakHeap })}\n`);
