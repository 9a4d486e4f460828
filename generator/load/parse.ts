/** Text -> data for JSON and YAML sources, with syntax errors located on the exact line. */
import path from 'node:path';
import { LineCounter, parse as parseYaml, YAMLParseError } from 'yaml';
import { SpecError, type SourceLocation } from '../diagnostics.js';
import { jsonSyntaxProblem } from './json-syntax.js';
import { offsetDeeperThan, unresolvedAliasOffset, yamlErrorOffset } from './yaml-syntax.js';

/**
 * How deeply objects and arrays may nest in a spec file. Real specs stay below 25 levels
 * (the deepest of the APIs.guru sample in fixtures/corpus has 21); the stages after
 * parsing (validation, bundling, openapi-typescript, TypeScript's printer, Prettier) and
 * the generated code's consumers (tsc, ajv at server start) recurse, and overflow the
 * stack somewhere between 600 and 800 levels. Deeper files are refused, located.
 */
export const MAX_NESTING = 256;

/**
 * `.json` files are strict JSON (RFC 8259: no trailing commas, comments or single quotes);
 * other files are YAML 1.2 (which includes JSON).
 */
export function parseSource(file: string, text: string): unknown {
  const strictJson = path.extname(file).toLowerCase() === '.json';
  let value: unknown;
  let parsed = false;
  if (isJsonText(file, text)) {
    try {
      value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
      parsed = true;
    } catch {
      const problem = jsonSyntaxProblem(text);
      // (YAML is a superset of JSON: a `.yaml` file written in flow style falls through)
      if (strictJson) throw new SpecError('SPEC_SYNTAX', `syntax error: ${problem?.message ?? 'not valid JSON'}`, at(file, text, problem?.offset ?? 0));
    }
  }
  if (!parsed) value = parseYamlText(file, text);
  const depth = nestingDepth(value, MAX_NESTING);
  if (depth > MAX_NESTING) {
    throw tooDeep(file, text, offsetDeeperThan(text, MAX_NESTING));
  }
  return value;
}

/** Whether `text` is read as JSON first: a `.json` file, or text that starts like JSON. */
export function isJsonText(file: string, text: string): boolean {
  if (path.extname(file).toLowerCase() === '.json') return true;
  const trimmed = text.trimStart();
  return trimmed.startsWith('{') || trimmed.startsWith('[');
}

function tooDeep(file: string, text: string, offset: number | undefined): SpecError {
  return new SpecError(
    'SPEC_TOO_DEEP',
    `objects and arrays nest more than ${MAX_NESTING} levels deep here (contractgen's limit; real specs stay far below it)`,
    offset === undefined ? { file } : at(file, text, offset),
  );
}

function parseYamlText(file: string, text: string): unknown {
  try {
    return parseYaml(text, { uniqueKeys: true, maxAliasCount: 1000, prettyErrors: false, merge: true });
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    // the yaml package composes nodes recursively: a file thousands of levels deep overflows it
    if (err instanceof RangeError || message.includes('Maximum call stack size exceeded')) {
      const offset = offsetDeeperThan(text, MAX_NESTING);
      if (offset !== undefined) throw tooDeep(file, text, offset);
    }
    if (err instanceof YAMLParseError) {
      const message = err.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'syntax error';
      throw new SpecError('SPEC_SYNTAX', `syntax error: ${message}`, at(file, text, yamlErrorOffset(text, err)));
    }
    const alias = /^Unresolved alias \(the anchor must be set before the alias\): (.+)$/.exec(message);
    const offset = alias ? unresolvedAliasOffset(text, alias[1]!) : undefined;
    throw new SpecError('SPEC_SYNTAX', `syntax error: ${message}`, offset === undefined ? { file } : at(file, text, offset));
  }
}

/** file:line:column of an offset in `text` (1-based, as editors count). */
function at(file: string, text: string, offset: number): SourceLocation {
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  const pos = lines.linePos(offset);
  return { file, line: pos.line, column: pos.col };
}

/** Nesting depth of objects and arrays (the value itself counts 1), counted up to `limit + 1`. */
function nestingDepth(value: unknown, limit: number): number {
  if (value === null || typeof value !== 'object') return 0;
  let max = 1;
  const nodes: object[] = [value];
  const depths: number[] = [1];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth > max && (max = depth) > limit) return max;
    if (Array.isArray(node)) {
      for (const child of node) if (child !== null && typeof child === 'object') (nodes.push(child as object), depths.push(depth + 1));
    } else {
      for (const key in node) {
        const child = (node as Record<string, unknown>)[key];
        if (child !== null && typeof child === 'object') (nodes.push(child), depths.push(depth + 1));
      }
    }
  }
  return max;
}
