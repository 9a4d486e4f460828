import { afterAll, beforeAll, expect, it } from 'vitest';
import { createListener } from '../../../runtime/src/server/index.js';
import { register } from '../../golden/features-3.1/server.js';
import { createFeatureHandlers } from '../../e2e/features-handlers.js';

let server: Awaited<ReturnType<typeof createListener>>;
beforeAll(async () => {
  server = await createListener({ port: 0 }, (app) => register(app, createFeatureHandlers()));
});
afterAll(() => server?.close());

it.each(['0x10', '1_0', ' 12', '12 ', '+3', 'Infinity', '1e', '', '0b1'])('an integer parameter must be a plain decimal: %j is a 400', async (min) => {
  const res = await fetch(`${server.url}/items/a-1?filter[min]=${encodeURIComponent(min)}`);
  expect(res.status).toBe(400);
  const problem = (await res.json()) as { errors: Array<{ in: string; pointer: string }> };
  expect(problem.errors[0]).toMatchObject({ in: 'query' });
});

it.each(['3', '-4', '0', '25'])('%j is accepted', async (min) => {
  expect((await fetch(`${server.url}/items/a-1?filter[min]=${min}`)).status).toBe(200);
});
