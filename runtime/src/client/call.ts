/**
 * One call of one operation: builds the request from the descriptor, applies
 * its auth, sends it (through the resilience chain when one is configured) and
 * returns `{ status, ok, body, headers }` for any status. What every generated
 * per-operation function and every `Client` method runs.
 */
import type { MediaSpec, OperationSpec, ResponseSpec } from '../spec.js';
import { AbortedError } from '../resilience/errors.js';
import { withTimeoutOf } from '../resilience/with-timeout.js';
import type { AppliedAuth } from './auth.js';
import { checkMaxResponseSize, connectionOf, resolveTimeout, type ApiClient, type Connection, type Plugins } from './connection.js';
import { hasCredentialQuery, hasCustomCredentialHeader, withAddedHeaders } from './credentials.js';
import { InvalidRequestError } from './errors.js';
import { acceptHeader } from './accept.js';
import type { CallSettings, Exchange } from './pipeline.js';
import type { Received } from './redirects.js';
import type { EncodedBody } from './request-body.js';
import { requestParts, type RequestParts } from './request-parts.js';
import { hasNoBody, parseBody, wantsStream, type ReadBody } from './response-body.js';
import type { StreamPlugin } from './stream-response.js';
import { plainHeaders } from './response-headers.js';
import { shapeBody, type ShapedBody } from './response-shape.js';
import { findResponseSpec, isDocumentedSuccess } from './status.js';
import type { WireRequest } from './transport.js';
import type { CallInit, ClientRequest, ClientResponse, InterceptorContext, OutgoingRequest } from './types.js';

const NO_AUTH: AppliedAuth = { headers: [], query: [], cookies: [], oauthTokens: [] };
const NO_BODY: EncodedBody = { body: undefined, contentType: undefined, replayable: true };

/**
 * Sends one operation. Resolves for every HTTP status; rejects only with typed errors.
 * `plugins`: the code this operation needs (its parameter serializers, auth, body encoder, response
 * decoders); without them, the client's (`Client` brings all of them for hand-written descriptors).
 */
export function call(client: ApiClient, op: OperationSpec, req: ClientRequest | undefined, init?: CallInit, plugins?: Plugins): Promise<ClientResponse> {
  let connection: Connection;
  try {
    connection = connectionOf(client);
  } catch (error) {
    return Promise.reject(error);
  }
  // the plain call — nothing to wait for, intercept or check, no caller's signal whose abort is reported
  // as AbortedError — is send() itself: one async function less per call
  if (connection.options.interceptors === undefined && connection.ready === undefined && connection.check === undefined && init?.signal === undefined) {
    return send(connection, op, req, init, undefined, plugins);
  }
  return intercepted(connection, op, req, init, plugins);
}

/** {@link call} with interceptors, a caller's signal, `throwOnError`, or features still loading. */
async function intercepted(connection: Connection, op: OperationSpec, req: ClientRequest | undefined, init: CallInit | undefined, plugins: Plugins | undefined): Promise<ClientResponse> {
  const interceptors = connection.options.interceptors;
  const context: InterceptorContext = { operation: op, init };
  try {
    if (connection.ready !== undefined) await connection.ready;
    let response = await send(connection, op, req, init, context, plugins);
    if (interceptors?.response !== undefined) {
      for (const interceptor of interceptors.response) response = (await interceptor(response, context)) ?? response;
    }
    connection.check?.(response, op);
    return response;
  } catch (thrown) {
    let error: unknown = init?.signal?.aborted === true && !(thrown instanceof AbortedError) ? new AbortedError({ cause: thrown }) : thrown;
    for (const interceptor of interceptors?.error ?? []) {
      try {
        error = (await interceptor(error, context)) ?? error;
      } catch (replacement) {
        error = replacement;
      }
    }
    throw error;
  }
}

async function send(
  connection: Connection,
  op: OperationSpec,
  req: ClientRequest | undefined,
  init: CallInit | undefined,
  /** undefined: the plain call (no interceptors) */
  context: InterceptorContext | undefined,
  plugins: Plugins | undefined,
): Promise<ClientResponse> {
  // an operation's own plugins, or (a descriptor that brings none) the client's
  const use = plugins ?? connection.plugins;
  const parts = requestParts(op, req, use);
  const encode = use.encode;
  if (req?.body !== undefined && encode === undefined) throw new InvalidRequestError('this operation takes no request body');
  const body = req?.body === undefined || encode === undefined ? NO_BODY : encode(op.requestBody, req.body, req.contentType, op.method, connection.viaFetch);
  checkMaxResponseSize('init.maxResponseSize', init?.maxResponseSize);
  const applyAuth = op.security.length === 0 ? undefined : use.auth;
  // credentials come at once unless a scheme must wait (a token function, OAuth2): no await per call for the rest
  let pending = applyAuth === undefined ? NO_AUTH : applyAuth(connection, op);
  let applied = pending instanceof Promise ? await pending : pending;
  const stream = use.stream;
  let received = await exchange(connection, op, parts, body, applied, init, context, stream);
  if (received.status === 401 && applied.oauthTokens.length > 0 && body.replayable) {
    await received.dispose();
    pending = applyAuth!(connection, op, applied.oauthTokens);
    applied = pending instanceof Promise ? await pending : pending;
    received = await exchange(connection, op, parts, body, applied, init, context, stream);
  }
  if (stream !== undefined && received.body.kind === 'stream') {
    const resend = async (again: CallInit | undefined): Promise<Received> =>
      exchange(connection, op, parts, body, applyAuth === undefined ? NO_AUTH : await applyAuth(connection, op), again, context, stream);
    const streamed = stream.respond(connection, op, received, init, body.replayable ? resend : undefined);
    if (streamed !== undefined) return streamed;
  }
  return toResponse(op, received, init, use);
}

