/**
 * The browser micro core (micro.ts) and the default-style parameter serializers (param-text.ts,
 * what generated operations import) keep their own copies of small pieces of the full path: a
 * module shared with the lazily loaded full client costs the page a chunk at start. Each copy
 * must agree with its original on every case here.
 */
import { describe, expect, it } from 'vitest';
import { encodeAllowReserved, encodeStrict } from '../../../runtime/src/client/encode.js';
import { documented, shaped, success } from '../../../runtime/src/client/micro.js';
import * as paramText from '../../../runtime/src/client/param-text.js';
import { matchesShape } from '../../../runtime/src/client/shape-match.js';
import { findResponseSpec, isDocumentedSuccess } from '../../../runtime/src/client/status.js';
import type { JsonSchema, ResponseSpec } from '../../../runtime/src/spec.js';

const response = (status: string): ResponseSpec => ({ status, content: [], headers: [] });
const LISTS: ResponseSpec[][] = [
  [],
  ['200', '404'].map(response),
  ['200', '4XX', 'default'].map(response),
  ['2xx', '4xx', 'DEFAULT'].map(response),
  ['default'].map(response),
  ['default', '201', '5XX', '500'].map(response),
  ['3XX', '302', 'default', '2XX'].map(response),
];
const STATUSES = [100, 101, 199, 200, 201, 204, 250, 299, 300, 302, 304, 399, 400, 404, 418, 499, 500, 503, 599];

describe("the micro core's copies agree with the full path's originals", () => {
  it('documented response and its ok flag (status.ts findResponseSpec, isDocumentedSuccess)', () => {
    let found = 0;
    for (const responses of LISTS) {
      for (const status of STATUSES) {
        const spec = documented(responses, status);
        expect(spec).toBe(findResponseSpec(responses, status));
        if (spec === undefined) continue;
        found++;
        expect(success(responses, spec, status)).toBe(isDocumentedSuccess(responses, spec, status));
      }
    }
    expect(found).toBeGreaterThan(50);
  });

  it('shape check (shape-match.ts matchesShape)', () => {
    const schemas: Array<JsonSchema | undefined> = [
      undefined,
      true,
      false,
      {},
      { type: 'object' },
      { type: 'object', required: ['id', 'name'] },
      { required: ['id'] },
      { type: ['object', 'null'], required: ['id'] },
      { type: 'array' },
      { type: 'integer' },
      { type: 'number' },
      { type: 'string' },
      { type: 'boolean' },
      { type: 'null' },
      { type: ['string', 'integer'] },
      { type: 'file' },
      { type: [7, 'string'] },
      { type: 7 },
      { type: 'object', required: 'id' },
      { type: 'object', required: [1, 'id'] },
    ] as Array<JsonSchema | undefined>;
    const values: unknown[] = [null, 0, 1.5, 3, 'x', '', true, [], [1], {}, { id: 1 }, { id: 1, name: 'a' }, Object.create({ id: 1 }), new Date(0)];
    let matched = 0;
    for (const schema of schemas) {
      for (const value of values) {
        const original = matchesShape(value, schema);
        expect(shaped(value, schema), `${JSON.stringify(schema)} ${JSON.stringify(value)}`).toBe(original);
        if (original) matched++;
      }
    }
    expect(matched).toBeGreaterThan(20);
    expect(matched).toBeLessThan(schemas.length * values.length);
  });

  it('percent-encoders (param-text.ts copies of encode.ts)', () => {
    const texts = ['', 'plain', "a!b'c(d)e*f", 'ä ö/ü?#[]@$&+,;=:%', '😀 x', '-._~', '%41'];
    for (const text of texts) {
      expect(paramText.encodeStrict(text)).toBe(encodeStrict(text));
      expect(paramText.encodeAllowReserved(text)).toBe(encodeAllowReserved(text));
    }
    expect(paramText.encodeAllowReserved('a/b?c')).toBe('a/b?c');
    expect(paramText.encodeStrict("it's")).toBe('it%27s');
  });
});
