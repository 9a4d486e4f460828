/**
 * `streamBodies` on a RAML input (docs/raml.md, "Streams"): RAML has no x-stream, so the option asks for
 * streamed binary bodies; it acts on the model after the RAML conversion. fixtures/raml/streaming/blobs.raml
 * (one PUT with a `file` octet-stream body) generated with `'binary'`: the body is an AsyncIterable in the
 * handler type (strict tsc, a Uint8Array use is an error); without the option it is buffered bytes.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { fixture, tmpDir, typecheck } from '../helpers/generated.js';

const BLOBS = fixture('raml', 'streaming/blobs.raml');

describe('streamBodies on a RAML input', () => {
  it("'binary': the RAML octet-stream body is a stream in the handler, strict-compiling; without it, bytes", async () => {
    const dir = await tmpDir('raml-stream-bodies');
    const streamed = await generate({ input: BLOBS, output: dir, streamBodies: 'binary' });
    const op = streamed.model.operations.find((o) => o.requestBody !== undefined);
    expect(op?.requestBody?.stream).toBe(true);
    await writeFile(
      path.join(dir, 'use.ts'),
      `import type { Handlers } from './server.js';
export const h: Handlers['${op!.name}'] = async (req) => {
  // RAML bodies are optional (AMF converts them without required: true)
  if (req.body === undefined) return { status: 204 };
  let bytes = 0;
  for await (const chunk of req.body) bytes += chunk.byteLength;
  // @ts-expect-error: a stream, not buffered bytes
  void req.body.byteLength;
  return { status: 204 };
};
`,
    );
    expect(await typecheck([dir])).toBe('');
    const plain = await generate({ input: BLOBS, output: await tmpDir('raml-stream-bodies-none'), check: true });
    expect(plain.model.operations.find((o) => o.requestBody !== undefined)?.requestBody?.stream).toBeFalsy();
  }, 120_000);
});