function exchange(
  connection: Connection,
  op: OperationSpec,
  parts: RequestParts,
  body: EncodedBody,
  auth: AppliedAuth,
  init: CallInit | undefined,
  context: InterceptorContext | undefined,
  stream: StreamPlugin | undefined,
): Promise<Received> {
  const headers = requestHeaders(connection, op, parts, body, auth, init);
  const credentials = withAddedHeaders(connection.credentials, auth.headers);
  const query = auth.query.join('&');
  const pathAndQuery = query === '' ? parts.pathAndQuery : `${parts.pathAndQuery}${parts.pathAndQuery.includes('?') ? '&' : '?'}${query}`;
  const build = (baseUrl: string): WireRequest => ({ url: `${baseUrl}${pathAndQuery}`, method: op.method, headers, body: body.body });
  const requestInterceptors = connection.options.interceptors?.request;
  const attempt: Exchange = async (wire, signal) => {
    // interceptors mutate headers in place: they get a copy per attempt (nothing else changes them)
    let outgoing: OutgoingRequest = wire;
    if (requestInterceptors !== undefined && requestInterceptors.length > 0) {
      outgoing = { ...wire, headers: new Headers(wire.headers) };
      const seen = (context ??= { operation: op, init });
      for (const interceptor of requestInterceptors) outgoing = (await interceptor(outgoing, seen)) ?? outgoing;
    }
    // fetch would pass an API-key header or query parameter on to another origin: follow such redirects here
    const manual =
      connection.fetchFollows &&
      connection.follow !== undefined &&
      (hasCustomCredentialHeader(outgoing.headers, credentials) || hasCredentialQuery(outgoing.url, credentials));
    const response = await connection.transport(outgoing, signal, manual ? 'manual' : undefined);
    let read: ReadBody = { kind: 'none' };
    if (hasNoBody(outgoing.method, response.status)) await response.dispose();
    else {
      const spec = findResponseSpec(op.responses, response.status);
      const contentType = response.headers.get('content-type') ?? undefined;
      // a documented stream is read as it comes (the stream reader limits each item, not the whole)
      const streamed = stream?.media(spec, contentType) !== undefined;
      read = await response.read(streamed || wantsStream(contentType, spec?.content[0]?.kind, init) ? 'stream' : 'bytes', streamed ? Infinity : (init?.maxResponseSize ?? connection.maxResponseSize));
    }
    return {
      status: response.status,
      headers: response.headers,
      url: response.url,
      body: read,
      dispose: async () => {
        if (read.kind === 'stream') await read.stream.cancel().catch(() => undefined);
      },
    };
  };
  const timeout = resolveTimeout('init.timeout', init?.timeout) ?? connection.timeout;
  if (connection.run !== undefined) {
    const settings: CallSettings = { method: op.method, timeout, signal: init?.signal, replayable: body.replayable, credentials, redact: connection.redact };
    return connection.run(build, attempt, settings);
  }
  // the lean path: one attempt under the per-attempt timeout, redirects followed when the platform needs it
  const once = (request: WireRequest): Promise<Received> => withTimeoutOf(timeout, (s) => attempt(request, s), init?.signal, connection.clock, connection.aborter);
  const first = build(connection.baseUrls[0]!);
  const follow = connection.follow;
  if (follow === undefined) return once(first);
  // only a 3xx goes on to the redirect code (which hands back what it does not follow): one layer less per call
  return once(first).then((received) => {
    if (received.status < 300 || received.status > 399) return received;
    let pending: Received | undefined = received;
    const again = (request: WireRequest): Promise<Received> => {
      if (pending === undefined) return once(request);
      const answer = pending;
      pending = undefined;
      return Promise.resolve(answer);
    };
    // the default policy (resolveRedirectPolicy(undefined)): fetch's own 20 hops, any http(s) origin
    return follow(first, again, { follow: true, maxCount: 20, replayable: body.replayable, credentials, redact: connection.redact });
  });
}

