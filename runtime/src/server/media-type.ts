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
  /** 3 `type/subtype`, 2 `type/*`, 1 `*\/*` (RFC 9110 §12.5.1: the most specific range decides). */
  specificity: number;
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
    if (Number.isNaN(q) || q > 1) q = 1;
    out.push({ range: type, q, specificity: type === '*/*' ? 1 : type.endsWith('/*') ? 2 : 3 });
  }
  return out;
}

/** The quality `ranges` give a declared media type (which may itself be a wildcard such as
 * `image/*`): the q of the most specific range that covers it, 0 when none does. */
function quality(ranges: readonly AcceptRange[], declared: string): number {
  const type = declared.toLowerCase();
  let q = 0;
  let specificity = 0;
  for (const r of ranges) {
    // a declared wildcard (`image/*`) is acceptable for a concrete range it covers (`image/png`)
    const s = mediaMatches(r.range, type) ? r.specificity : mediaMatches(type, r.range) ? 3 : 0;
    if (s > specificity) {
      specificity = s;
      q = r.q;
    }
  }
  return q;
}

/**
 * The best of `available` media types for an `Accept` header (RFC 9110 §12.5.1): each type takes
 * the q of the most specific range covering it; `undefined` when nothing is acceptable (406). No
 * header accepts everything. Among acceptable types, `prefer` (when given) decides first, then the
 * quality, then `tie`, then the earliest type (the spec's order).
 */
export function negotiate(accept: string | undefined, available: readonly string[]): string | undefined {
  const index = negotiateIndex(accept, available);
  return index < 0 ? undefined : available[index];
}

export function negotiateIndex(accept: string | undefined, available: readonly string[], prefer?: (index: number) => number, tie?: (index: number) => number): number {
  const ranges = parseAccept(accept);
  let best = -1;
  let bestP = 0;
  let bestQ = 0;
  let bestT = 0;
  for (let i = 0; i < available.length; i++) {
    const q = ranges.length === 0 ? 1 : quality(ranges, available[i] as string);
    if (q <= 0) continue;
    const p = prefer ? prefer(i) : 0;
    const t = tie ? tie(i) : 0;
    if (best < 0 || p > bestP || (p === bestP && (q > bestQ || (q === bestQ && t > bestT)))) {
      best = i;
      bestP = p;
      bestQ = q;
      bestT = t;
    }
  }
  return best;
}
