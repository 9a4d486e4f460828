/**
 * `Client` is a bodiless class merged with an interface (issue 16: 800 method bodies cost tsc);
 * `operationMethods` puts the per-operation functions on its prototype. The methods must behave
 * as the class methods did: on the prototype from the start, non-enumerable, named, `this` passed
 * as the client, overridable by a subclass (with `super.x(...)`), the optional request optional.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationMethods } from '../../../runtime/src/client/index.js';
import { Client, createClient, getPet, listPets } from '../../golden/petstore/client.js';
import { startServer, type TestServer } from './helpers.js';

let server: TestServer;
/** A result without what differs between two answers of the same server (`raw`, the Date header). */
const comparable = (res: { headers: Record<string, unknown>; raw?: unknown }) => {
  const { date: _date, ...headers } = res.headers;
  return { ...res, raw: undefined, headers };
};
beforeAll(async () => {
  server = await startServer((app) => {
    app.get('/pets/:petId', async (req) => ({ id: Number((req.params as { petId: string }).petId), name: 'Rex' }));
    app.get('/pets', async (_req, reply) => reply.header('X-Total-Count', '1').send([{ id: 1, name: 'Rex' }]));
  });
});
afterAll(() => server.close());

describe('operationMethods', () => {
  it('defines one non-enumerable, named, writable method per function, passing the instance as the client', async () => {
    const calls: unknown[][] = [];
    class Target {
      declare readonly marker: string;
    }
    const ops = {
      first: (client: unknown, req: unknown, init: unknown) => (calls.push([client, req, init]), 'one'),
      second: (client: unknown) => client,
    };
    operationMethods(Target as never, ops);
    const proto = Target.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
    const target = new Target() as unknown as Record<string, (...args: unknown[]) => unknown>;
    expect(target.first!({ q: 1 }, { signal: undefined })).toBe('one');
    expect(calls).toEqual([[target, { q: 1 }, { signal: undefined }]]);
    expect(target.second!()).toBe(target);
    expect(proto.first!.name).toBe('first');
    expect(Object.keys(target)).toEqual([]);
    const descriptor = Object.getOwnPropertyDescriptor(Target.prototype, 'first')!;
    expect([descriptor.enumerable, descriptor.writable, descriptor.configurable]).toEqual([false, true, true]);
  });
});

describe('the generated Client (petstore golden)', () => {
  it('has every operation on its prototype before any instance exists, non-enumerable like a class method', () => {
    for (const name of ['listPets', 'createPet', 'getPet', 'deletePet', 'uploadPhoto']) {
      const descriptor = Object.getOwnPropertyDescriptor(Client.prototype, name);
      expect(typeof descriptor?.value, name).toBe('function');
      expect(descriptor?.enumerable, name).toBe(false);
      expect((descriptor?.value as { name: string }).name).toBe(name);
    }
    expect(Object.keys(new Client({ baseUrl: 'http://127.0.0.1:1' })).filter((key) => typeof (Client.prototype as unknown as Record<string, unknown>)[key] === 'function')).toEqual([]);
  });

  it('a method is its function with the client passed; a subclass overrides it and reaches the original with super', async () => {
    const seen: string[] = [];
    class Audited extends Client {
      override getPet(...args: Parameters<Client['getPet']>): ReturnType<Client['getPet']> {
        seen.push(`getPet ${JSON.stringify(args[0])}`);
        return super.getPet(...args);
      }
    }
    const client = new Audited({ baseUrl: server.url });
    const viaMethod = await client.getPet({ path: { petId: 7 } });
    const viaFunction = await getPet(client, { path: { petId: 7 } });
    expect(seen).toEqual(['getPet {"path":{"petId":7}}']);
    expect(viaMethod.status).toBe(200);
    expect(viaMethod.body).toEqual({ id: 7, name: 'Rex' });
    expect(comparable(viaMethod)).toEqual(comparable(viaFunction));
    // the optional request stays optional on the method (the function's default applies)
    const listed = await new Client({ baseUrl: server.url }).listPets();
    const listedFn = await listPets(createClient({ baseUrl: server.url }));
    expect(listed.status).toBe(200);
    expect(comparable(listed)).toEqual(comparable(listedFn));
  });
});
