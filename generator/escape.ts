/**
 * Context-specific escaping: every spec-derived value that reaches emitted
 * code goes through exactly one of these. They are registered as the only
 * Handlebars helpers that print spec text (see render/handlebars.ts).
 */

const IDENTIFIER = /^[\p{ID_Start}_$][\p{ID_Continue}$\u200c\u200d]*$/u;

/**
 * A JavaScript string literal (double-quoted). JSON.stringify escapes quotes,
 * backslashes and control characters; we also escape U+2028/2029 (line
 * terminators in older engines), `<` (so `</script>` and `<!--` never appear
 * literally) and non-ASCII is left as is (valid UTF-8 source).
 */
export function str(value: unknown): string {
  let json = JSON.stringify(String(value));
  // (string replacements, one pass per character present: megabyte descriptors go through here)
  if (json.includes('<')) json = json.replaceAll('<', '\\u003c');
  if (json.includes('\u2028')) json = json.replaceAll('\u2028', '\\u2028');
  if (json.includes('\u2029')) json = json.replaceAll('\u2029', '\\u2029');
  return json;
}

/** A property key: bare when it is a valid identifier (reserved words are fine as keys), quoted otherwise. */
export function propKey(name: string): string {
  return IDENTIFIER.test(name) && name !== '__proto__' ? name : str(name);
}

/**
 * Text for a JSDoc block (without the delimiters): `*\/` can never close the
 * comment, line breaks are normalized, and an `@` that TypeScript would read as
 * the start of a tag (at the start of a line, after whitespace, or as `{@link`)
 * becomes the HTML entity `&#64;`, which editors' Markdown hovers show as `@`.
 * Any other `@` (e-mail addresses, `user@host`) stays as written. Returns '' for
 * empty input.
 */
export function docText(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  // (most descriptions hold none of the characters below: every replacement would be a no-op)
  if (!DOC_SPECIAL.test(text)) return text.trim();
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2028\u2029]/g, '\n')
    .replace(/\*\//g, '*\\/')
    .replace(/(^|[\s\u0085\u200b{])@/g, '$1&#64;')
    .trim();
}

const DOC_SPECIAL = /[\r\u2028\u2029@]|\*\//;

/** A JSDoc tag the generator writes itself (never spec text): printed verbatim. */
export interface DocTag {
  tag: 'deprecated';
}

export const DEPRECATED: DocTag = { tag: 'deprecated' };

/** One entry of a doc comment: spec text (escaped), a generator tag, or nothing. */
export type DocLine = string | DocTag | undefined | false;

/** A full JSDoc comment, or '' when there is nothing to say. Generator tags come last. */
export function docComment(lines: readonly DocLine[], indent = ''): string {
  const text = lines.filter((l): l is string => typeof l === 'string' && l.trim().length > 0).map(docText);
  const tags = lines.filter((l): l is DocTag => typeof l === 'object' && l !== null && l.tag === 'deprecated').map((t) => `@${t.tag}`);
  const body = [...text, ...tags].join('\n\n').split('\n');
  if (body.length === 0 || (body.length === 1 && body[0] === '')) return '';
  return `${indent}/**\n${body.map((l) => `${indent} *${l ? ` ${l}` : ''}`).join('\n')}\n${indent} */\n`;
}

/**
 * A value as a JS literal (objects, arrays, strings, numbers), safe to embed
 * in code. A `__proto__` key is emitted as a computed key, since a plain
 * `"__proto__": …` in an object literal would set the prototype instead.
 */
export function literal(value: unknown): string {
  if (value === undefined) return 'undefined';
  // Fast path: JSON is a valid JS literal unless a `__proto__` key is in it (or a non-finite number, which JSON makes null).
  if (value !== null && typeof value === 'object') {
    // indented, so outputs too large for Prettier stay readable
    const json = JSON.stringify(value, null, 2);
    if (json !== undefined && !json.includes('"__proto__":')) return escapeJsonText(json);
  }
  if (value === null || typeof value !== 'object') {
    return typeof value === 'number' && !Number.isFinite(value) ? 'null' : safeJson(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : literal(v))).join(',')}]`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    parts.push(`${k === '__proto__' ? '["__proto__"]' : safeJson(k)}:${literal(v)}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * Large data as `JSON.parse('…')`: the compiler skips checking a huge object
 * literal property by property (GitHub's server descriptor made tsc 3× slower),
 * V8 parses JSON faster than JS, and `__proto__` keys stay plain data.
 */
export function dataLiteral(value: unknown, threshold = 100_000): string {
  const json = JSON.stringify(value);
  if (json === undefined || json.length < threshold) return literal(value);
  return jsonParse(json);
}

/**
 * `JSON.parse('…')` of JSON text, as a single-quoted string so JSON's own `"` need no escape:
 * GitHub's 4 MB server descriptor written with `\"` cost tsc ~60 MB of memory, single-quoted
 * about as much as no descriptor at all (measured, issue 16). Escaped: `\`, `'`,
 * `<` (no `</script>` or `<!--`) and U+2028/2029 (JSON text holds no other line terminator).
 */
export function jsonParse(json: string): string {
  return `JSON.parse('${jsonParseText(json)}')`;
}

/** The inside of jsonParse's string literal; escapes character by character, so the text of a concatenation is the concatenation of the texts. */
export function jsonParseText(json: string): string {
  let text = json;
  if (text.includes('\\')) text = text.replaceAll('\\', '\\\\');
  if (text.includes("'")) text = text.replaceAll("'", "\\'");
  if (text.includes('<')) text = text.replaceAll('<', '\\u003c');
  if (text.includes('\u2028')) text = text.replaceAll('\u2028', '\\u2028');
  if (text.includes('\u2029')) text = text.replaceAll('\u2029', '\\u2029');
  return text;
}

function safeJson(value: unknown): string {
  return escapeJsonText(JSON.stringify(value));
}

function escapeJsonText(json: string): string {
  return json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029').replace(/</g, '\\u003c');
}
