import type { BodyKind } from '@contractgen/runtime/spec';

/** How a media type is carried on the wire. */
export function bodyKind(mediaType: string): BodyKind {
  const mt = mediaType.toLowerCase().split(';')[0]!.trim();
  if (mt === 'application/json' || mt.endsWith('+json') || mt === 'application/*' || /\/json$/.test(mt)) return 'json';
  if (mt === 'application/x-www-form-urlencoded') return 'form';
  if (mt.startsWith('multipart/')) return 'multipart';
  if (mt.startsWith('text/') || mt === 'application/xml' || mt.endsWith('+xml')) return 'text';
  return 'binary';
}

/** Concrete status codes for '200', '4XX' or 'default' (empty). */
export function statusCodes(status: string): number[] {
  if (/^[1-5]\d\d$/.test(status)) return [Number(status)];
  const range = /^([1-5])XX$/i.exec(status);
  if (range) {
    const base = Number(range[1]) * 100;
    return Array.from({ length: 100 }, (_, i) => base + i);
  }
  return [];
}
