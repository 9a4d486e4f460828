/**
 * Prettier, cached by content hash (in memory for watch mode). Files over
 * FORMAT_LIMIT skip it: Prettier formats TypeScript at roughly 50 KB/s on our
 * machines (a 1,000-operation output took 30 s), while the emitters already
 * print indented code (openapi-typescript's printer, indented descriptors).
 */
import * as prettier from 'prettier';
import { contentHash } from './content-hash.js';

const cache = new Map<string, string>();
export const FORMAT_LIMIT = 150_000;
/** Bounded: a long watch session must not keep every version of every file. */
const CACHE_ENTRIES = 256;

export async function formatTs(text: string): Promise<string> {
  if (text.length > FORMAT_LIMIT) return text;
  const key = contentHash(text);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const out = await prettier.format(text, { parser: 'typescript', singleQuote: true, printWidth: 120, trailingComma: 'all' });
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, out);
  return out;
}
