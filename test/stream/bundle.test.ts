/**
 * The stream reader and eventsource-parser enter a browser bundle only when the app's client has a
 * streamed operation (issue 18): esbuild bundles like the bench's bundle section.
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { bundleApp } from '../helpers/bundle.js';
import { ROOT } from '../helpers/generated.js';

const bundle = (source: string): Promise<string> => bundleApp(source, 'stream-bundle');

// eventsource-parser's own error types, and the stream reader's codes
const STREAM_CODE = /CG_STREAM_|unknown-field|invalid-retry/;

it('a client without streamed operations bundles no stream reader and no SSE parser', async () => {
  const code = await bundle(`import { Client } from ${JSON.stringify(path.join(ROOT, 'test/golden/petstore/client.ts'))};
const res = await new Client({ baseUrl: 'https://api.example.com' }).listPets({});
console.log(res.status);
`);
  expect(code).toContain('listPets');
  expect(STREAM_CODE.exec(code)?.[0]).toBeUndefined();
});

it('a client with an SSE operation bundles both (and works from the browser build)', async () => {
  const code = await bundle(`import { Client } from ${JSON.stringify(path.join(ROOT, 'test/golden/stream-3.2/client.ts'))};
const res = await new Client({ baseUrl: 'https://api.example.com' }).streamTicks({});
if (res.status === 200) for await (const e of res.events) console.log(e.data.seq);
`);
  expect(code).toMatch(/CG_STREAM_PARSE/);
  expect(code).toMatch(/unknown-field|invalid-retry/);
  // item validation (ajv) comes only with its own import (@contractgen/runtime/client/stream-validate)
  expect(code).not.toContain('must have required property');
});