/** Precedence, low to high: client headers, parameters, content type, cookies, auth, per-call headers. */
function requestHeaders(connection: Connection, op: OperationSpec, parts: RequestParts, body: EncodedBody, auth: AppliedAuth, init: CallInit | undefined): Headers {
  const headers = connection.newHeaders();
  const set = (name: string, value: string): void => {
    try {
      headers.set(name, value);
    } catch (error) {
      throw new InvalidRequestError(`invalid value for header "${name}"`, { cause: error });
    }
  };
  const accept = acceptHeader(op);
  if (accept !== undefined) set('accept', accept);
  for (const name in connection.options.headers) set(name, connection.options.headers[name]!);
  for (const [name, value] of parts.headers) set(name, value);
  if (body.contentType !== undefined) set('content-type', body.contentType);
  const cookies = auth.cookies.length === 0 ? parts.cookies : [...parts.cookies, ...auth.cookies];
  if (cookies.length > 0) set('cookie', cookies.join('; '));
  for (const [name, value] of auth.headers) set(name, value);
  for (const name in init?.headers) set(name, init.headers[name]!);
  return headers;
}

/** The response headers: documented ones read as their schema's type when the operation brings the reader. */
function headersOf(headers: Headers, declared: ResponseSpec['headers'], use: Plugins): Record<string, unknown> {
  return declared.length > 0 && use.responseHeaders !== undefined ? use.responseHeaders(headers, declared) : plainHeaders(headers);
}

/** `f` of `value`, at once when it is not a promise (the plain case: no microtask, no promise per step). */
function then<T, U>(value: T | Promise<T>, f: (value: T) => U | Promise<U>): U | Promise<U> {
  return value instanceof Promise ? value.then(f) : f(value);
}

/** The caller's response: synchronous unless a decoder must wait (multipart). */
export function toResponse(op: OperationSpec, received: Received, init: CallInit | undefined, use: Plugins): ClientResponse | Promise<ClientResponse> {
  const { status, headers } = received;
  const spec = findResponseSpec(op.responses, status);
  const header = headers.get('content-type') ?? undefined;
  const media = matchMedia(spec?.content ?? [], header);
  // No Content-Type: the documented media type of the status decides how the body is read.
  const documentedMedia = media ?? (header === undefined ? spec?.content[0] : undefined);
  // A body in a media type the status does not document (a gateway's HTML page, a problem+json where the
  // spec documents another error type), or one that does not have the documented shape, is undocumented.
  const undocumentedMedia = spec !== undefined && spec.content.length > 0 && header !== undefined && media === undefined && received.body.kind !== 'none';
  const shapeAs = spec === undefined || undocumentedMedia ? undefined : documentedMedia;
  const bodyless = received.body.kind === 'none';
  return then(
    then(parseBody(status, header, received.body, documentedMedia?.kind, init, use.multipart), (parsed) => shapeBody(parsed, shapeAs, bodyless, use.multipart, use.typedText)),
    (shaped) => respond(op, received, use, spec, media, header, undocumentedMedia, shaped),
  );
}

function respond(
  op: OperationSpec,
  received: Received,
  use: Plugins,
  spec: ResponseSpec | undefined,
  media: MediaSpec | undefined,
  header: string | undefined,
  undocumentedMedia: boolean,
  shaped: ShapedBody,
): ClientResponse {
  const { status, headers } = received;
  // `contentType` is the documented media type that matched (the discriminator in the generated union),
  // else the header's media type without parameters.
  const contentType = media?.mediaType ?? header?.split(';')[0]?.trim();
  const raw = { url: received.url, headers };
  // An undocumented status breaks the contract: `ok` is false even for a 2xx, so `if (res.ok)` narrows to documented bodies.
  const documented = spec !== undefined && !undocumentedMedia && shaped.conforms;
  const ok = documented && isDocumentedSuccess(op.responses, spec, status);
  const out = documented ? headersOf(headers, spec.headers, use) : plainHeaders(headers);
  // built in one go (no spreads: this runs once per call); the same keys in the same order either way
  return contentType
    ? { status, body: shaped.body, contentType, raw, ok, headers: out, documented }
    : { status, body: shaped.body, raw, ok, headers: out, documented };
}

/** The documented media type a Content-Type header matches: exact first, then `type/*`, then `*\/*`. */
function matchMedia(content: readonly MediaSpec[], header: string | undefined): MediaSpec | undefined {
  if (header === undefined || content.length === 0) return undefined;
  // per documented content list, the Content-Type values seen so far (bounded: a server may vary parameters)
  let seen = matched.get(content);
  if (seen === undefined) matched.set(content, (seen = new Map()));
  let media = seen.get(header);
  if (media === undefined) {
    media = findMedia(content, header) ?? null;
    if (seen.size >= 16) seen.clear();
    seen.set(header, media);
  }
  return media ?? undefined;
}

const matched = new WeakMap<readonly MediaSpec[], Map<string, MediaSpec | null>>();

function findMedia(content: readonly MediaSpec[], header: string): MediaSpec | undefined {
  const essence = header.split(';')[0]!.trim().toLowerCase();
  const type = essence.split('/')[0];
  return (
    content.find((m) => m.mediaType.toLowerCase() === essence) ??
    content.find((m) => m.mediaType.toLowerCase() === `${type}/*`) ??
    content.find((m) => m.mediaType === '*/*')
  );
}
