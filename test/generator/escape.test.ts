import { describe, expect, it } from 'vitest';
import { docComment, literal, propKey, str } from '../../generator/escape.js';

const PAYLOADS = [
  '*/ process.exit(1) /*',
  '"; process.exit(1); "',
  "'; process.exit(1); '",
  '`${process.exit(1)}`',
  '${process.exit(1)}',
  'line\nbreak\r\nand\u2028separators\u2029',
  'back\\slash\\',
  '</script><!-- -->',
  '{{handlebars}} {{{raw}}}',
  '__proto__',
  'constructor',
  '',
  '\u0000\u001f control',
];

describe('str', () => {
  it.each(PAYLOADS)('%j is a literal that evaluates back to itself', (payload) => {
    const code = str(payload);
    expect(code.startsWith('"') && code.endsWith('"')).toBe(true);
    expect(code).not.toMatch(/[\n\r\u2028\u2029]/);
    expect(code).not.toContain('<');
    expect(new Function(`return ${code};`)()).toBe(payload);
  });
});

describe('propKey', () => {
  it.each([
    ['name', 'name'],
    ['default', 'default'],
    ['x-rate-limit', '"x-rate-limit"'],
    ['', '""'],
    ['1abc', '"1abc"'],
    ['__proto__', '"__proto__"'],
    ['with "quotes"', '"with \\"quotes\\""'],
    ['é', 'é'],
  ])('%j -> %s', (input, expected) => {
    expect(propKey(input)).toBe(expected);
  });
});

describe('docComment', () => {
  it.each(PAYLOADS)('%j can never close the comment', (payload) => {
    const comment = docComment([payload]);
    if (comment === '') return expect(payload.trim()).toBe('');
    const body = comment.slice(3, comment.lastIndexOf('*/'));
    expect(body).not.toContain('*/');
    // the comment is inert: evaluating it with code after it runs only that code
    expect(new Function(`${comment}\nreturn 42;`)()).toBe(42);
  });

  it('neutralizes JSDoc tags injected from spec text', () => {
    expect(docComment(['@type {any} @deprecated'])).not.toMatch(/@type/);
  });
});

describe('literal', () => {
  it('round-trips data, including __proto__ keys, without touching prototypes', () => {
    const value = JSON.parse('{"a":[1,"x</script>",null],"__proto__":{"polluted":true},"b":{"c":"\\u2028"}}') as Record<string, unknown>;
    const code = literal(value);
    const back = new Function(`return ${code};`)() as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(back, '__proto__')).toBe(true);
    expect(JSON.stringify(back)).toBe(JSON.stringify(value));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('dataLiteral', () => {
  it('small data stays an object literal; large data becomes JSON.parse of an escaped string, round-tripping', async () => {
    const { dataLiteral } = await import('../../generator/escape.js');
    expect(dataLiteral({ a: 1 })).toBe('{\n  "a": 1\n}');
    const big = JSON.parse(`{"x":${JSON.stringify('*/ </script> \u2028 "`${1}`"'.repeat(20))},"__proto__":{"p":1},"list":[${'1,'.repeat(100)}1]}`) as Record<string, unknown>;
    const code = dataLiteral(big, 100);
    expect(code.startsWith("JSON.parse('")).toBe(true);
    expect(code).not.toMatch(/[\u2028\u2029<]/);
    const back = new Function(`return ${code};`)() as Record<string, unknown>;
    expect(JSON.stringify(back)).toBe(JSON.stringify(big));
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
  });

  it('jsonParse: single-quoted JSON text (its own quotes unescaped), every hostile character round-trips', async () => {
    const { jsonParse } = await import('../../generator/escape.js');
    const json = JSON.stringify({ q: `it's "quoted" \ \' \\" ` + '\n\t', s: '</script><!-- \u2028\u2029 ${x} `tick`', u: '\u0000\u001f é 😀', list: [1, 'a\\'] }).replace('{', '{"__proto__":{"p":1},');
    const code = jsonParse(json);
    expect(code.startsWith(`JSON.parse('{"__proto__":{"p":1},"q":"it\\'s`)).toBe(true);
    expect(code).not.toMatch(/[\u2028\u2029<]/);
    const back = new Function(`return ${code};`)() as Record<string, unknown>;
    expect(JSON.stringify(back)).toBe(json);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
  });
});
