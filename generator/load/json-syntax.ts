/**
 * Where strict JSON (RFC 8259) text first goes wrong, and why. V8's JSON.parse reports an
 * offset for some errors only ("Unexpected token 'x', "…" is not valid JSON" has none), so
 * the error path scans the text once more, iteratively (any depth), to name the exact spot.
 */

export interface JsonSyntaxProblem {
  /** Offset (UTF-16 index) of the first character that is wrong (the text's length at an early end). */
  offset: number;
  message: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** The first syntax problem of `text` as JSON, or undefined when it is valid JSON. */
export function jsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  /** Open containers, innermost last. */
  const open: Array<'{' | '['> = [];
  /** What may come next. */
  let expect: 'value' | 'value-or-end' | 'key' | 'key-or-end' | 'colon' | 'comma-or-end' = 'value';
  const found = (what: string): string => (i >= n ? 'the end of the text' : describeChar(text[i]!)) + what;
  const fail = (wanted: string): JsonSyntaxProblem => ({ offset: i, message: `unexpected ${found('')}, expected ${wanted}` });

  for (;;) {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
    const c = text[i];
    if (expect === 'comma-or-end') {
      const inner = open[open.length - 1];
      if (inner === undefined) return i >= n ? undefined : fail('the end of the text (one value per document)');
      if (c === ',') {
        i++;
        expect = inner === '{' ? 'key' : 'value';
        continue;
      }
      if ((c === '}' && inner === '{') || (c === ']' && inner === '[')) {
        i++;
        open.pop();
        continue;
      }
      return fail(inner === '{' ? "',' or '}'" : "',' or ']'");
    }
    if (expect === 'colon') {
      if (c !== ':') return fail("':' after the property name");
      i++;
      expect = 'value';
      continue;
    }
    if (expect === 'key' || expect === 'key-or-end') {
      if (c === '}' && expect === 'key-or-end') {
        i++;
        open.pop();
        expect = 'comma-or-end';
        continue;
      }
      if (c !== '"') return fail(expect === 'key' ? 'a double-quoted property name (no trailing comma)' : "a double-quoted property name or '}'");
      const bad = scanString(text, i);
      if (typeof bad !== 'number') return bad;
      i = bad;
      expect = 'colon';
      continue;
    }
    // a value
    if (c === ']' && expect === 'value-or-end') {
      i++;
      open.pop();
      expect = 'comma-or-end';
      continue;
    }
    if (c === '{' || c === '[') {
      open.push(c);
      i++;
      expect = c === '{' ? 'key-or-end' : 'value-or-end';
      continue;
    }
    if (c === '"') {
      const end = scanString(text, i);
      if (typeof end !== 'number') return end;
      i = end;
    } else if (c !== undefined && (c === '-' || (c >= '0' && c <= '9'))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) return { offset: i + 1, message: `unexpected ${describeChar(text[i + 1] ?? '')}, expected a digit` };
      i += m[0].length;
    } else {
      const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
      if (!word) return fail(expect === 'value-or-end' ? "a value or ']'" : c === ']' || c === '}' ? 'a value (no trailing comma)' : 'a value');
      i += word.length;
    }
    expect = 'comma-or-end';
  }
}

/** End offset of the string starting at `start` (a `"`), or the problem inside it. */
function scanString(text: string, start: number): number | JsonSyntaxProblem {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) return { offset: i, message: `${describeChar(text[i]!)} inside a string (control characters must be escaped)` };
    if (code === 0x5c) {
      const next = text[i + 1] ?? '';
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { offset: i, message: 'bad \\u escape (four hex digits expected)' };
        i += 5;
      } else if (ESCAPES.has(next)) i++;
      else return { offset: i, message: `bad escape \\${next}` };
    }
  }
  return { offset: start, message: 'unterminated string (no closing ")' };
}

function describeChar(c: string): string {
  if (c === '') return 'the end of the text';
  if (c === '\n') return 'a line break';
  if (c === '\t') return 'a tab';
  const code = c.charCodeAt(0);
  return code < 0x20 || code === 0x7f ? `control character U+${code.toString(16).padStart(4, '0').toUpperCase()}` : `'${c}'`;
}
