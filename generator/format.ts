/**
 * Prettier, cached by content hash (in memory for watch mode). Files over
 * FORMAT_LIMIT skip it: Prettier formats TypeScript at roughly 50 KB/s on our
 * machines (a 1,000-operation output took 30 s), while the emitters already
 * print indented code (openapi-typescript's printer, indented descriptors).
 */
import { createHash } from 'node:crypto';
import * as prettier from 'prettier';

const cache = new Map<string, string>();
export const FORMAT_LIMIT = 150_000;

export async function formatTs(text: string): Promise<string> {
  const key = createHash('sha256').update(text).digest('hex');
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const out =
    text.length > FORMAT_LIMIT
      ? text
      : await prettier.format(text, { parser: 'typescript', singleQuote: true, printWidth: 120, trailingComma: 'all' });
  cache.set(key, out);
  return out;
}
