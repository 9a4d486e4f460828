/** `Application/JSON; charset=utf-8` -> `application/json`. */
export function essence(contentType: string | undefined): string {
  if (!contentType) return '';
  const semi = contentType.indexOf(';');
  return (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

/** Whether `range` (which may be `type/*` or `*\/*`) covers the concrete `type`. */
export function mediaMatches(range: string, type: string): boolean {
  const r = range.toLowerCase();
  if (r === '*/*' || r === type) return true;
  if (r.endsWith('/*')) return type.startsWith(r.slice(0, -1));
  return false;
}

/** Picks the declared media type for an incoming Content-Type: exact match first, then wildcards. */
export function matchContentType<T extends { mediaType: string }>(contentType: string, declared: readonly T[]): T | undefined {
  const type = essence(contentType);
  if (!type) return undefined;
  return declared.find((m) => m.mediaType.toLowerCase() === type) ?? declared.find((m) => mediaMatches(m.mediaType, type));
}

interface AcceptRange {
  range: string;
  q: number;
}

export function parseAccept(header: string | undefined): AcceptRange[] {
  if (!header) return [];
  const out: AcceptRange[] = [];
  for (const part of header.split(',')) {
    const [range, ...params] = part.split(';');
    const type = (range ?? '').trim().toLowerCase();
    if (!type) continue;
    let q = 1;
    for (const param of params) {
      const [k, v] = param.split('=');
      if (k?.trim().toLowerCase() === 'q') q = Number(v?.trim());
    }
    if (Number.isNaN(q)) q = 1;
    out.push({ range: type, q });
  }
  return out.sort((a, b) => b.q - a.q);
}

/**
 * The best of `available` media types for an `Accept` header; the first available one when the
 * header is absent; `undefined` when nothing is acceptable (406). A declared wildcard such as
 * `image/*` is acceptable for any range that could overlap it.
 */
export function negotiate(accept: string | undefined, available: readonly string[]): string | undefined {
  if (available.length === 0) return undefined;
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return available[0];
  for (const { range, q } of ranges) {
    if (q <= 0) continue;
    const hit = available.find((t) => {
      const type = t.toLowerCase();
      return mediaMatches(range, type) || mediaMatches(type, range);
    });
    if (hit !== undefined) {
      const excluded = ranges.some((r) => r.q <= 0 && r.range === hit.toLowerCase());
      if (!excluded) return hit;
    }
  }
  return undefined;
}
