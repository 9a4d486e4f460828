/**
 * Prettier, cached by content hash (in memory for watch mode). Very large
 * files skip formatting: Prettier's cost grows faster than linearly and the
 * emitters already print readable code.
 */
import { createHash } from 'node:crypto';
import * as prettier from 'prettier';

const cache = new Map<string, string>();
export const FORMAT_LIMIT = 1_500_000;

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
