/**
 * Issue 12.13: `res.ok` narrows when an operation documents `default` (Stripe's
 * pattern) — on a client generated from fixtures/client/default-response.yaml
 * (type-checked with tsc; an unused `@ts-expect-error` fails it) and at run time.
 * The `ClientResult` type tests are in result-types.test-d.ts (npm run test:types).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, generateInto, typecheck } from '../../helpers/generated.js';
import { TestClient, api, op, startServer, type TestServer } from './helpers.js';

const USAGE = `
import { expectTypeOf } from 'vitest';
import type { Problem } from '@contractgen/runtime';
import { Client } from './client.js';
import type * as T from './types.js';

export async function use(client: Client): Promise<void> {
  const res = await client.getThing({ path: { id: 'a' } });
  if (res.ok) expectTypeOf(res.body).toEqualTypeOf<T.Thing>();
  else if (res.documented) expectTypeOf(res.body).toEqualTypeOf<T.Error_>();
  // @ts-expect-error not narrowed: Thing | Error
  void res.body.id;
  const ping = await client.ping();
  if (ping.ok) expectTypeOf(ping.body).toEqualTypeOf<T.Thing>();
  const problem: Problem = { type: 'about:blank', title: 'Bad Request', status: 400 };
  void problem;
}
`;

let generated = '';
beforeAll(async () => {
  const { dir } = await generateInto(fixture('client/default-response.yaml'), 'client-default');
  await writeFile(path.join(dir, 'usage.ts'), USAGE);
  generated = dir;
});

it('type-checks: ok narrows with default on a generated client; Problem from the root', async () => {
  expect(await typecheck([generated])).toBe('');
});

describe('at run time, over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((app) => {
      app.get('/things/:id', async (req, reply) => {
        const status = Number((req.params as { id: string }).id);
        return reply.code(status).send(status < 300 ? { id: 'x' } : { code: status, message: 'no' });
      });
    });
  });
  afterAll(() => server.close());

  const json = (status: string) => ({ status, content: [{ mediaType: 'application/json', kind: 'json' as const }], headers: [] });
  const spec = api({
    stripe: op({ path: '/things/{id}', responses: [json('200'), json('default')] }),
    defaultOnly: op({ path: '/things/{id}', responses: [json('default')] }),
    ranged: op({ path: '/things/{id}', responses: [json('2XX'), json('default')] }),
  });
  const call = (name: string, status: number) => new TestClient(spec, { baseUrl: server.url }).run(name, { path: { id: String(status) } });

  it('a 2xx answered under default is not ok when the operation documents its success', async () => {
    expect(await call('stripe', 200)).toMatchObject({ status: 200, ok: true, documented: true });
    expect(await call('stripe', 201)).toMatchObject({ status: 201, ok: false, documented: true, body: { id: 'x' } });
    expect(await call('stripe', 402)).toMatchObject({ status: 402, ok: false, documented: true });
    expect(await call('ranged', 201)).toMatchObject({ status: 201, ok: true, documented: true });
  });

  it('with only default documented, its 2xx statuses are ok', async () => {
    expect(await call('defaultOnly', 201)).toMatchObject({ status: 201, ok: true, documented: true });
    expect(await call('defaultOnly', 500)).toMatchObject({ status: 500, ok: false, documented: true });
  });
});
