/**
 * Issue 12.15 / 12.18: every syntax error names the exact line (and column) to fix, and a
 * spec nested thousands of levels deep is a located error (exit 1), never a stack overflow.
 * Expected positions are cross-checked against what the `yaml` parser and V8's JSON.parse
 * themselves report for the same text, where they report the spot to fix.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { SpecError } from '../../generator/diagnostics.js';
import { generate } from '../../generator/generate.js';
import { jsonSyntaxProblem } from '../../generator/load/json-syntax.js';
import { MAX_NESTING } from '../../generator/load/parse.js';
import { generateInto, tmpDir, typecheck } from '../helpers/generated.js';

const HEAD = 'openapi: 3.0.3\ninfo:\n  title: x\n';

/** The error generate() gives for `text` written to `name`. */
async function failure(name: string, text: string): Promise<SpecError> {
  const dir = await tmpDir('syntax');
  const file = path.join(dir, name);
  await writeFile(file, text);
  const err = await generate({ input: file, output: path.join(dir, 'out') }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SpecError);
  return err as SpecError;
}

/** 1-based line and column of a 0-based offset. */
function lineCol(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset).split('\n');
  return [before.length, before[before.length - 1]!.length + 1];
}

/** Where the yaml package itself puts the error (its own line counting). */
function yamlSays(text: string): [number, number] {
  try {
    parseYaml(text, { uniqueKeys: true, prettyErrors: true });
  } catch (err) {
    if (err instanceof YAMLParseError && err.linePos) return [err.linePos[0].line, err.linePos[0].col];
  }
  throw new Error('yaml accepted the text');
}

describe('YAML syntax errors name the exact line', () => {
  it.each([
    ['duplicate key', `${HEAD}  version: '1'\n  title: y\npaths: {}\n`, [5, 3]],
    ['key indented less than its siblings', `${HEAD.replace('  title', '    title')}  version: '1'\npaths: {}\n`, [4, 1]],
    ['top-level key indented', `${HEAD}  version: '1'\n paths: {}\n`, [5, 1]],
    ['tab as indentation', `${HEAD}\tversion: '1'\npaths: {}\n`, [4, 1]],
    ['tab deeper in the file', `${HEAD}  version: '1'\npaths:\n  /a:\n    get:\n  \tresponses: {}\n`, [8, 3]],
    ['a sequence item after a mapping', `${HEAD}  version: '1'\n- paths\n`, [5, 1]],
  ])('%s', async (_kind, text, expected) => {
    const err = await failure('spec.yaml', text);
    expect(err.code).toBe('SPEC_SYNTAX');
    expect([err.location?.line, err.location?.column]).toEqual(expected);
    expect(yamlSays(text)).toEqual(expected);
  });

  it('an over-indented key names its own line (yaml blames the start of the value it was glued to)', async () => {
    const text = `${HEAD}    version: '1'\npaths: {}\n`;
    const err = await failure('spec.yaml', text);
    expect(err.message).toMatch(/Nested mappings are not allowed/);
    expect([err.location?.line, err.location?.column]).toEqual([4, 5]);
    expect(text.split('\n')[3]).toBe("    version: '1'");
    expect(yamlSays(text)).toEqual([3, 10]); // "x", the end of line 3
  });

  it('an unclosed quote names the line the quote opens on (yaml reports the end of the file)', async () => {
    const text = `${HEAD}  version: "1\npaths: {}\n`;
    const err = await failure('spec.yaml', text);
    expect(err.message).toMatch(/Missing closing "quote/);
    expect([err.location?.line, err.location?.column]).toEqual([4, 12]);
    expect(yamlSays(text)).toEqual([6, 1]);
  });

  it('an undefined alias names the alias', async () => {
    const err = await failure('spec.yaml', `${HEAD}  version: '1'\npaths: *nope\n`);
    expect(err.message).toMatch(/Unresolved alias .*nope/);
    expect([err.location?.line, err.location?.column]).toEqual([5, 8]);
  });
});

describe('.json files are strict JSON, errors on the exact line', () => {
  const v8Offset = (text: string): number | undefined => {
    try {
      JSON.parse(text);
    } catch (err) {
      const m = / at position (\d+)/.exec((err as Error).message);
      return m ? Number(m[1]) : undefined;
    }
    throw new Error('JSON.parse accepted the text');
  };
  const lines = (...l: string[]) => `${l.join('\n')}\n`;

  it.each([
    ['a trailing comma in an object', lines('{', '  "openapi": "3.0.3",', '  "paths": {},', '}'), [4, 1]],
    ['a trailing comma in an array', lines('{', '  "openapi": "3.0.3",', '  "tags": [{"name": "a"},', '  ],', '  "paths": {}', '}'), [4, 3]],
    ['two commas', lines('{', '  "openapi": "3.0.3",', '  ,"paths": {}', '}'), [3, 3]],
    ['a missing comma', lines('{', '  "openapi": "3.0.3"', '  "paths": {}', '}'), [3, 3]],
    ['a misspelt literal', lines('{', '  "openapi": "3.0.3",', '  "x-flag": tru,', '  "paths": {}', '}'), [3, 13]],
    ['a single-quoted string', lines('{', "  'openapi': '3.0.3'", '}'), [2, 3]],
    ['a line break inside a string', lines('{', '  "openapi": "3.0', '.3"', '}'), [2, 18]],
    ['a comment', lines('{', '  "openapi": "3.0.3", // the version', '  "paths": {}', '}'), [2, 23]],
    ['an unclosed object', lines('{', '  "openapi": "3.0.3",', '  "paths": {}'), [4, 1]],
  ])('%s', async (_kind, text, expected) => {
    const err = await failure('spec.json', text);
    expect(err.code).toBe('SPEC_SYNTAX');
    expect([err.location?.line, err.location?.column]).toEqual(expected);
    // the scanner agrees with V8 wherever V8 names an offset
    const v8 = v8Offset(text);
    if (v8 !== undefined) expect(jsonSyntaxProblem(text)?.offset).toBe(v8);
  });

  it('accepts exactly what JSON.parse accepts', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e+3, true, false, null, "\\u00e9\\n"]} ', '0', '"x"', '\ufeff{"a": {}}']) {
      expect(jsonSyntaxProblem(text), text).toBeUndefined();
    }
    for (const text of ['', '{', '[1,]', '{"a" 1}', '01', '-', '1.', '"\\x"', '{"a":1}}', 'nul']) {
      expect(jsonSyntaxProblem(text), text).toBeDefined();
      expect(() => JSON.parse(text), text).toThrow();
    }
  });

  it('a .yaml file in JSON style keeps YAML rules (a trailing comma is fine there)', async () => {
    const dir = await tmpDir('flow-yaml');
    const file = path.join(dir, 'spec.yaml');
    await writeFile(file, '{"openapi": "3.0.3", "info": {"title": "x", "version": "1"}, "paths": {},}\n');
    const r = await generate({ input: file, output: path.join(dir, 'out'), targets: ['types'] });
    expect(r.model.title).toBe('x');
  });
});

