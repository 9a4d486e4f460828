import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { typecheck } from '../helpers/generated.js';
import { codegen, todoProject } from './cli-helpers.js';

interface ListenerLike {
  url: string;
  close(): Promise<unknown>;
}

it('scaffold: handler files per tag + handlers.ts + main.ts that type-check against the generated server and answer 501; never overwrites; a re-run adds only the missing operations', async () => {
  const dir = await todoProject('scaffold');
  const handlersDir = path.join(dir, 'src/handlers');
  const api = path.join(dir, 'src/api');
  const first = await codegen(['scaffold', 'spec/openapi.yaml', '--handlers', 'src/handlers', '-o', 'src/api'], { cwd: dir });
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  expect((await readdir(handlersDir)).sort()).toEqual(['admin.ts', 'default.ts', 'handlers.ts', 'main.ts', 'todos.ts']);
  for (const line of ['listTodos  GET /todos  (src/handlers/todos.ts)', 'health  GET /health  (src/handlers/default.ts)', 'resetAll  POST /admin/reset  (src/handlers/admin.ts)']) {
    expect(first.stdout).toContain(line);
  }
  const todos = await readFile(path.join(handlersDir, 'todos.ts'), 'utf8');
  expect(todos).toContain("import type { Handlers } from '../api/server.js';");
  expect(todos).toContain("export const todosHandlers: Pick<Handlers, 'listTodos' | 'createTodo' | 'getTodo'> = {");
  expect(await typecheck([api, handlersDir])).toBe('');

  // run them: every scaffolded operation answers a 501 problem
  const { handlers } = (await import(path.join(handlersDir, 'handlers.ts'))) as { handlers: object };
  const { register } = (await import(path.join(api, 'server.ts'))) as { register: (app: unknown, h: object) => Promise<void> };
  const { createListener } = (await import('@contractgen/runtime/server')) as unknown as {
    createListener: (o: object, setup: (app: unknown) => Promise<void>) => Promise<ListenerLike>;
  };
  const server = await createListener({ port: 0 }, (app) => register(app, handlers));
  try {
    const res = await fetch(`${server.url}/todos?limit=2`);
    expect(res.status).toBe(501);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 501, title: 'Not Implemented', detail: 'listTodos (GET /todos) is not implemented yet' });
  } finally {
    await server.close();
  }

  // the user implements listTodos; the spec gains deleteTodo (tag todos) and a new tag
  const userTodos = todos.replace(/async listTodos\(_req, _ctx\) \{[\s\S]*?\n  \},/, 'async listTodos() {\n    return { status: 200, body: [] };\n  },');
  expect(userTodos).not.toBe(todos);
  await writeFile(path.join(handlersDir, 'todos.ts'), userTodos);
  const handlersBefore = await readFile(path.join(handlersDir, 'handlers.ts'), 'utf8');
  const spec = path.join(dir, 'spec/openapi.yaml');
  await writeFile(
    spec,
    (await readFile(spec, 'utf8')).replace(
      '  /health:',
      `    delete:
      operationId: deleteTodo
      tags: [todos]
      parameters:
        - { name: id, in: path, required: true, schema: { type: integer } }
      responses:
        '204': { description: Deleted }
  /stats:
    get:
      operationId: getStats
      tags: [stats]
      responses:
        '204': { description: No stats }
  /health:`,
    ),
  );
  const second = await codegen(['scaffold', 'spec/openapi.yaml', '--handlers', 'src/handlers', '-o', 'src/api'], { cwd: dir });
  expect(second.code, second.stderr).toBe(0);
  expect((await readdir(handlersDir)).sort()).toEqual(['admin.ts', 'default.ts', 'handlers.ts', 'main.ts', 'stats.ts', 'todos-2.ts', 'todos.ts']);
  expect(second.stdout).toContain('kept 5 existing files in src/handlers (never overwritten)');
  expect(second.stdout).toContain('deleteTodo  DELETE /todos/{id}  (src/handlers/todos-2.ts)');
  expect(second.stdout).toContain("add to src/handlers/handlers.ts: import { todosHandlers2 } from './todos-2.js'");
  expect(second.stdout).not.toMatch(/listTodos|createTodo|resetAll/); // already there
  expect(await readFile(path.join(handlersDir, 'todos.ts'), 'utf8')).toBe(userTodos);
  expect(await readFile(path.join(handlersDir, 'handlers.ts'), 'utf8')).toBe(handlersBefore);
  expect(await readFile(path.join(handlersDir, 'todos-2.ts'), 'utf8')).toContain("Pick<Handlers, 'deleteTodo'>");

  // until wired in, the compiler names what is missing
  const errors = await typecheck([api, handlersDir]);
  expect(errors).toMatch(/handlers\.ts.*deleteTodo/s);
  await writeFile(
    path.join(handlersDir, 'handlers.ts'),
    handlersBefore
      .replace("import { defaultHandlers } from './default.js';", "import { defaultHandlers } from './default.js';\nimport { todosHandlers2 } from './todos-2.js';\nimport { statsHandlers } from './stats.js';")
      .replace('  ...defaultHandlers,', '  ...defaultHandlers,\n  ...todosHandlers2,\n  ...statsHandlers,'),
  );
  expect(await typecheck([api, handlersDir])).toBe('');

  // a third run has nothing to do
  const third = await codegen(['scaffold', 'spec/openapi.yaml', '--handlers', 'src/handlers', '-o', 'src/api'], { cwd: dir });
  expect(third.stdout).toContain('every operation already has a handler: nothing to scaffold');
  expect((await readdir(handlersDir)).length).toBe(7);
}, 180_000);

it('scaffold needs --handlers', async () => {
  const dir = await todoProject('scaffold-usage');
  const r = await codegen(['scaffold', 'spec/openapi.yaml', '-o', 'src/api'], { cwd: dir });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/missing --handlers <dir>/);
}, 180_000);
