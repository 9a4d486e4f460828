import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  serializeCookieParam,
  serializeHeaderParam,
  serializePathParam,
  serializeQueryParam,
  type Serialization,
} from '../../../runtime/src/client/parameters.js';
import type { ParameterStyle } from '../../../runtime/src/spec.js';

const empty = '';
const string = 'blue';
const array = ['blue', 'black', 'brown'];
const object = { R: 100, G: 200, B: 150 };

// OpenAPI 3.1.1, 4.8.12.6 "Style Examples" (n/a cells left out).
const table: Array<[ParameterStyle, boolean, unknown, string]> = [
  ['matrix', false, empty, ';color'],
  ['matrix', false, string, ';color=blue'],
  ['matrix', false, array, ';color=blue,black,brown'],
  ['matrix', false, object, ';color=R,100,G,200,B,150'],
  ['matrix', true, empty, ';color'],
  ['matrix', true, string, ';color=blue'],
  ['matrix', true, array, ';color=blue;color=black;color=brown'],
  ['matrix', true, object, ';R=100;G=200;B=150'],
  ['label', false, empty, '.'],
  ['label', false, string, '.blue'],
  ['label', false, array, '.blue,black,brown'],
  ['label', false, object, '.R,100,G,200,B,150'],
  ['label', true, empty, '.'],
  ['label', true, string, '.blue'],
  ['label', true, array, '.blue.black.brown'],
  ['label', true, object, '.R=100.G=200.B=150'],
  ['simple', false, empty, ''],
  ['simple', false, string, 'blue'],
  ['simple', false, array, 'blue,black,brown'],
  ['simple', false, object, 'R,100,G,200,B,150'],
  ['simple', true, empty, ''],
  ['simple', true, string, 'blue'],
  ['simple', true, array, 'blue,black,brown'],
  ['simple', true, object, 'R=100,G=200,B=150'],
  ['form', false, empty, 'color='],
  ['form', false, string, 'color=blue'],
  ['form', false, array, 'color=blue,black,brown'],
  ['form', false, object, 'color=R,100,G,200,B,150'],
  ['form', true, empty, 'color='],
  ['form', true, string, 'color=blue'],
  ['form', true, array, 'color=blue&color=black&color=brown'],
  ['form', true, object, 'R=100&G=200&B=150'],
  ['spaceDelimited', false, array, 'color=blue%20black%20brown'],
  ['spaceDelimited', false, object, 'color=R%20100%20G%20200%20B%20150'],
  ['pipeDelimited', false, array, 'color=blue%7Cblack%7Cbrown'],
  ['pipeDelimited', false, object, 'color=R%7C100%7CG%7C200%7CB%7C150'],
  ['deepObject', true, object, 'color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150'],
];

const param = (style: ParameterStyle, explode: boolean): Serialization => ({ name: 'color', style, explode });

describe('OpenAPI 3.1.1 style examples', () => {
  it.each(table)('%s explode=%s %j → %s', (style, explode, value, expected) => {
    const p = param(style, explode);
    const actual = ['matrix', 'label', 'simple'].includes(style) ? serializePathParam(p, value) : serializeQueryParam(p, value);
    expect(actual).toBe(expected);
  });
});

describe('path parameters', () => {
  it('percent-encodes /, ?, # and % so a value stays in its segment', () => {
    expect(serializePathParam(param('simple', false), 'a/b?c#d%e')).toBe('a%2Fb%3Fc%23d%25e');
  });

  it('never lets a reserved character through (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = serializePathParam(param('simple', false), s);
        expect(out).not.toMatch(/[/?#]/);
        expect(decodeURIComponent(out)).toBe(s);
      }),
    );
  });

  it('serializes content-based parameters as encoded JSON', () => {
    expect(serializePathParam({ ...param('simple', false), contentType: 'application/json' }, { a: 1 })).toBe('%7B%22a%22%3A1%7D');
  });
});

describe('query parameters', () => {
  it('omits undefined, null and empty arrays', () => {
    expect(serializeQueryParam(param('form', true), undefined)).toBeUndefined();
    expect(serializeQueryParam(param('form', true), null)).toBeUndefined();
    expect(serializeQueryParam(param('form', true), [])).toBeUndefined();
  });

  it('encodes reserved characters unless allowReserved', () => {
    expect(serializeQueryParam(param('form', true), 'a/b&c=d e')).toBe('color=a%2Fb%26c%3Dd%20e');
    expect(serializeQueryParam({ ...param('form', true), allowReserved: true }, 'a/b:c,d e#')).toBe('color=a/b:c,d%20e%23');
  });

  it('keeps commas inside values distinct from the array delimiter', () => {
    expect(serializeQueryParam(param('form', false), ['a,b', 'c'])).toBe('color=a%2Cb,c');
  });

  it('serializes dates as ISO 8601 and booleans as words', () => {
    expect(serializeQueryParam(param('form', true), new Date(Date.UTC(2024, 0, 2)))).toBe('color=2024-01-02T00%3A00%3A00.000Z');
    expect(serializeQueryParam(param('form', true), false)).toBe('color=false');
  });

  it('serializes content-based parameters as JSON', () => {
    expect(serializeQueryParam({ ...param('form', true), contentType: 'application/json' }, { lat: 1 })).toBe(
      'color=%7B%22lat%22%3A1%7D',
    );
  });

  it('nests deepObject keys', () => {
    expect(serializeQueryParam(param('deepObject', true), { a: { b: 1 }, c: [1, 2] })).toBe(
      'color%5Ba%5D%5Bb%5D=1&color%5Bc%5D=1&color%5Bc%5D=2',
    );
  });
});

describe('header and cookie parameters', () => {
  it('headers use simple style without percent-encoding', () => {
    expect(serializeHeaderParam(param('simple', false), array)).toBe('blue,black,brown');
    expect(serializeHeaderParam(param('simple', true), object)).toBe('R=100,G=200,B=150');
    expect(serializeHeaderParam(param('simple', false), 'a b/c')).toBe('a b/c');
  });

  it('cookies use form style, values percent-encoded', () => {
    expect(serializeCookieParam(param('form', false), array)).toEqual(['color=blue,black,brown']);
    expect(serializeCookieParam(param('form', true), array)).toEqual(['color=blue', 'color=black', 'color=brown']);
    expect(serializeCookieParam(param('form', true), object)).toEqual(['R=100', 'G=200', 'B=150']);
    expect(serializeCookieParam(param('form', true), 'a; b=c')).toEqual(['color=a%3B%20b%3Dc']);
  });
});