describe('nesting deeper than the limit (12.18)', () => {
  /** A spec whose component schema nests `levels` objects (two JSON levels each). */
  const deepJson = (levels: number) =>
    `{"openapi":"3.0.3","info":{"title":"deep","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Deep"}}}}}}}},` +
    `"components":{"schemas":{"Deep":\n${'{"type":"object","properties":{"a":\n'.repeat(levels)}{"type":"string"}${'}}'.repeat(levels)}}}}\n`;

  it('3,000 levels of JSON: exit 1 naming the line where the limit is passed', async () => {
    const text = deepJson(3000);
    const err = await failure('deep.json', text);
    expect(err.code).toBe('SPEC_TOO_DEEP');
    // line 1 holds levels 1-3 (root, components, schemas); line k >= 2 holds an object (level 2k)
    // and its `properties` (level 2k + 1), so level 257 is the `properties` object on line 128
    const line = (MAX_NESTING + 1 - 1) / 2;
    const column = '{"type":"object","properties":'.length + 1;
    expect([err.location?.line, err.location?.column]).toEqual([line, column]);
    expect(text.split('\n')[line - 1]!.slice(column - 1)).toBe('{"a":');
  });

  it('3,000 levels of YAML (which overflows the yaml package itself): exit 1, located', async () => {
    const text = `${HEAD}  version: '1'\npaths: {}\nx-deep:\n  ${'- '.repeat(3000)}1\n`;
    const err = await failure('deep.yaml', text);
    expect(err.code).toBe('SPEC_TOO_DEEP');
    // the root map is level 1, x-deep's sequence level 2: the 256th "- " opens level 257
    expect([err.location?.line, err.location?.column]).toEqual([7, 3 + 2 * (MAX_NESTING - 1)]);
  });

  it('the CLI exits 1 (not 3) without a stack trace', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const { ROOT } = await import('../helpers/generated.js');
    const dir = await tmpDir('deep-cli');
    await writeFile(path.join(dir, 'deep.json'), deepJson(3000));
    const r = await promisify(execFile)(process.execPath, [path.join(ROOT, 'dist/generator/cli.js'), 'generate', path.join(dir, 'deep.json'), '-o', path.join(dir, 'out')]).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/deep\.json:\d+:\d+: objects and arrays nest more than 256 levels deep here .*\[SPEC_TOO_DEEP\]/);
    expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  });

  it('a spec at the limit generates and its output passes tsc --strict', async () => {
    const dir = await tmpDir('deep-ok');
    await writeFile(path.join(dir, 'deep.json'), deepJson((MAX_NESTING - 4) / 2));
    const { dir: out } = await generateInto(path.join(dir, 'deep.json'), 'deep-out');
    expect(await typecheck([out])).toBe('');
  });

  it('a $ref chain that still exhausts the stack is SPEC_TOO_DEEP, not an internal error', async () => {
    const n = 30_000;
    const parameters: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) parameters[`P${i}`] = i < n - 1 ? { $ref: `#/components/parameters/P${i + 1}` } : { name: 'q', in: 'query', schema: { type: 'string' } };
    const doc = { openapi: '3.0.3', info: { title: 'chain', version: '1' }, paths: { '/a': { get: { parameters: [{ $ref: '#/components/parameters/P0' }], responses: { '200': { description: 'ok' } } } } }, components: { parameters } };
    const err = await failure('chain.json', JSON.stringify(doc));
    expect(err.code).toBe('SPEC_TOO_DEEP');
    expect(err.location?.file).toMatch(/chain\.json$/);
  });
});
