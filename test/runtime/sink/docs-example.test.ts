/**
 * The example of docs/client.md "Batching sink" compiles under the strict settings users are told to
 * use, against the generated Ingest client (test/golden/sink): the docs cannot drift from the types.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT, tmpDir, typecheck } from '../../helpers/generated.js';

it('the docs example type-checks (tsc --strict)', async () => {
  const docs = await readFile(path.join(ROOT, 'docs/client.md'), 'utf8');
  const section = docs.slice(docs.indexOf('## Batching sink'));
  const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  expect(example).toContain('createSink(ingestEvents, api');
  const api = path.join(ROOT, 'test/golden/sink');
  const source = `import type { Event } from ${JSON.stringify(`${api}/types.js`)};
declare const deadLetters: Event[];
declare const events: AsyncIterable<Event>;
${example!.replaceAll("'./api/", `'${api}/`)}`;
  const dir = await tmpDir('sink-docs');
  const file = path.join(dir, 'example.ts');
  await writeFile(file, source);
  expect(await typecheck([file])).toBe('');
});
