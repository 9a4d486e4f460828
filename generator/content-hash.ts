/** Content hashes for the caches that make repeated runs cheap (watch mode). */
import { createHash } from 'node:crypto';

/** sha1, base64: for cache keys, not for security. */
export function contentHash(text: string | Uint8Array): string {
  return createHash('sha1').update(text).digest('base64');
}

type Obj = Record<string, unknown>;

/** The maps whose entries are the units of reuse: path items, webhooks, components. */
const ENTRY_MAPS = ['paths', 'webhooks'] as const;

/**
 * sha1 of every entry of a normalized document — `paths\0<url>`, `webhooks\0<name>`,
 * `components\0<group>\0<name>` — taken once per run, before anything prints: the keys
 * the incremental caches (ts-document entries, `$ref` dependencies, document-wide
 * analyses) compare against the last run.
 */
export function entryHashes(document: Obj): Map<string, string> {
  const out = new Map<string, string>();
  const add = (key: string, value: unknown) => out.set(key, contentHash(`${key}\0${JSON.stringify(value)}`));
  for (const map of ENTRY_MAPS) {
    const entries = document[map];
    if (entries && typeof entries === 'object') for (const [name, value] of Object.entries(entries as Obj)) add(`${map}\0${name}`, value);
  }
  const components = document['components'];
  if (components && typeof components === 'object') {
    for (const [group, items] of Object.entries(components as Obj)) {
      if (items && typeof items === 'object') for (const [name, value] of Object.entries(items as Obj)) add(`components\0${group}\0${name}`, value);
    }
  }
  return out;
}

/** The entry key of a `$ref` that names a whole component (`#/components/<group>/<name>`), else undefined. */
export function componentEntryKey(ref: string): string | undefined {
  const m = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
  if (!m) return undefined;
  const unescape = (s: string) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~');
  try {
    return `components\0${unescape(m[1]!)}\0${unescape(m[2]!)}`;
  } catch {
    return undefined;
  }
}
