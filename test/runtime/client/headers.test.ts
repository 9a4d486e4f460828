/**
 * HeaderMap (runtime/src/client/headers.ts) against the oracle it stands in for: Node's WHATWG
 * `Headers`. Seeded random sequences of append/set/delete over awkward names and values, then
 * everything a caller can observe compared: iteration (order, Set-Cookie apart), get/has under
 * any case, getSetCookie, forEach, and which calls throw TypeError.
 */
import { describe, expect, it } from 'vitest';
import { HeaderMap, headerRecord } from '../../../runtime/src/client/headers.js';
import { prng } from '../../helpers/prng.js';

const NAMES = ['content-type', 'Content-Type', 'X-Api-Key', 'x-api-key', 'Set-Cookie', 'set-cookie', 'accept', 'a', 'zz-last', 'bad name', 'ü', '', 'x:y', '__proto__', 'constructor'];
const VALUES = ['application/json', ' padded\t', '\t', '', 'x, y', 'a=1; Path=/', 'ü', 'Ā', 'a\r\nb', 'nul\0', '  inner  space  ', 'b=2'];

function attempt(f: () => unknown): { value?: unknown; error?: string } {
  try {
    return { value: f() };
  } catch (error) {
    return { error: (error as Error).constructor.name };
  }
}

function observe(h: Headers): unknown {
  const each: Array<[string, string]> = [];
  h.forEach((value, name, parent) => {
    expect(parent).toBe(h);
    each.push([name, value]);
  });
  return {
    entries: [...h],
    each,
    keys: [...h.keys()],
    values: [...h.values()],
    cookies: h.getSetCookie(),
    get: NAMES.map((n) => attempt(() => h.get(n))),
    has: NAMES.map((n) => attempt(() => h.has(n))),
  };
}

describe('HeaderMap behaves as WHATWG Headers', () => {
  for (let seed = 1; seed <= 60; seed++) {
    it(`random sequence ${seed}`, () => {
      const next = prng(seed);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
      const oracle = new Headers();
      const ours = new HeaderMap();
      for (let step = 0; step < 25; step++) {
        const op = pick(['append', 'append', 'set', 'delete'] as const);
        const name = pick(NAMES);
        const value = pick(VALUES);
        const run = (h: Headers): unknown => attempt(() => (op === 'delete' ? h.delete(name) : h[op](name, value)));
        expect(run(ours), `${op}(${JSON.stringify(name)}, ${JSON.stringify(value)})`).toEqual(run(oracle));
      }
      expect(observe(ours)).toEqual(observe(oracle));
      // copies: of a HeaderMap (exact), from a HeaderMap into Headers and from pairs (each value
      // appended again, so trimmed again: as the WHATWG class does with pairs)
      expect(observe(new HeaderMap(ours))).toEqual(observe(oracle));
      expect(observe(new Headers(ours))).toEqual(observe(new Headers([...oracle])));
      expect(observe(new HeaderMap([...oracle]))).toEqual(observe(new Headers([...oracle])));
      // the record the Node transports send: each name once, with the value `get` gives
      const byName = [...new Set(oracle.keys())].map((name) => [name, oracle.get(name)]);
      expect(Object.entries(headerRecord(ours)).sort()).toEqual(byName);
      expect(Object.entries(headerRecord(oracle)).sort()).toEqual(byName);
    });
  }

  it('constructor inputs and their errors match', () => {
    const inputs: unknown[] = [{ A: '1', b: ' 2 ' }, [['a', '1'], ['A', '2']], [['only-one']], { 'bad name': 'x' }, [['x', 'a\nb']], new Headers({ c: '3' })];
    for (const input of inputs) {
      const oracle = attempt(() => observe(new Headers(input as HeadersInit)));
      expect(attempt(() => observe(new HeaderMap(input as HeadersInit))), JSON.stringify(input)).toEqual(oracle);
    }
  });

  it('fromNode (undici / node:http header objects) equals appending each value', () => {
    const raw = { 'content-type': 'application/json', 'set-cookie': ['a=1; Path=/', 'b=2'], vary: ['accept', 'origin'], 'x-empty': '', 'x-none': undefined, link: '€' };
    const oracle = new Headers();
    for (const [name, value] of Object.entries(raw)) {
      if (Array.isArray(value)) for (const v of value) oracle.append(name, v);
      else if (value !== undefined && !/[^\0-\xff]/.test(value)) oracle.append(name, value);
    }
    const ours = HeaderMap.fromNode(raw);
    // a UTF-8 value the WHATWG class refuses (not a byte string) is kept as the server sent it
    expect(ours.get('link')).toBe('€');
    ours.delete('link');
    expect(observe(ours)).toEqual(observe(oracle));
    expect(ours.getSetCookie()).toEqual(['a=1; Path=/', 'b=2']);
  });

  it('the record handed to transports is lower-case and null-prototype (no __proto__ surprises)', () => {
    const h = new HeaderMap({ 'X-A': '1' });
    h.append('__proto__', 'q');
    const record = headerRecord(h);
    expect(Object.getPrototypeOf(record)).toBe(null);
    expect(Object.entries(record)).toEqual([
      ['x-a', '1'],
      ['__proto__', 'q'],
    ]);
    expect(Object.prototype.toString.call(h)).toBe('[object Headers]');
  });
});
