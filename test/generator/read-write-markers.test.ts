/**
 * `Readable<>` / `Writable<>` (deep conditional mapped types) are what made types.ts slow to
 * check on GitHub's spec: they wrap exactly the types that hold a `readOnly`/`writeOnly`
 * marker, directly or through `$ref`s (cycles included), and nothing else — and the
 * request/response types still drop the properties the spec says they must.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { tmpDir, typecheck } from '../helpers/generated.js';

const SPEC = {
  openapi: '3.1.0',
  info: { title: 'Markers', version: '1' },
  paths: {
    '/things': {
      post: {
        operationId: 'createThing',
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Holder' } } } },
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Holder' } } } },
          '400': { description: 'bad', content: { 'application/json': { schema: { $ref: '#/components/schemas/Plain' } } } },
        },
      },
      put: {
        operationId: 'putInline',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { secret: { type: 'string', writeOnly: true }, name: { type: 'string' } } } } } },
        responses: { '204': { description: 'done' } },
      },
      patch: {
        operationId: 'patchPlain',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } } } } } },
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Loop' } } } } } },
      },
    },
  },
  components: {
    schemas: {
      Marked: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string', readOnly: true }, name: { type: 'string' } } },
      Holder: { type: 'object', required: ['inner'], properties: { inner: { $ref: '#/components/schemas/Marked' } } },
      Plain: { type: 'object', properties: { message: { type: 'string' } } },
      UsesPlain: { type: 'array', items: { $ref: '#/components/schemas/Plain' } },
      // a cycle whose far end holds the marker
      Loop: { type: 'object', properties: { next: { $ref: '#/components/schemas/LoopEnd' } } },
      LoopEnd: { type: 'object', properties: { back: { $ref: '#/components/schemas/Loop' }, token: { type: 'string', writeOnly: true } } },
    },
  },
};

describe('Readable/Writable only where markers are', () => {
  it('wraps the component aliases and bodies that reach a marker, and only those', async () => {
    const dir = await tmpDir('markers');
    const spec = path.join(dir, 'spec.json');
    await writeFile(spec, JSON.stringify(SPEC));
    const out = path.join(dir, 'out');
    await generate({ input: spec, output: out });
    const types = await readFile(path.join(out, 'types.ts'), 'utf8');
    const alias = (name: string) => new RegExp(`export type ${name} = ([\\s\\S]*?);\\n`).exec(types)?.[1]?.replace(/\s+/g, ' ');
    expect(alias('Marked')).toBe(`Readable<components['schemas']['Marked']>`);
    expect(alias('Holder')).toBe(`Readable<components['schemas']['Holder']>`);
    expect(alias('Loop')).toBe(`Readable<components['schemas']['Loop']>`);
    expect(alias('LoopEnd')).toBe(`Readable<components['schemas']['LoopEnd']>`);
    expect(alias('Plain')).toBe(`components['schemas']['Plain']`);
    expect(alias('UsesPlain')).toBe(`components['schemas']['UsesPlain']`);
    expect(alias('CreateThingResponse400')).toMatch(/body: components\['schemas'\]\['Plain'\]/);
    expect(alias('CreateThingResponse200')).toMatch(/body: Readable<components\['schemas'\]\['Holder'\]>/);
    expect(alias('CreateThingRequest')).toMatch(/body: Writable<components\['schemas'\]\['Holder'\]>/);
    expect(alias('PutInlineRequest')).toMatch(/body: Writable<\{/);
    expect(alias('PatchPlainRequest')).not.toMatch(/Writable/);
    expect(alias('PatchPlainResponse200')).toMatch(/Readable</);

    // and the marked properties still come and go where the spec says
    const probe = path.join(out, 'probe.ts');
    await writeFile(
      probe,
      [
        `import type * as T from './types.js';`,
        `const sent: T.CreateThingRequest = { body: { inner: { name: 'n' } } };`,
        '// @ts-expect-error readOnly: not sent',
        `const sentId: T.CreateThingRequest = { body: { inner: { id: 'x', name: 'n' } } };`,
        `const got: T.CreateThingResponse200 = { status: 200, body: { inner: { id: 'x', name: 'n' } } };`,
        `const put: T.PutInlineRequest = { body: { secret: 's', name: 'n' } };`,
        '// @ts-expect-error writeOnly: never received',
        `const back: T.PatchPlainResponse200 = { status: 200, body: [{ next: { token: 't' } }] };`,
        `const plain: T.Plain = { message: 'm' };`,
        `export { sent, sentId, got, put, back, plain };`,
      ].join('\n'),
    );
    expect(await typecheck([out])).toBe('');
  });
});
