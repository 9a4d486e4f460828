/**
 * Parity: one API described in RAML 1.0 and in OpenAPI 3.0 generates servers
 * and clients that behave the same over HTTP (same operations, parameters,
 * validation results, status unions, auth).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createListener } from '../../runtime/src/server/index.js';
import { fixture, generateInto, typecheck } from '../helpers/generated.js';

type Res = { status: number; ok: boolean; body?: unknown };
type AnyClient = Record<string, (req?: unknown) => Promise<Res>>;
const KEY = 'parity-key';
const servers: Array<{ close(): Promise<unknown> }> = [];

function handlers() {
  const todos = new Map<number, { id: number; title: string; done: boolean }>();
  let next = 1;
  return {
    async listTodos(req: { query?: { limit?: number } }) {
      return { status: 200, body: [...todos.values()].slice(0, req.query?.limit ?? 50) };
    },
    async createTodo(req: { body?: { title: string; done?: boolean } }) {
      if (!req.body) return { status: 400, body: { title: 'body required', status: 400 } };
      const todo = { id: next++, title: req.body.title, done: req.body.done ?? false };
      todos.set(todo.id, todo);
      return { status: 201, body: todo };
    },
    async getTodo(req: { path: { todoId: number } }) {
      const t = todos.get(req.path.todoId);
      return t ? { status: 200, body: t } : { status: 404, body: { title: 'not found', status: 404 } };
    },
    async deleteTodo(req: { path: { todoId: number } }) {
      return todos.delete(req.path.todoId) ? { status: 204 } : { status: 404, body: { title: 'not found', status: 404 } };
    },
  };
}

async function scenario(spec: string, prefix: string): Promise<{ operations: string[]; outcomes: unknown[] }> {
  const { dir, result } = await generateInto(spec, prefix);
  expect(await typecheck([dir])).toBe('');
  const { register } = (await import(`${dir}/server.ts`)) as { register: (app: unknown, h: unknown, o: unknown) => Promise<void> };
  const { Client } = (await import(`${dir}/client.ts`)) as { Client: new (o: unknown) => AnyClient };
  const server = await createListener({ port: 0 }, (app) => register(app, handlers(), { prefix: '/v1', security: { apiKey: { keys: [KEY] } } }));
  servers.push(server);
  const client = new Client({ baseUrl: `${server.url}/v1`, auth: { apiKey: KEY } });
  const anonymous = new Client({ baseUrl: `${server.url}/v1` });
  const calls: Array<[string, AnyClient, unknown]> = [
    ['createTodo', client, { body: { title: 'write tests' } }],
    ['createTodo', client, { body: { title: 'ship', done: true } }],
    ['createTodo', client, { body: { title: '' } }], // minLength
    ['createTodo', client, { body: { done: true } }], // missing title
    ['listTodos', client, { query: { limit: 1 } }],
    ['listTodos', client, { query: { limit: 500 } }], // maximum
    ['getTodo', client, { path: { todoId: 2 } }],
    ['getTodo', client, { path: { todoId: 99 } }],
    ['getTodo', client, { path: { todoId: 0 } }], // minimum
    ['deleteTodo', client, { path: { todoId: 1 } }],
    ['deleteTodo', client, { path: { todoId: 1 } }],
    ['listTodos', anonymous, {}], // no credentials
  ];
  const outcomes: unknown[] = [];
  for (const [op, c, req] of calls) {
    const res = await c[op]!(req);
    const body = res.status >= 400 && res.status !== 404 ? undefined : res.body; // problem details may word things differently
    outcomes.push([op, res.status, res.ok, body]);
  }
  return { operations: result.model.operations.map((o) => `${o.method} ${o.path} ${o.name}`).sort(), outcomes };
}

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('RAML 1.0 / OpenAPI 3.0 parity, end to end', () => {
  it('generates the same operations and behaves the same over HTTP', async () => {
    const openapi = await scenario(fixture('raml/parity/openapi.yaml'), 'parity-openapi');
    const raml = await scenario(fixture('raml/parity/api.raml'), 'parity-raml');
    expect(raml.operations).toEqual(openapi.operations);
    expect(raml.outcomes).toEqual(openapi.outcomes);
    // and the behaviour is the contract's: validation 400s, 404s, 401 without a key
    expect(openapi.outcomes.map((o) => (o as unknown[])[1])).toEqual([201, 201, 400, 400, 200, 400, 200, 404, 400, 204, 404, 401]);
  });
});
