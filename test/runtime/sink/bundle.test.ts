/**
 * Tree-shaking (issue 17: an app that does not use the sink carries none of it): browser bundles
 * built by esbuild like the bench's bundle section. The client alone has no sink code; the sink
 * alone brings no client code (it only calls the operation it is given).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { expect, it } from 'vitest';
import { ROOT, tmpDir } from '../../helpers/generated.js';

async function bundle(source: string): Promise<string> {
  const dir = await tmpDir('sink-bundle');
  const entry = path.join(dir, 'app.ts');
  await writeFile(entry, source);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    absWorkingDir: ROOT,
    external: ['undici'],
  });
  return result.outputFiles[0]!.text;
}

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
