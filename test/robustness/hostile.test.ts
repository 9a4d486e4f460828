/**
 * Hostile specs (fixtures/hostile/, written by build.mjs from payloads.mjs):
 * payloads in every string position and hostile names. Each spec generates (or
 * fails with a SpecError), writes nothing outside -o, compiles and imports
 * without running a payload. strings.json keeps every string as data (byte for
 * byte); names.json keeps every hostile name; the generated servers of those
 * two answer requests without crashing.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpecError } from '../../generator/diagnostics.js';
import { generate, type GenerateResult } from '../../generator/generate.js';
import { createListener, type Listener } from '../../runtime/src/server/index.js';
import { rejection } from '../helpers/assert.js';
import { fixture, tmpDir, typecheck } from '../helpers/generated.js';
import { listFiles, markerHits, prototypeIsClean } from './helpers.js';
import { PAYLOADS } from '../../fixtures/hostile/payloads.mjs';

const MARKERS = ['PWNED_HOSTILE', 'PWNED_MARKER'];
const HOSTILE = fixture('hostile');
const OK = ['strings.json', 'names.json', 'names-3.0.json', 'swagger2.json', 'yaml-tags.yaml', 'injection.json'];
const REJECTED: Record<string, string> = { 'refs-escape.json': 'SPEC_REF_OUTSIDE_ROOT' };
const OUTPUT_FILES = ['client.ts', 'index.ts', 'server.ts', 'types.ts'];

interface Generated {
  sandbox: string;
  out: string;
  result: GenerateResult;
}
const generated = new Map<string, Generated>();
let fixtureFilesBefore: string[];

const noMarkers = () => MARKERS.flatMap((m) => markerHits(m, HOSTILE, ...[...generated.values()].flatMap((g) => [g.sandbox, g.out])));

beforeAll(async () => {
  fixtureFilesBefore = await listFiles(HOSTILE);
  for (const file of OK) {
    const sandbox = await tmpDir('robust-hostile');
    const out = path.join(sandbox, 'out');
    const result = await generate({ input: path.join(HOSTILE, file), output: out });
    generated.set(file, { sandbox, out, result });
  }
}, 240_000);

describe('hostile specs', () => {
  it('the fixture folder holds every spec this suite knows about', async () => {
    const specs = (await readdir(HOSTILE)).filter((f) => /\.(json|ya?ml)$/.test(f)).sort();
    expect(specs).toEqual([...OK, ...Object.keys(REJECTED)].sort());
  });

  it.each(OK)('%s generates exactly the four files inside -o and nothing anywhere else', async (file) => {
    const g = generated.get(file)!;
    expect(await listFiles(g.sandbox)).toEqual(OUTPUT_FILES.map((f) => `out/${f}`));
    expect(g.result.written.map((f) => path.basename(f)).sort()).toEqual(OUTPUT_FILES);
  });

  it.each(Object.entries(REJECTED))('%s is rejected with a SpecError %s, and writes nothing', async (file, code) => {
    const sandbox = await tmpDir('robust-hostile-rejected');
    const err = await rejection(generate({ input: path.join(HOSTILE, file), output: path.join(sandbox, 'out') }), SpecError);
    expect(err.code).toBe(code);
    expect(err.message).not.toMatch(/root:|\/bin\/bash/); // never the content of /etc/passwd
    expect(await listFiles(sandbox)).toEqual([]);
  });

  it('every output compiles under strict (one tsc run)', async () => {
    expect(await typecheck([...generated.values()].map((g) => g.out))).toBe('');
  });

  it('importing every generated module runs no payload and pollutes nothing', async () => {
    for (const g of generated.values()) {
      for (const f of OUTPUT_FILES) await import(path.join(g.out, f));
    }
    expect(noMarkers()).toEqual([]);
    expect(prototypeIsClean()).toBe(true);
  });

  it('the fixture folder is unchanged (nothing written next to the spec)', async () => {
    expect(await listFiles(HOSTILE)).toEqual(fixtureFilesBefore);
  });

  it('strings.json: every payload survives as data, byte for byte; names.json: every hostile property name is kept', async () => {
    const g = generated.get('strings.json')!;
    const spec = JSON.parse(await readFile(path.join(HOSTILE, 'strings.json'), 'utf8'));
    const { serverSpec } = (await import(path.join(g.out, 'server.ts'))) as { serverSpec: any };
    const { clientSpec } = (await import(path.join(g.out, 'client.ts'))) as { clientSpec: any };
    expect(clientSpec.title).toBe(spec.info.title);
    expect(clientSpec.version).toBe(spec.info.version);
    expect(clientSpec.servers[0].url).toBe(spec.servers[0].url);
    for (const [k, v] of Object.entries(spec.servers[0].variables as Record<string, { default: string; enum?: string[] }>)) {
      expect(clientSpec.servers[0].variables[k].default).toBe(v.default);
      expect(clientSpec.servers[0].variables[k].enum).toEqual(v.enum);
    }
    const thing = serverSpec.schemas.Thing;
    expect(thing.properties.a.enum).toEqual((PAYLOADS as string[]).filter((p) => p !== ''));
    expect(thing.properties.a.default).toBe(PAYLOADS[1]);
    expect(thing.properties.arr.default).toEqual(PAYLOADS.slice(0, 3));
    expect(thing.description).toBe(spec.components.schemas.Thing.description);
    // a `__proto__` key in a default stays an own key; it never becomes a prototype
    const o = thing.properties.o.default;
    expect(Object.hasOwn(o, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    const ops = Object.values(clientSpec.operations) as Array<{ operationId: string; parameters: Array<{ name: string }> }>;
    expect(ops.map((o) => o.operationId).sort()).toEqual([spec.paths['/items/{id}'].get.operationId, spec.paths['/items/{id}'].post.operationId].sort());
    expect(ops.flatMap((o) => o.parameters.map((p) => p.name))).toEqual(expect.arrayContaining(spec.paths['/items/{id}'].get.parameters.map((p: { name: string }) => p.name)));
    // names: every hostile property name is kept as a key
    const names = generated.get('names.json')!;
    const namesSpec = JSON.parse(await readFile(path.join(HOSTILE, 'names.json'), 'utf8'));
    const { serverSpec: ns } = (await import(path.join(names.out, 'server.ts'))) as { serverSpec: any };
    expect(Object.keys(ns.schemas.Names.properties)).toEqual(Object.keys(namesSpec.components.schemas.Names.properties));
    expect(noMarkers()).toEqual([]);
  });

  // Was a generator bug (its minimal fixture, proto-schema-name.yaml, is tested in pathological.test.ts): the
  // server descriptor dropped a component schema named `__proto__`, so $refs to it resolved to Object.prototype.
  it('names.json: a component schema named __proto__ is kept in the server descriptor (the client carries no schemas)', async () => {
    const names = generated.get('names.json')!;
    const { serverSpec } = (await import(path.join(names.out, 'server.ts'))) as { serverSpec: any };
    const { clientSpec } = (await import(path.join(names.out, 'client.ts'))) as { clientSpec: any };
    expect(Object.hasOwn(serverSpec.schemas, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(serverSpec.schemas)).toBe(Object.prototype);
    expect(clientSpec.schemas).toEqual({});
  });

  it('names.json: names that collide after identifier conversion get distinct identifiers', () => {
    const { result } = generated.get('names.json')!;
    const methods = result.model.operations.map((o) => o.name);
    expect(new Set(methods).size).toBe(methods.length);
    const types = result.model.schemas.map((s) => s.typeName);
    expect(new Set(types).size).toBe(types.length);
    for (const name of [...methods, ...types]) expect(name).toMatch(/^[\p{ID_Start}_$][\p{ID_Continue}$\u200c\u200d]*$/u);
  });
});

describe('the generated server of a hostile spec', () => {
  let server: Listener | undefined;
  const seen: Array<{ op: string; req: any }> = [];
  afterAll(async () => {
    await server?.close();
  });

  it('names.json and strings.json: registers, and answers every operation without crashing', async () => {
    const names = generated.get('names.json')!;
    const strings = generated.get('strings.json')!;
    const { register: registerNames } = (await import(path.join(names.out, 'server.ts'))) as { register: (app: unknown, h: unknown) => Promise<void> };
    const { register: registerStrings } = (await import(path.join(strings.out, 'server.ts'))) as { register: (app: unknown, h: unknown, o?: unknown) => Promise<void> };
    const handlersFor = (result: GenerateResult) =>
      Object.fromEntries(
        result.model.operations.map((o) => [
          o.name,
          async (req: unknown) => {
            seen.push({ op: o.operationId, req });
            const status = Number(o.responses.find((r) => /^\d+$/.test(r.status))?.status ?? 200);
            return o.responses.some((r) => r.content.length > 0) ? { status, body: {} } : { status };
          },
        ]),
      );
    server = await createListener({}, async (app) => {
      await app.register(async (scope) => registerNames(scope, handlersFor(names.result)), { prefix: '/names' });
      await app.register(async (scope) => registerStrings(scope, handlersFor(strings.result)), { prefix: '/strings' });
    });
    const url = server.url;

    // every names.json operation: 200, the hostile path parameter name arrives as an own key
    for (const op of names.result.model.operations.filter((o) => o.path.startsWith('/op'))) {
      const paramName = op.parameters[0]!.name;
      const res = await fetch(`${url}/names${op.path.replace(/\{[^}]+\}/, 'v1')}`);
      const body = await res.text();
      expect(res.status, `${op.operationId} ${op.path}: ${body}`).toBe(200);
      const last = seen.at(-1)!;
      expect(last.op).toBe(op.operationId);
      expect(Object.hasOwn(last.req.path, paramName), `${op.path}`).toBe(true);
      expect(last.req.path[paramName]).toBe('v1');
    }

    // same name in path, query, header and cookie, plus __proto__ / constructor parameters
    const res = await fetch(`${url}/names/a~b/p/c/5?id=3&__proto__=q`, {
      method: 'POST',
      headers: { id: 'true', constructor: 'c', cookie: 'id=k' },
    });
    expect(res.status, await res.clone().text()).toBe(204);
    const same = seen.at(-1)!.req;
    expect(same.path).toEqual({ id: 'p', id2: 5 });
    expect(same.query.id).toBe(3);
    expect(Object.hasOwn(same.query, '__proto__') && same.query['__proto__']).toBe('q');
    expect(same.headers.id).toBe(true);
    expect(Object.hasOwn(same.headers, 'constructor') && same.headers.constructor).toBe('c');
    expect(same.cookies.id).toBe('k');

    // an absent `constructor` header is absent, not Object.prototype.constructor
    const res2 = await fetch(`${url}/names/a~b/p/c/5`, { method: 'POST' });
    expect(res2.status, await res2.clone().text()).toBe(204);
    const bare = seen.at(-1)!.req;
    expect(bare.headers === undefined || !Object.hasOwn(bare.headers, 'constructor')).toBe(true);

    // strings.json: its apiKey scheme has no configured handler, so it fails closed
    for (const [method, body] of [['GET', undefined], ['POST', '{"a":"x"}']] as const) {
      const r = await fetch(`${url}/strings/items/${encodeURIComponent(PAYLOADS[1]!)}`, { method, ...(body ? { body, headers: { 'content-type': 'application/json' } } : {}) });
      expect(r.status).toBe(401);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect(noMarkers()).toEqual([]);
    expect(prototypeIsClean()).toBe(true);
  });
});
