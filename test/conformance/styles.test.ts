/**
 * Conformance (Prism) on parameter styles and body kinds (fixtures/conformance/styles.yaml): form
 * arrays exploded and not, pipeDelimited, deepObject, form objects, a JSON query parameter, a default,
 * header arrays and booleans, cookies, matrix objects in the path, form bodies with encodings,
 * multipart with a file, text with a primitive schema, binary.
 *
 * Left out because Prism mishandles them (reproduced against Prism 5.14.2 in-process, and read in
 * @stoplight/prism-http 5.12.0's dist/validator):
 * - a path value with a comma (simple, label and matrix arrays with explode false, simple and label
 *   objects: `/x/1,2`, `/x/.1,2`, `/x/;ids=1,2`, the RFC 6570 forms our client sends): Prism matches the
 *   path with uri-template-lite's RFC 6570 `match` (validator/index.js getPathParams), which already
 *   splits at the comma into an array, then its style deserializers call string methods on it and
 *   throw (`value.split is not a function`, `parameters[name].startsWith is not a function`,
 *   deserializers/style/simple.js, label.js, matrix.js): an unhandled rejection, no answer, ever;
 * - an optional simple array header left out: same crash (simple.js `value.split` on undefined), so
 *   X-Ids is required in the fixture;
 * - spaceDelimited query arrays: deserializers/index.js splits on the literal text '%20', but the
 *   values are already percent-decoded, so `ids=1%202` is one item ("must be integer");
 * - a JSON part in a multipart body: every part is validated as a string (validators/body.js
 *   parseMultipartFormDataParams), "Request body property meta must be object";
 * - form explode=false arrays in a form body: the comma between the items is flagged as a reserved
 *   character (validators/body.js validateAgainstReservedCharacters).
 */
import { describe, expect, it } from 'vitest';
import { Client, clientSpec } from '../golden/conformance-styles/client.js';
import { register, type Handlers } from '../golden/conformance-styles/server.js';
import { fixture } from '../helpers/generated.js';
import type { CallTable } from './harness.js';
import { everyOperationDriven, mockConformance, proxyConformance } from './suite.js';

const spec = fixture('conformance/styles.yaml');

const calls: CallTable<Client> = {
  queryStyles: [
    (c, init) => c.queryStyles({}, init),
    (c, init) => c.queryStyles({ query: { ids: [1, 2], fields: ['a', 'b c'], pipes: [3, 4], filter: { kind: 'x', min: 2 }, point: { x: 1, y: 2 }, q: { text: 'a&b=c' }, page: 3 } }, init),
  ],
  headerStyles: [
    (c, init) => c.headerStyles({ headers: { 'X-Ids': [], 'X-Level': 'low' } }, init),
    (c, init) => c.headerStyles({ headers: { 'X-Ids': [1, 2, 3], 'X-Flag': true, 'X-Level': 'high' }, cookies: { session: 's-1', theme: 'dark' } }, init),
  ],
  pathStyles: [(c, init) => c.pathStyles({ path: { id: 7, slug: 'a-b', point: { x: 1, y: 2 } } }, init)],
  moreStyles: [
    (c, init) => c.moreStyles({ path: { label: 'x', codes: [1, 2] }, headers: { 'X-Obj': { role: 'r', age: 4 } } }, init),
    (c, init) => c.moreStyles({ path: { label: 'y', codes: [5] }, headers: { 'X-Obj': { age: 1 } }, cookies: { ids: [7, 8] }, query: { url: 'https://example.com/a?b=c' } }, init),
  ],
  formBody: [(c, init) => c.formBody({ body: { name: 'n' } }, init), (c, init) => c.formBody({ body: { name: 'a b&c', age: 3, tags: ['x', 'y'], dims: { w: 1, h: 2 } } }, init)],
  multipartBody: [(c, init) => c.multipartBody({ body: { file: new Blob(['hello'], { type: 'text/plain' }), count: 2, note: 'n' } }, init)],
  textBody: [(c, init) => c.textBody({ body: 'hello' }, init)],
  // Not here: text/plain with an integer/number/boolean schema (issue 12.8). Tried as `GET /count`
  // answering `text/plain` `type: integer` (the handler returns 41, our server sends `41`), Prism fails
  // it both ways: as a validating proxy it checks a body that is not a form or multipart as its raw
  // text, without coercion (@stoplight/prism-http 5.12.0 validator/validators/body.js `validate`:
  // validateAgainstSchema(target, schema, false, …)), so `41` is "Response body must be integer" (and
  // a request body alike); as a mock it answers its own 500 NO_COMPLEX_OBJECT_TEXT "Cannot serialise
  // complex objects as text" for the integer it generated (@stoplight/prism-http-server 5.12.2
  // dist/serialize.js: a text/* payload that is not a string throws). Covered over real HTTP instead:
  // test/runtime/server/responses-protocol.test.ts (12.8) and test/e2e/body-types.test.ts.
  binaryBody: [(c, init) => c.binaryBody({ body: new Uint8Array([0, 1, 2, 0x7f]) }, init), (c, init) => c.binaryBody({}, init)],
};

/** What each handler read, to compare with what the client sent through Prism. */
const seen: Array<{ operation: string; read: unknown }> = [];

