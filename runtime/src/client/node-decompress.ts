/**
 * Content-Encoding decoding for the Node transports (undici.request and node:http
 * do not decode; fetch does): gzip, x-gzip, deflate, br, in the order applied
 * (`Content-Encoding: gzip, br` is undone br first), at most 5 (undici's own
 * cap against decoder chains), streaming through node:zlib so the body limit
 * counts decoded bytes as they come. `node:zlib` is imported only when a body
 * is encoded, through a computed specifier (never reached on the browser path).
 */
import type { Readable } from 'node:stream';

type Zlib = typeof import('node:zlib');
type Decoder = NodeJS.ReadWriteStream;

const DECODERS: Record<string, (zlib: Zlib) => Decoder> = {
  gzip: (z) => z.createGunzip({ flush: z.constants.Z_SYNC_FLUSH, finishFlush: z.constants.Z_SYNC_FLUSH }),
  'x-gzip': (z) => z.createGunzip({ flush: z.constants.Z_SYNC_FLUSH, finishFlush: z.constants.Z_SYNC_FLUSH }),
  deflate: (z) => z.createInflate({ flush: z.constants.Z_SYNC_FLUSH, finishFlush: z.constants.Z_SYNC_FLUSH }),
  br: (z) => z.createBrotliDecompress({ flush: z.constants.BROTLI_OPERATION_FLUSH, finishFlush: z.constants.BROTLI_OPERATION_FLUSH }),
};

const MAX_ENCODINGS = 5;

/**
 * The codings to undo, outermost first; undefined when there is nothing to decode
 * or a coding is unknown (the body is then handed over as received, as fetch does).
 */
export function contentCodings(header: string | null): string[] | undefined {
  if (header === null) return undefined;
  const codings = header
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  if (codings.length === 0 || codings.length > MAX_ENCODINGS || !codings.every((c) => c in DECODERS)) return undefined;
  return codings.reverse();
}

let zlibModule: Promise<Zlib> | undefined;
let streamModule: Promise<typeof import('node:stream')> | undefined;

/** `body` piped through the decoders for `codings`; errors and destroy() propagate along the chain. */
export async function decodeBody(body: Readable, codings: string[]): Promise<Readable> {
  const zlibSpecifier = 'node:zlib';
  const streamSpecifier = 'node:stream';
  zlibModule ??= import(/* @vite-ignore */ zlibSpecifier) as Promise<Zlib>;
  streamModule ??= import(/* @vite-ignore */ streamSpecifier) as Promise<typeof import('node:stream')>;
  const [zlib, stream] = await Promise.all([zlibModule, streamModule]);
  const decoders = codings.map((coding) => DECODERS[coding]!(zlib));
  const last = decoders[decoders.length - 1] as unknown as Readable;
  stream.pipeline([body, ...decoders] as unknown as [Readable, ...NodeJS.ReadWriteStream[]], () => undefined);
  return last;
}
