/**
 * The `streamBodies` generator option (issue 18.4): binary request bodies reach handlers as streams
 * without `x-stream` in the spec — `'binary'` for every operation, or named operationIds. A spec
 * without x-stream generated with the option: the octet-stream body is an AsyncIterable<Uint8Array>
 * in the handler (strict tsc) and arrives in chunks over HTTP from the generated client; Petstore
 * shows which operations `'binary'` picks; bad option values are located errors.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { validateConfig } from '../../generator/config/validate.js';
import { fixture, generateInto, tmpDir, typecheck, writeSpec } from '../helpers/generated.js';
import { codegen } from '../dev/cli-helpers.js';

const PETSTORE = fixture('openapi', 'petstore.yaml');

/** One PUT with an application/octet-stream body, no x-stream. */
const BLOBS = {
  openapi: '3.1.0',
  info: { title: 'Blobs', version: '1.0.0' },
  paths: {
    '/blobs/{id}': {
      put: {
        operationId: 'putBlob',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } } },
        responses: { '204': { description: 'stored' } },
      },
    },
  },
};

describe('streamBodies', () => {
  it('a named operation: its binary body is a stream in the handler, compiled strict and over HTTP', async () => {
    const { dir, result } = await generateInto(await writeSpec('stream-bodies-spec', BLOBS), 'stream-bodies-out', { streamBodies: ['putBlob'] });
    const handlers = path.join(dir, 'use.ts');
    await writeFile(
      handlers,
      `import type { Handlers } from './server.js';
export const putBlob: Handlers['putBlob'] = async (req) => {
  let bytes = 0;
  for await (const chunk of req.body) bytes += chunk.byteLength;
  // @ts-expect-error: a stream, not buffered bytes
  void req.body.byteLength;
  return { status: 204 };
};
`,
    );
    expect(await typecheck([dir])).toBe('');

    const { register } = (await import(path.join(dir, 'server.ts'))) as { register: (app: unknown, handlers: unknown, options?: unknown) => Promise<void> };
    const { Client } = (await import(path.join(dir, 'client.ts'))) as {
      Client: new (options: unknown) => { putBlob(req: unknown): Promise<{ status: number }> };
    };
    const { createListener } = await import('../../runtime/src/server/index.js');
    const seen: Array<{ chunks: number; bytes: number; buffered: boolean }> = [];
    const bodyLimit = 16 * 1024 * 1024;
    const server = await createListener({ port: 0, logger: false, bodyLimit }, (app) =>
      register(
        app,
        {
          // the other operations are not called here
          ...Object.fromEntries(result.model.operations.map((o) => [o.name, async () => ({ status: 500 })])),
          async putBlob(req: { body: unknown }) {
            let chunks = 0;
            let bytes = 0;
            const buffered = req.body instanceof Uint8Array;
            if (!buffered) {
              for await (const chunk of req.body as AsyncIterable<Uint8Array>) {
                chunks++;
                bytes += chunk.byteLength;
              }
            }
            seen.push({ chunks, bytes, buffered });
            return { status: 204 };
          },
        },
        { bodyLimit },
      ),
    );
    try {
      const client = new Client({ baseUrl: server.url });
      const size = 8 * 1024 * 1024;
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= size) return controller.close();
          const chunk = new Uint8Array(Math.min(256 * 1024, size - sent)).fill(7);
          sent += chunk.length;
          controller.enqueue(chunk);
        },
      });
      const res = await client.putBlob({ path: { id: 'b1' }, body });
      expect(res.status).toBe(204);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ buffered: false, bytes: size });
      expect(seen[0]!.chunks).toBeGreaterThan(1);
    } finally {
      server.server.closeAllConnections();
      await server.close();
    }
  });

  it("'binary' marks every binary request body, without it none is streamed", async () => {
    const all = await generate({ input: PETSTORE, output: await tmpDir('stream-bodies-all'), streamBodies: 'binary', check: true });
    expect(all.model.operations.find((o) => o.operationId === 'uploadPhoto')?.requestBody?.stream).toBe(true);
    expect(all.model.operations.filter((o) => o.requestBody?.stream).map((o) => o.operationId)).toEqual(['uploadPhoto']);
    const none = await generate({ input: PETSTORE, output: await tmpDir('stream-bodies-none'), check: true });
    expect(none.model.operations.some((o) => o.requestBody?.stream)).toBe(false);
  });

  it('an unknown operationId, or one without a binary body, is a USAGE error naming it', async () => {
    const out = await tmpDir('stream-bodies-bad');
    await expect(generate({ input: PETSTORE, output: out, streamBodies: ['nope'] })).rejects.toMatchObject({ code: 'USAGE', message: 'streamBodies: no operation has operationId "nope"' });
    await expect(generate({ input: PETSTORE, output: out, streamBodies: ['createPet'] })).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringMatching(/^streamBodies: operation "createPet" \(POST \/pets\) has no binary or multipart request body to stream$/),
    });
  });

  it('the config file: "binary" or operationIds; anything else is CONFIG_INVALID at the option', () => {
    expect(validateConfig({ input: 'a.yaml', output: 'out', streamBodies: 'binary' }, 'codegen.config.json')[0]?.streamBodies).toBe('binary');
    expect(validateConfig({ input: 'a.yaml', output: 'out', streamBodies: ['uploadPhoto'] }, 'codegen.config.json')[0]?.streamBodies).toEqual(['uploadPhoto']);
    expect(() => validateConfig({ input: 'a.yaml', output: 'out', streamBodies: 'all' }, 'codegen.config.json')).toThrow(/streamBodies: expected "binary" or a non-empty array of operationIds/);
  });

  it('the CLI flag --stream-bodies: binary or operationIds; a bad value is a usage error (exit 2), nothing written', async () => {
    const spec = await writeSpec('stream-bodies-cli-spec', BLOBS);
    const out = await tmpDir('stream-bodies-cli');
    const ok = await codegen(['generate', spec, '-o', out, '-t', 'server', '--stream-bodies', 'putBlob']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(await readFile(path.join(out, 'types.ts'), 'utf8')).toMatch(/body: AsyncIterable<Uint8Array>/);
    const all = await codegen(['generate', spec, '-o', out, '-t', 'server', '--stream-bodies', 'binary', '--check']);
    expect(all.code, all.stderr).toBe(0);
    const plain = await codegen(['generate', spec, '-o', out, '-t', 'server', '--check']);
    expect(plain.code, 'without the flag the body is buffered: the streamed output is stale').toBe(1);
    const before = await readFile(path.join(out, 'types.ts'), 'utf8');
    for (const [value, message] of [
      ['', '--stream-bodies expects "binary" or comma-separated operationIds, got ""'],
      ['putBlob,,x', '--stream-bodies expects "binary" or comma-separated operationIds, got "putBlob,,x"'],
      ['putBlob,putBlob', '--stream-bodies names "putBlob" twice'],
    ] as const) {
      const bad = await codegen(['generate', spec, '-o', out, '--stream-bodies', value]);
      expect(bad.code, value).toBe(2);
      expect(bad.stderr).toBe(`usage error: ${message}\nRun 'codegen generate --help' for usage.\n`);
    }
    const unknown = await codegen(['generate', spec, '-o', out, '--stream-bodies', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(`usage error: streamBodies: no operation has operationId "nope"\nRun 'codegen generate --help' for usage.\n`);
    expect(await readFile(path.join(out, 'types.ts'), 'utf8'), 'previous output untouched').toBe(before);
    const help = await codegen(['generate', '--help']);
    expect(help.stdout).toMatch(/--stream-bodies <b> {4}Request bodies handed to handlers as streams/);
  }, 120_000);
});