function handlers(): Handlers {
  const echo = (operation: string, read: Record<string, unknown>) => {
    seen.push({ operation, read });
    return { status: 200 as const, body: { read } };
  };
  return {
    async queryStyles(req) {
      return echo('queryStyles', { ...req.query });
    },
    async headerStyles(req) {
      return echo('headerStyles', { headers: req.headers, cookies: req.cookies ?? {} });
    },
    async pathStyles(req) {
      return echo('pathStyles', { ...req.path });
    },
    async moreStyles(req) {
      return echo('moreStyles', { path: req.path, headers: req.headers, cookies: req.cookies ?? {}, query: req.query ?? {} });
    },
    async formBody(req) {
      return echo('formBody', { ...req.body });
    },
    async multipartBody(req) {
      const file = req.body.file;
      return echo('multipartBody', { count: req.body.count, note: req.body.note, file: file instanceof Blob ? file.size : file.byteLength });
    },
    async textBody(req) {
      return { status: 200, body: `read: ${req.body}` };
    },
    async binaryBody(req) {
      const body = req.body;
      return { status: 200, body: body === undefined ? new Uint8Array() : body instanceof Blob ? new Uint8Array(await body.arrayBuffer()) : body };
    },
  };
}

const conformance = { spec, clientSpec, createClient: (options: ConstructorParameters<typeof Client>[0]) => new Client(options), calls };

describe('conformance (Prism): parameter styles and body kinds', () => {
  everyOperationDriven(conformance);
  mockConformance(conformance);
  proxyConformance({
    ...conformance,
    register: (app) => register(app, handlers()),
    invalid: [
      { label: 'ids item not an integer', operation: 'queryStyles', method: 'GET', path: '/query?ids=1&ids=x' },
      { label: 'deepObject member not an integer', operation: 'queryStyles', method: 'GET', path: '/query?filter[min]=x' },
      { label: 'page below minimum', operation: 'queryStyles', method: 'GET', path: '/query?page=0' },
      { label: 'JSON query parameter not JSON', operation: 'queryStyles', method: 'GET', path: '/query?q=%7Bnope' },
      { label: 'required header missing', operation: 'headerStyles', method: 'GET', path: '/headers', headers: { 'x-ids': '1' } },
      { label: 'header not in the enum', operation: 'headerStyles', method: 'GET', path: '/headers', headers: { 'x-ids': '1', 'x-level': 'mid' } },
      { label: 'header array item not an integer', operation: 'headerStyles', method: 'GET', path: '/headers', headers: { 'x-ids': '1,x', 'x-level': 'low' } },
      { label: 'boolean header not a boolean', operation: 'headerStyles', method: 'GET', path: '/headers', headers: { 'x-ids': '1', 'x-level': 'low', 'x-flag': 'maybe' } },
      { label: 'cookie not in the enum', operation: 'headerStyles', method: 'GET', path: '/headers', headers: { 'x-ids': '1', 'x-level': 'low', cookie: 'theme=blue' } },
      { label: 'path id below minimum', operation: 'pathStyles', method: 'GET', path: '/path/0/a-b/;x=1;y=2' },
      { label: 'path slug against its pattern', operation: 'pathStyles', method: 'GET', path: '/path/1/A_B/;x=1;y=2' },
      { label: 'form body without name', operation: 'formBody', method: 'POST', path: '/form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'age=3' },
      { label: 'form age not an integer', operation: 'formBody', method: 'POST', path: '/form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=n&age=old' },
      { label: 'text too long', operation: 'textBody', method: 'PUT', path: '/text', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(21) },
      { label: 'text as JSON', operation: 'textBody', method: 'PUT', path: '/text', headers: { 'content-type': 'application/json' }, body: '"x"' },
    ],
  });

  it('through Prism, the server read exactly what the client sent', () => {
    const read = (operation: string) => seen.filter((s) => s.operation === operation).map((s) => s.read);
    expect(read('queryStyles')).toContainEqual({ ids: [1, 2], fields: ['a', 'b c'], pipes: [3, 4], filter: { kind: 'x', min: 2 }, point: { x: 1, y: 2 }, q: { text: 'a&b=c' }, page: 3 });
    expect(read('queryStyles')).toContainEqual({ page: 1 });
    expect(read('headerStyles')).toContainEqual({ headers: { 'X-Ids': [1, 2, 3], 'X-Flag': true, 'X-Level': 'high' }, cookies: { session: 's-1', theme: 'dark' } });
    expect(read('pathStyles')).toContainEqual({ id: 7, slug: 'a-b', point: { x: 1, y: 2 } });
    expect(read('moreStyles')).toContainEqual({ path: { label: 'x', codes: [1, 2] }, headers: { 'X-Obj': { role: 'r', age: 4 } }, cookies: {}, query: {} });
    expect(read('moreStyles')).toContainEqual({ path: { label: 'y', codes: [5] }, headers: { 'X-Obj': { age: 1 } }, cookies: { ids: [7, 8] }, query: { url: 'https://example.com/a?b=c' } });
    expect(read('formBody')).toContainEqual({ name: 'a b&c', age: 3, tags: ['x', 'y'], dims: { w: 1, h: 2 } });
    expect(read('multipartBody')).toContainEqual({ count: 2, note: 'n', file: 5 });
  });
});
