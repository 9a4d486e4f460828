/**
 * Which documented media type of a response is a stream (SSE, JSON Lines, json-seq): read by the
 * client's call path without loading the stream reader itself (runtime/src/client/stream.ts,
 * which generated clients with a streamed operation pass in).
 */
import type { MediaSpec, ResponseSpec, StreamSpec } from '../spec.js';
import type { openStream } from './stream.js';

/** The stream reader a generated client hands to its `StatusCodeClient`. */
export type OpenStream = typeof openStream;

/** The streamed media type of `spec` that the response's Content-Type is, if any. */
export function streamMediaOf(spec: ResponseSpec | undefined, contentType: string | undefined): (MediaSpec & { stream: StreamSpec }) | undefined {
  if (spec === undefined || contentType === undefined) return undefined;
  const essence = contentType.split(';')[0]!.trim().toLowerCase();
  return spec.content.find((m): m is MediaSpec & { stream: StreamSpec } => m.stream !== undefined && m.mediaType.toLowerCase() === essence);
}
