/**
 * Schema keywords whose cost the request controls (issue 13.7).
 *
 * - `pattern` / `patternProperties` run on RE2 (re2js, a pure-JavaScript port of RE2: linear time,
 *   no native build), through ajv's `code.regExp` option. A pattern RE2 cannot express (lookaround,
 *   backreferences) runs on JavaScript's engine only if safe-regex2 finds no nested quantifier in
 *   it; otherwise registration fails (`CG_SCHEMA_COMPILE`), naming the pattern.
 * - `uniqueItems` is checked in linear time (one canonical JSON key per item) instead of ajv's
 *   pairwise deep comparison, which is quadratic for object items (16k objects: 3–19 s).
 *
 * Both packages are optional peers, loaded with `require` the first time a schema needs them.
 */
import { createRequire } from 'node:module';
import type { ErrorObject, KeywordDefinition } from 'ajv';
import type { RE2JS as RE2JSClass } from 're2js';
import { ServerSetupError } from './errors.js';

const require = createRequire(import.meta.url);

/** What ajv calls `regExp.test` on (and keys its cache by `toString()`). */
interface PatternMatcher {
  test(text: string): boolean;
  toString(): string;
}

let re2: typeof RE2JSClass | undefined;
let safeRegex: ((re: string) => boolean) | undefined;

function load<T>(name: string, pick: (mod: never) => T): T {
  try {
    return pick(require(name) as never);
  } catch (cause) {
    throw new ServerSetupError('CG_PLUGIN_MISSING', `schemas with a pattern need ${name} (patterns run in linear time): npm install ${name}`, { cause });
  }
}

// JavaScript's `\s` (ECMA-262 WhiteSpace + LineTerminator); RE2's `\s` is ASCII only.
const JS_SPACE = '\\t\\n\\v\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}';
// JavaScript's `.` (without the s flag) excludes every line terminator; RE2's only `\n`.
const JS_DOT = '[^\\n\\r\\x{2028}\\x{2029}]';

/**
 * Rewrites the ECMA-262 syntax RE2 reads differently (`\uXXXX`, `\u{…}`, `\s`, `\S`, `.`) into RE2
 * syntax with the same meaning; `undefined` where no faithful rewrite exists (an empty class `[]`,
 * `\S` inside a class).
 */
export function toRe2Syntax(pattern: string): string | undefined {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) return undefined;
      const hex4 = /^[0-9a-fA-F]{4}/.exec(pattern.slice(i + 2, i + 6));
      const braced = /^\{([0-9a-fA-F]{1,6})\}/.exec(pattern.slice(i + 2));
      if (next === 'u' && braced) {
        out += `\\x{${braced[1]}}`;
        i += 1 + braced[0].length;
      } else if (next === 'u' && hex4) {
        out += `\\x{${hex4[0]}}`;
        i += 5;
      } else if (next === 's') {
        out += inClass ? JS_SPACE : `[${JS_SPACE}]`;
        i += 1;
      } else if (next === 'S') {
        if (inClass) return undefined;
        out += `[^${JS_SPACE}]`;
        i += 1;
      } else {
        out += c + next;
        i += 1;
      }
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      // `[]` / `[^]` mean "nothing" / "anything" in JavaScript, but open a class containing `]` in RE2.
      const start = pattern[i + 1] === '^' ? i + 2 : i + 1;
      if (pattern[start] === ']') return undefined;
      inClass = true;
      out += pattern.slice(i, start);
      i = start - 1;
    } else {
      out += c === '.' ? JS_DOT : c;
    }
  }
  return out;
}

/**
 * ajv's `code.regExp`: a linear-time matcher for `pattern` (ECMA-262 syntax, `u` flag). The pattern
 * must be a valid JavaScript regular expression, as JSON Schema requires.
 */
export const patternEngine = Object.assign(compilePattern, { code: 'contractgen:patternEngine' }); // `code`: only for ajv standalone output, unused

function compilePattern(pattern: string, flags: string): PatternMatcher {
  const native = new RegExp(pattern, flags); // syntax check only: never run when RE2 can be
  const rewritten = toRe2Syntax(pattern);
  if (rewritten !== undefined) {
    re2 ??= load('re2js', (mod: { RE2JS: typeof RE2JSClass }) => mod.RE2JS);
    let compiled: RE2JSClass | undefined;
    try {
      compiled = re2.compile(rewritten);
    } catch {
      // RE2 has no lookaround or backreferences: see below.
    }
    if (compiled) {
      const re = compiled;
      return { test: (text) => re.matcher(text).find(), toString: () => `re2:/${pattern}/${flags}` };
    }
  }
  safeRegex ??= load('safe-regex2', (mod: ((re: string) => boolean) & { default?: (re: string) => boolean }) => mod.default ?? mod);
  if (!safeRegex(pattern)) {
    throw new Error(
      `pattern ${JSON.stringify(pattern)} cannot run in linear time (RE2 does not support it) and has nested quantifiers that can take exponential time (safe-regex2): rewrite it`,
    );
  }
  return { test: (text) => native.test(text), toString: () => `js:/${pattern}/${flags}` };
}

/** A key equal for JSON-equal values (object keys sorted; 1 and 1.0 equal, as JSON Schema says). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(record[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

type UniqueItemsValidate = ((schema: boolean, data: unknown[]) => boolean) & { errors?: Array<Partial<ErrorObject>> };

/** `uniqueItems` in linear time: ajv's own compares object items pairwise. */
export function uniqueItemsKeyword(): KeywordDefinition {
  const validate: UniqueItemsValidate = (schema, data) => {
    if (!schema) return true;
    const seen = new Map<string, number>();
    for (let i = 0; i < data.length; i++) {
      let key: string;
      try {
        key = canonical(data[i]);
      } catch {
        validate.errors = [{ keyword: 'uniqueItems', message: 'items are nested too deeply to compare', params: {} }];
        return false;
      }
      const j = seen.get(key);
      if (j !== undefined) {
        validate.errors = [{ keyword: 'uniqueItems', message: `must NOT have duplicate items (items ## ${j} and ${i} are identical)`, params: { i, j } }];
        return false;
      }
      seen.set(key, i);
    }
    return true;
  };
  return { keyword: 'uniqueItems', type: 'array', schemaType: 'boolean', errors: true, validate };
}
