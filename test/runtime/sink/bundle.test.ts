/**
 * Tree-shaking (issue 17: an app that does not use the sink carries none of it): browser bundles
 * built by esbuild like the bench's bundle section. The client alone has no sink code; the sink
 * alone brings no client code (it only calls the operation it is given).
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { bundleApp } from '../../helpers/bundle.js';
import { ROOT } from '../../helpers/generated.js';

const bundle = (source: string): Promise<string> => bundleApp(source, 'sink-bundle');

const golden = JSON.stringify(path.join(ROOT, 'test/golden/sink/client.ts'));

it('an app calling an operation without the sink bundles no sink code', async () => {
  const code = await bundle(`import { Client } from ${golden};
const res = await new Client({ baseUrl: 'https://ingest.example.com' }).ingestEvents({ body: [{ id: 1, type: 'click' }] });
console.log(res.status);
`);
  expect(code).toContain('ingestEvents');
  expect(code).not.toMatch(/CG_SINK_|batchSize|maxBuffered/);
});

it('an app using the sink bundles it, and the sink pulls in no client code of its own', async () => {
  const code = await bundle(`import { createSink } from '@contractgen/runtime/sink';
const sink = createSink(async (_api: unknown, req: { body: number[] }) => ({ status: 202, n: req.body.length }), {}, { mode: 'batch', onResult: (r) => console.log(r) });
await sink.write(1);
await sink.close();
`);
  expect(code).toMatch(/CG_SINK_CLOSED/);
  expect(code).not.toMatch(/CG_NETWORK|CG_RESPONSE_PARSE|StatusCodeClient/);
});
