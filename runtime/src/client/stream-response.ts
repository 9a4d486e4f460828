/**
 * The call side of a documented streamed response (SSE, JSON Lines, json-seq): which
 * responses are streams, and the response with `events` / `items` instead of a body, SSE
 * reconnecting through the call's own exchange. A plugin (`plugins/stream.ts`): only
 * operations with a streamed response bring it, with the stream reader (`stream.ts`).
 */
import type { MediaSpec, OperationSpec, ResponseSpec, StreamSpec } from '../spec.js';
import type { Connection } from './connection.js';
import type { Received } from './redirects.js';
import { responseHeaders } from './response-headers.js';
import { findResponseSpec, isDocumentedSuccess } from './status.js';
import { streamMediaOf } from './stream-media.js';
import { openStream } from './stream.js';
import type { CallInit, ClientResponse } from './types.js';

/** Sends the call again with `init` (fresh credentials, the same policies); what SSE reconnects with. */
export type Resend = (init: CallInit | undefined) => Promise<Received>;

export interface StreamPlugin {
  /** The streamed media type of `spec` the Content-Type is, if any (read as it comes, the limit per item). */
  media(spec: ResponseSpec | undefined, contentType: string | undefined): (MediaSpec & { stream: StreamSpec }) | undefined;
  /** The response for a received stream; undefined when it is not a documented stream. */
  respond(connection: Connection, op: OperationSpec, received: Received, init: CallInit | undefined, resend: Resend | undefined): ClientResponse | undefined;
}

const streamedMedia = (op: OperationSpec, received: Received) =>
  received.body.kind === 'stream' ? streamMediaOf(findResponseSpec(op.responses, received.status), received.headers.get('content-type') ?? undefined) : undefined;

/** The stream plugin. */
export const streamResponse: StreamPlugin = {
  media: streamMediaOf,
  respond(connection, op, received, init, resend) {
    const media = streamedMedia(op, received);
    if (media === undefined || received.body.kind !== 'stream') return undefined;
    const spec = findResponseSpec(op.responses, received.status)!;
    // SSE reconnects through the same exchange: auth, headers, timeouts and policies as the first request
    const again =
      resend &&
      (async (lastEventId: string | undefined): Promise<{ status: number; body: ReadableStream<Uint8Array> | undefined }> => {
        const headers = lastEventId === undefined ? init?.headers : { ...init?.headers, 'last-event-id': lastEventId };
        const next = await resend({ ...init, ...(headers ? { headers } : {}) });
        const same = streamedMedia(op, next) !== undefined && next.body.kind === 'stream';
        if (!same) await next.dispose();
        return { status: next.status, body: same && next.body.kind === 'stream' ? next.body.stream : undefined };
      });
    const { field, iterable } = openStream(received.body.stream, media, {
      status: received.status,
      signal: init?.signal,
      maxItemSize: init?.maxResponseSize ?? connection.maxResponseSize,
      sleep: (ms, signal) => connection.clock.sleep(ms, signal),
      reconnect: init?.reconnect,
      validate: connection.options.validateStreams,
      ...(again ? { resend: again } : {}),
    });
    return {
      status: received.status,
      body: undefined,
      [field]: iterable,
      contentType: media.mediaType,
      raw: { url: received.url, headers: received.headers },
      ok: isDocumentedSuccess(op.responses, spec, received.status),
      headers: responseHeaders(received.headers, spec.headers),
      documented: true,
    };
  },
};
