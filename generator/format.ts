/**
 * Prettier's style, cached by content hash (in memory for watch mode). The emitted files are
 * laid out by ./prettier-style.ts, which builds Prettier's own layout document from the
 * TypeScript the emitters print and needs neither Prettier's parsers nor its printer plugins
 * (a first run used to spend ~0.5 s of CPU loading and running them: issue 16, cold start).
 * Prettier itself formats only a file holding something that printer does not cover (it throws
 * `Unsupported`), and the scaffold's hand-written files. Files over
 * FORMAT_LIMIT skip it: Prettier formats TypeScript at roughly 50 KB/s on our
 * machines (a 1,000-operation output took 30 s), while the emitters already
 * print indented code (openapi-typescript's printer, indented descriptors).
 *
 * Loaded as Prettier's standalone build with only the Babel parser (`babel-ts`) and the
 * ESTree printer, `require`d as CommonJS: its `typescript` parser plugin (0.9 MB) and the
 * Node entry (0.7 MB, config resolution we never use) cost a first run about 0.3 s of CPU
 * (docs/dev.md, Cold start), and CommonJS gets the CLI's V8 code cache (fast-start) on re-runs.
 * The golden test pins the output: every golden is the same as with the `typescript` parser.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { contentHash } from './content-hash.js';
import { cachedText, storeText } from './fast-start/index.js';
import type { printPrettierStyle as PrintPrettierStyle } from './prettier-style.js';

const cache = new Map<string, string>();
const OPTIONS = { parser: 'babel-ts', singleQuote: true, printWidth: 120, trailingComma: 'all' } as const;
type Standalone = typeof import('prettier/standalone');
let prettier: { format: Standalone['format']; plugins: import('prettier').Plugin[] } | undefined;
let diskKeyText: string | null | undefined;
let styled: { print: typeof PrintPrettierStyle; Unsupported: typeof import('./prettier-style.js').Unsupported; ts: typeof import('typescript') } | undefined;
/** How many texts each way laid out (tests read it: the outputs they judge must not all come from the fallback). */
export const formatStats = { printer: 0, prettier: 0 };
export const FORMAT_LIMIT = 150_000;
/** Bounded: a long watch session must not keep every version of every file. */
const CACHE_ENTRIES = 256;

export async function formatTs(text: string, options: { prettier?: boolean } = {}): Promise<string> {
  if (text.length > FORMAT_LIMIT) return text;
  const key = contentHash(text);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  // In the CLI, results also survive the process (fast-start's cache, like `prettier --cache`):
  // a run whose files did not change lays out nothing. Either way gives the same text, so one key.
  const disk = diskKey();
  const stored = disk === undefined ? undefined : cachedText(`${disk}\0${text}`);
  if (stored !== undefined) {
    remember(key, stored);
    return stored;
  }
  let out = options.prettier === true ? undefined : await printStyled(text);
  if (out === undefined) {
    formatStats.prettier++;
    prettier ??= loadPrettier();
    out = await prettier.format(text, { ...OPTIONS, plugins: prettier.plugins });
  }
  if (disk !== undefined) storeText(`${disk}\0${text}`, out);
  remember(key, out);
  return out;
}

/** The text in Prettier's style from ./prettier-style.ts, or undefined for a text it does not cover. */
async function printStyled(text: string): Promise<string | undefined> {
  if (!styled) {
    const [mod, ts] = await Promise.all([import('./prettier-style.js'), import('typescript')]);
    styled = { print: mod.printPrettierStyle, Unsupported: mod.Unsupported, ts: ts.default };
  }
  try {
    const out = styled.print(text, styled.ts);
    formatStats.printer++;
    return out;
  } catch (err) {
    if (err instanceof styled.Unsupported) return undefined;
    throw err;
  }
}

/** Names everything a stored result depends on: Prettier's version and options, and the printer's own code. */
function diskKey(): string | undefined {
  if (diskKeyText === undefined) {
    try {
      const printer = readFileSync(fileURLToPath(new URL('./prettier-style.js', import.meta.url)));
      diskKeyText = `prettier@${(createRequire(import.meta.url)('prettier/package.json') as { version: string }).version} ${JSON.stringify(OPTIONS)} printer ${contentHash(printer.toString('utf8'))}`;
    } catch {
      diskKeyText = null; // (run from source: no compiled printer to name, no results kept on disk)
    }
  }
  return diskKeyText ?? undefined;
}

function loadPrettier(): NonNullable<typeof prettier> {
  const require = createRequire(import.meta.url);
  const standalone = require('prettier/standalone') as Standalone;
  return { format: standalone.format, plugins: [require('prettier/plugins/babel') as import('prettier').Plugin, require('prettier/plugins/estree') as import('prettier').Plugin] };
}

function remember(key: string, out: string): void {
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, out);
}
