import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { typecheck } from '../helpers/generated.js';
import { CliProcess, todoProject } from './cli-helpers.js';

const running: CliProcess[] = [];
afterEach(() => {
  for (const p of running.splice(0)) p.stop();
});

async function edit(file: string, change: (text: string) => string, atomic = false): Promise<void> {
  const text = change(await readFile(file, 'utf8'));
  if (!atomic) return writeFile(file, text);
  // how many editors save: write a temporary file, rename it over the original
  await writeFile(`${file}.swp`, text);
  await rename(`${file}.swp`, file);
}

/** A file's text, '' while it does not exist yet (any other error fails the test). */
const read = (file: string) =>
  readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });

it('codegen watch: edit -> regenerate, $ref target edit -> regenerate, broken -> last good output kept, fixed -> regenerate, SIGINT -> exit 0', async () => {
  const dir = await todoProject('watch');
  const spec = path.join(dir, 'spec/openapi.yaml');
  const schemas = path.join(dir, 'spec/schemas.yaml');
  const gen = path.join(dir, 'gen');
  await writeFile(path.join(dir, 'hook.cjs'), "require('node:fs').appendFileSync(require('node:path').join(__dirname, 'hook.log'), 'ok\\n');\n");
  const cli = new CliProcess(['watch', 'spec/openapi.yaml', '-o', 'gen', '--debounce', '50', '--on-success', 'node hook.cjs'], dir);
  running.push(cli);

  await cli.waitFor('the first generation', () => /watching 2 files \(Ctrl-C to stop\)/.test(cli.stdout), 60_000);
  expect(cli.stdout).toMatch(/^generated Todo 1\.2\.0: 5 operations; 4 written, 0 unchanged -> gen in \d+ ms$/m);
  const hookRuns = async () => (await read(path.join(dir, 'hook.log'))).split('\n').filter(Boolean).length;
  await cli.waitFor('the --on-success hook', async () => (await hookRuns()) === 1);

  // 1. an edit of the spec: a new operation
  await edit(spec, (t) =>
    t.replace(
      '  /health:',
      `    delete:
      operationId: deleteTodo
      tags: [todos]
      parameters:
        - name: id
          in: path
          required: true
          schema: { type: integer }
      responses:
        '204':
          description: Deleted
  /health:`,
    ),
  );
  await cli.waitFor('regeneration after the spec edit', () => cli.count(/^regenerated /m) === 1);
  expect(cli.stdout).toMatch(/^regenerated Todo 1\.2\.0: \+ deleteTodo; 3 written, 1 unchanged -> gen in \d+ ms$/m);
  expect(await read(path.join(gen, 'client.ts'))).toContain('deleteTodo(');
  await cli.waitFor('the hook after the first regeneration', async () => (await hookRuns()) === 2);

  // 2. an edit of the $ref'd schemas file (saved by rename)
  await edit(schemas, (t) => t.replace('    done: { type: boolean }', '    done: { type: boolean }\n    priority: { type: integer }'), true);
  await cli.waitFor('regeneration after the $ref target edit', () => cli.count(/^regenerated /m) === 2);
  expect(await read(path.join(gen, 'types.ts'))).toMatch(/priority\?: number/);
  expect(cli.stdout).toMatch(/^regenerated Todo 1\.2\.0: no operation changed; 1 schema changed \(Todo\); \d+ written/m);
  await cli.waitFor('the hook after the second regeneration', async () => (await hookRuns()) === 3);

  // 3. a broken spec: the error with file:line:col, the last good output untouched
  const good = await read(path.join(gen, 'types.ts'));
  await edit(spec, (t) => t.replace('  /health:\n    get:', '  /health:\n    get: [unclosed'));
  await cli.waitFor('the syntax error', () => /error: .*openapi\.yaml:\d+:\d+: syntax error.*\[SPEC_SYNTAX\]/.test(cli.stderr));
  expect(cli.stderr).toContain('kept the last good output in gen');
  expect(await read(path.join(gen, 'types.ts'))).toBe(good);

  // 4. fixed: regenerates again
  await edit(spec, (t) => t.replace('    get: [unclosed', '    get:'));
  await cli.waitFor('regeneration after the fix', () => cli.count(/^regenerated /m) === 3);
  expect(cli.stdout).toMatch(/regenerated Todo 1\.2\.0: no operation changed; 0 written, 4 unchanged/);
  await cli.waitFor('one hook run per successful generation, none for the broken spec', async () => (await hookRuns()) === 4);
  expect(await typecheck([gen])).toBe('');

  // 5. Ctrl-C: exits 0
  cli.child.kill('SIGINT');
  const exit = await Promise.race([cli.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000))]);
  expect(exit).toEqual({ code: 0, signal: null });
}, 300_000);
