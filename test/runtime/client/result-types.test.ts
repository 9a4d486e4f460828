/**
 * Issue 12.13: `res.ok` narrows when an operation documents `default` (Stripe's
 * pattern), in the types (`ClientResult`) and at run time. The type assertions
 * below are checked by tsc (the first test type-checks this file and a usage
 * file against a client generated from fixtures/client/default-response.yaml);
 * an unused `@ts-expect-error` fails it.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { ClientResult, OtherStatus, Problem as RootProblem } from '../../../runtime/src/index.js';
import type { Problem as ServerProblem } from '../../../runtime/src/server/index.js';
import { fixture, generateInto, typecheck } from '../../helpers/generated.js';
import { TestClient, api, op, startServer, type TestServer } from './helpers.js';

type Thing = { id: string };
type ErrorBody = { code: number; message: string };

// Stripe's pattern: one explicit success, `default` for everything else.
type GetThing = ClientResult<{ status: 200; body: Thing } | { status: OtherStatus<200>; body: ErrorBody }, true>;
// Only `default`: its 2xx statuses are the successes.
type Ping = ClientResult<{ status: OtherStatus<never>; body: Thing }, true>;

export function narrowsWithDefault(res: GetThing): void {
  if (res.ok) {
    expectTypeOf(res.body).toEqualTypeOf<Thing>();
    expectTypeOf(res.status).toEqualTypeOf<200>();
  } else {
    expectTypeOf(res.body).toEqualTypeOf<ErrorBody>();
    // @ts-expect-error an error body has no id
    void res.body.id;
  }
  // @ts-expect-error without narrowing the body is Thing | ErrorBody
  void res.body.id;
  if (res.status === 201) expectTypeOf(res.ok).toEqualTypeOf<false>();
  if (res.status === 500) expectTypeOf(res.ok).toEqualTypeOf<false>();
}

export function defaultOnly(res: Ping): void {
  if (res.ok) expectTypeOf(res.body).toEqualTypeOf<Thing>();
  if (res.status === 201) expectTypeOf(res.ok).toEqualTypeOf<true>();
  if (res.status === 404) expectTypeOf(res.ok).toEqualTypeOf<false>();
}

// Issue 12.5: the runtime's problem type comes from the package root, the same type the server answers with.
expectTypeOf<RootProblem>().toEqualTypeOf<ServerProblem>();
expectTypeOf<RootProblem['status']>().toEqualTypeOf<number>();

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

it('type-checks: ok narrows with default (ClientResult and a generated client), Problem from the root', async () => {
  expect(await typecheck([fileURLToPath(import.meta.url), generated])).toBe('');
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
