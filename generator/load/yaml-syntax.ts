/**
 * Exact spots for YAML problems, found on the `yaml` package's concrete syntax tree
 * (its Parser builds the tree without recursion, so this works at any depth). Used
 * on the error path only.
 */
import { Parser, type CST, type YAMLParseError } from 'yaml';

type Token = CST.Token;

/**
 * Visits every node token depth-first in source order with its collection depth (the
 * document's top value has depth 1, a value inside it 2, …). Stops when `visit` returns true.
 */
function walk(text: string, visit: (token: Token, depth: number) => boolean | void): void {
  for (const top of new Parser().parse(text)) {
    const stack: Array<[Token, number]> = [[top, 0]];
    while (stack.length > 0) {
      const [token, depth] = stack.pop()!;
      if (visit(token, depth)) return;
      const children: Token[] = [];
      if (token.type === 'document') {
        if (token.value) children.push(token.value);
      } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
        for (const item of token.items) {
          if (item.key) children.push(item.key);
          if (item.value) children.push(item.value);
        }
      }
      const childDepth = token.type === 'document' ? 1 : depth + 1;
      for (let i = children.length - 1; i >= 0; i--) stack.push([children[i]!, childDepth]);
    }
  }
}

const isCollection = (t: Token) => t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection';

/**
 * The offset that names the line a YAML syntax error is really on. The parser reports
 * an unclosed quote where it gave up (the end of the file) and an over-indented key at
 * the start of the value it was glued to; both point at the line to fix instead.
 */
export function yamlErrorOffset(text: string, err: YAMLParseError): number {
  const pos = err.pos[0];
  if (err.code === 'MISSING_CHAR' && /closing .?quote/.test(err.message)) {
    let opening: number | undefined;
    walk(text, (t) => {
      if ((t.type === 'double-quoted-scalar' || t.type === 'single-quoted-scalar') && t.offset <= pos && pos <= t.offset + t.source.length) {
        opening = t.offset;
        return true;
      }
      return false;
    });
    return opening ?? pos;
  }
  if (err.code === 'BLOCK_AS_IMPLICIT_KEY') {
    let line: number | undefined;
    walk(text, (t) => {
      if (t.type !== 'block-map' || t.offset !== pos) return false;
      const key = t.items[0]?.key;
      if (key && 'source' in key && key.source.includes('\n')) {
        const last = key.source.lastIndexOf('\n') + 1;
        line = key.offset + last + (/^[ \t]*/.exec(key.source.slice(last))?.[0].length ?? 0);
      }
      return true;
    });
    return line ?? pos;
  }
  return pos;
}

/** Offset of the first collection nested deeper than `limit` levels, or undefined. */
export function offsetDeeperThan(text: string, limit: number): number | undefined {
  let found: number | undefined;
  walk(text, (t, depth) => {
    if (depth > limit && isCollection(t)) {
      found = t.offset;
      return true;
    }
    return false;
  });
  return found;
}

/** Offset of the first alias (`*name`) whose anchor is not defined before it. */
export function unresolvedAliasOffset(text: string, name: string): number | undefined {
  let found: number | undefined;
  walk(text, (t) => {
    if (t.type === 'alias' && t.source === `*${name}`) {
      found = t.offset;
      return true;
    }
    return false;
  });
  return found;
}
