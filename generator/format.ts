/**
 * Prettier, cached by content hash (in memory for watch mode). Files over
 * FORMAT_LIMIT skip it: Prettier formats TypeScript at roughly 50 KB/s on our
 * machines (a 1,000-operation output took 30 s), while the emitters already
 * print indented code (openapi-typescript's printer, indented descriptors).
 */
import { createRequire } from 'node:module';
import { contentHash } from './content-hash.js';
import { cachedText, storeText } from './fast-start/index.js';

const cache = new Map<string, string>();
const OPTIONS = { parser: 'typescript', singleQuote: true, printWidth: 120, trailingComma: 'all' } as const;
let prettier: Promise<typeof import('prettier')> | undefined;
let diskKey: string | undefined;
export const FORMAT_LIMIT = 150_000;
/** Bounded: a long watch session must not keep every version of every file. */
const CACHE_ENTRIES = 256;

export async function formatTs(text: string): Promise<string> {
  if (text.length > FORMAT_LIMIT) return text;
  const key = contentHash(text);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  // In the CLI, results also survive the process (fast-start's cache, like `prettier --cache`):
  // a run whose files did not change does not even load Prettier.
  diskKey ??= `prettier@${(createRequire(import.meta.url)('prettier/package.json') as { version: string }).version} ${JSON.stringify(OPTIONS)}`;
  const stored = cachedText(`${diskKey}\0${text}`);
  if (stored !== undefined) {
    remember(key, stored);
    return stored;
  }
  prettier ??= import('prettier');
  const out = await (await prettier).format(text, OPTIONS);
  storeText(`${diskKey}\0${text}`, out);
  remember(key, out);
  return out;
}

function remember(key: string, out: string): void {
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, out);
}
