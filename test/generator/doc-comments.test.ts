/**
 * Issue 12.16: the doc-comment escaper neutralizes only what TypeScript would read as a tag
 * (or what would close the comment); the generator's own `@deprecated` tags stay tags, and
 * e-mail addresses stay as written. Checked with TypeScript's own JSDoc parser.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { DEPRECATED, docComment } from '../../generator/escape.js';
import { fixture, generateInto, typecheck } from '../helpers/generated.js';

/** Tags TypeScript sees on each named declaration (functions, methods, properties, types) of `source`. */
function tagsByName(source: string): Map<string, string[]> {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.ESNext, true);
  const out = new Map<string, string[]>();
  const visit = (node: ts.Node): void => {
    const name = (node as { name?: ts.Node }).name;
    if (name && (ts.isIdentifier(name) || ts.isStringLiteral(name))) {
      const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
      // inline tags ({@link …}) count too
      const links = docs.flatMap((d) => (typeof d.comment === 'object' && d.comment ? [...d.comment] : [])).filter((c) => c.kind !== ts.SyntaxKind.JSDocText).map(() => 'link');
      const tags = [...ts.getJSDocTags(node).map((t) => t.tagName.text), ...links];
      if (ts.getJSDocCommentsAndTags(node).length > 0) out.set(name.text, [...(out.get(name.text) ?? []), ...tags]);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

const commentText = (source: string, name: string): string => {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.ESNext, true);
  let text = '';
  const visit = (node: ts.Node): void => {
    const n = (node as { name?: ts.Node }).name;
    if (n && ts.isIdentifier(n) && n.text === name) {
      text = ts.getJSDocCommentsAndTags(node).map((d) => ts.getTextOfJSDocComment((d as ts.JSDoc).comment) ?? '').join('\n');
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return text;
};

describe('docComment', () => {
  it.each([
    ['@deprecated at the start'],
    ['text\n@deprecated on its own line'],
    ['mid-line @deprecated after a space'],
    ['after a tab\t@deprecated'],
    ['after NEL\u0085@deprecated'],
    ['after a zero-width space\u200b@deprecated'],
    ['an inline {@link https://evil.example} tag'],
    ['@type {any} @param x @returns y @see z'],
    ['*/ @deprecated /* closing attempt'],
  ])('spec text %j never becomes a tag', (text) => {
    const source = `${docComment([text])}export function f(): void {}\n`;
    expect(tagsByName(source).get('f')).toEqual([]);
    expect(new Function(`${docComment([text])}\nreturn 42;`)()).toBe(42);
  });

  it('keeps e-mail addresses and other in-word @ as written', () => {
    const source = `${docComment(['Mail dev@example.com or a.b+c@x.org; user@host:22'])}export function f(): void {}\n`;
    expect(commentText(source, 'f')).toBe('Mail dev@example.com or a.b+c@x.org; user@host:22');
    expect(tagsByName(source).get('f')).toEqual([]);
  });

  it("the generator's own @deprecated is a real tag, after the text", () => {
    const source = `${docComment(['Old.', '@deprecated said the spec', DEPRECATED])}export function f(): void {}\n`;
    expect(tagsByName(source).get('f')).toEqual(['deprecated']);
    expect(source).toContain(' * &#64;deprecated said the spec\n *\n * @deprecated\n');
  });
});

describe('generated output', () => {
  it('deprecated operations and schemas carry @deprecated for editors; descriptions keep e-mails', async () => {
    const { dir } = await generateInto(fixture('openapi/deprecated.yaml'), 'deprecated');
    const [server, client, types] = await Promise.all(['server.ts', 'client.ts', 'types.ts'].map((f) => readFile(path.join(dir, f), 'utf8')));
    expect(tagsByName(server!).get('getLegacy')).toEqual(['deprecated']); // Handlers method
    expect(tagsByName(client!).get('getLegacy')).toEqual(['deprecated', 'deprecated']); // the per-operation function and the Client method
    expect(tagsByName(types!).get('OldThing')).toContain('deprecated'); // the named alias
    expect(tagsByName(server!).get('getCurrent')).toEqual([]); // "@returns" in its summary is text
    expect(commentText(server!, 'getLegacy')).toContain('Write to support@example.com (or &#64;support on chat).');
    expect(commentText(types!, 'OldThing')).toContain('Ask owner@example.com before use.');
    expect(server).not.toContain('\uff20');
    expect(await typecheck([dir])).toBe('');
  });
});
