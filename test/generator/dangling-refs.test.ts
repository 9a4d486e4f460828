/** Issue 12.20: every dangling `$ref` is reported, in the order it appears in the file. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { SpecError } from '../../generator/diagnostics.js';
import { generate } from '../../generator/generate.js';
import { fixture, ROOT, tmpDir } from '../helpers/generated.js';

const SPEC = fixture('bad/six-dangling-refs.yaml');
// line and column of each `$ref`'s value
const EXPECTED = [
  [8, 15, '#/components/parameters/NoParam'],
  [16, 23, '#/components/schemas/NoPet'],
  [18, 17, '#/components/responses/NoResponse'],
  [22, 15, '#/components/requestBodies/NoBody'],
  [32, 17, '#/components/schemas/NoOwner'],
  [36, 19, '#/components/schemas/NoTag'],
] as const;

it('six dangling $refs: one error naming each, in file order, each at its line', async () => {
  const err = await generate({ input: SPEC, output: await tmpDir('dangling') }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SpecError);
  const e = err as SpecError;
  expect(e.code).toBe('SPEC_REF_NOT_FOUND');
  expect(e.message).toBe('$ref "#/components/parameters/NoParam" points to nothing (and 5 more dangling $refs)');
  expect(e.details.map((d) => [d.location?.line, d.location?.column, /"(.*)"/.exec(d.message)?.[1]])).toEqual(EXPECTED);
});

it('the CLI prints all six, in file order', async () => {
  const r = await promisify(execFile)(process.execPath, [path.join(ROOT, 'dist/generator/cli.js'), 'generate', SPEC, '-o', await tmpDir('dangling-cli')]).then(
    () => ({ code: 0, stderr: '' }),
    (x: { code: number; stderr: string }) => x,
  );
  expect(r.code).toBe(1);
  const printed = [...r.stderr.matchAll(/six-dangling-refs\.yaml:(\d+):(\d+): \$ref "([^"]+)" points to nothing/g)].map((m) => [Number(m[1]), Number(m[2]), m[3]]);
  expect(printed).toEqual(EXPECTED);
});
