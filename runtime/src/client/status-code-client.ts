/**
 * The base of every generated `Client`: builds the request from the operation
 * descriptor, applies spec-driven auth, sends it through the resilience
 * pipeline and returns `{ status, ok, body, headers }` for any status.
 */
import type { ApiSpec, MediaSpec, OperationSpec } from '../spec.js';
import { AbortedError, InvalidOptionsError } from '../resilience/errors.js';
import { systemClock, withTimeout } from '../resilience/index.js';
import type { Clock } from '../resilience/types.js';
import { applyAuth, type AppliedAuth, type AuthContext } from './auth.js';
import { resolveBaseUrls } from './base-url.js';
import { InvalidRequestError } from './errors.js';
import { expect, type BodyOf } from './expect.js';
import { TokenCache, type TokenFetch } from './oauth2.js';
import { Pipeline, type Exchange } from './pipeline.js';
import { resolveRedirectPolicy, type Received } from './redirects.js';
import { encodeBody, type EncodedBody } from './request-body.js';
import { requestParts, type RequestParts } from './request-parts.js';
import { acceptHeader } from './accept.js';
import { DEFAULT_MAX_RESPONSE_SIZE } from './body-limit.js';
import { checkMethodBody } from './method-body.js';
import {
  hasCredentialQuery,
  hasCustomCredentialHeader,
  redactText,
  specCredentials,
  withAddedHeaders,
  type CredentialNames,
} from './credentials.js';
import { hasNoBody, parseBody, wantsStream, type ReadBody } from './response-body.js';
import { plainHeaders, responseHeaders } from './response-headers.js';
import { findResponseSpec, isDocumentedSuccess } from './status.js';
import { shapeBody } from './response-shape.js';
import { withForbiddenMethods } from './node-http.js';
import { fetchTransport, undiciTransport, type Transport, type WireRequest } from './transport.js';
import type { CallInit, ClientOptions, ClientRequest, ClientResponse, InterceptorContext, OutgoingRequest } from './types.js';

export class StatusCodeClient {
  readonly #api: ApiSpec;
  readonly #options: ClientOptions;
  readonly #clock: Clock;
  readonly #transport: Transport;
  readonly #pipeline: Pipeline;
  readonly #auth: AuthContext;
  readonly #maxResponseSize: number;
  /** Whether requests go through fetch (which cannot send a GET/HEAD body). */
  readonly #viaFetch: boolean;
  /** Whether fetch follows redirects itself (followRedirects unset, no dispatcher). */
  readonly #fetchFollows: boolean = false;
  /** The spec's credential header and query names (stripped on origin change, redacted in messages). */
  readonly #credentials: CredentialNames;
  readonly #redact: (url: string) => string;

  constructor(api: ApiSpec, options: ClientOptions = {}) {
    this.#api = api;
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    const baseUrls = resolveBaseUrls(api, options);
    this.#maxResponseSize = checkMaxResponseSize('maxResponseSize', options.maxResponseSize) ?? DEFAULT_MAX_RESPONSE_SIZE;
    this.#viaFetch = options.dispatcher === undefined;
    this.#credentials = specCredentials(api);
    const redact = (text: string): string => redactText(text, this.#credentials);
    this.#redact = redact;
    const follow = options.followRedirects;
    const redirects = resolveRedirectPolicy(follow);
    if (options.dispatcher !== undefined) {
      this.#transport = undiciTransport(options.dispatcher, redact);
    } else {
      const fetchFn = options.fetch ?? defaultFetch();
      this.#transport = withForbiddenMethods(fetchTransport(fetchFn, follow === undefined ? 'follow' : 'manual', redact), redact);
      this.#fetchFollows = follow === undefined;
    }
    this.#pipeline = new Pipeline({
      baseUrls,
      strategy: options.strategy,
      failover: options.failover,
      retry: options.retry,
      circuitBreaker: options.circuitBreaker,
      timeout: options.timeout,
      policies: options.policies,
      redirects,
      clock: this.#clock,
    });
    const oauth2 = options.auth?.oauth2;
    this.#auth = {
      api,
      auth: options.auth,
      baseUrl: baseUrls[0]!,
      hasDispatcher: options.dispatcher !== undefined,
      tokens:
        oauth2 === undefined
          ? undefined
          : new TokenCache(oauth2, this.#tokenFetch, this.#clock),
    };
  }

  /** See {@link expect}. */
  static expect<R extends ClientResponse, S extends R['status']>(res: R, status: S): BodyOf<R, S> {
    return expect(res, status);
  }

  /** The API descriptor this client was built from. */
  protected get api(): ApiSpec {
    return this.#api;
  }

  /** Sends one operation. Resolves for every HTTP status; rejects only with typed errors. */
  protected async call(op: OperationSpec, req: ClientRequest | undefined, init?: CallInit): Promise<ClientResponse> {
    const context: InterceptorContext = { operation: op, init };
    try {
      let response = await this.#send(op, req, init, context);
      for (const interceptor of this.#options.interceptors?.response ?? []) {
        response = (await interceptor(response, context)) ?? response;
      }
      return response;
    } catch (thrown) {
      let error: unknown = init?.signal?.aborted === true && !(thrown instanceof AbortedError) ? new AbortedError({ cause: thrown }) : thrown;
      for (const interceptor of this.#options.interceptors?.error ?? []) {
        try {
          error = (await interceptor(error, context)) ?? error;
        } catch (replacement) {
          error = replacement;
        }
      }
      throw error;
    }
  }

  async #send(op: OperationSpec, req: ClientRequest | undefined, init: CallInit | undefined, context: InterceptorContext): Promise<ClientResponse> {
    const parts = requestParts(op, req);
    const body = encodeBody(op.requestBody, req?.body, req?.contentType);
    checkMethodBody(op.method, body.body !== undefined, this.#viaFetch);
    checkMaxResponseSize('init.maxResponseSize', init?.maxResponseSize);
    let auth = await applyAuth(this.#auth, op);
    let received = await this.#exchange(op, parts, body, auth, init, context);
    if (received.status === 401 && auth.oauthTokens.length > 0 && body.replayable) {
      await received.dispose();
      auth = await applyAuth(this.#auth, op, auth.oauthTokens);
      received = await this.#exchange(op, parts, body, auth, init, context);
    }
    return this.#toResponse(op, received, init);
  }

  #exchange(
    op: OperationSpec,
    parts: RequestParts,
    body: EncodedBody,
    auth: AppliedAuth,
    init: CallInit | undefined,
    context: InterceptorContext,
  ): Promise<Received> {
    const headers = this.#headers(op, parts, body, auth, init);
    const credentials = withAddedHeaders(this.#credentials, auth.headers);
    const query = auth.query.join('&');
    const pathAndQuery = query === '' ? parts.pathAndQuery : `${parts.pathAndQuery}${parts.pathAndQuery.includes('?') ? '&' : '?'}${query}`;
    const build = (baseUrl: string): WireRequest => ({
      url: `${baseUrl}${pathAndQuery}`,
      method: op.method,
      headers: new Headers(headers),
      body: body.body,
    });
    const exchange: Exchange = async (wire, signal) => {
      let outgoing: OutgoingRequest = { ...wire, headers: new Headers(wire.headers) };
      for (const interceptor of this.#options.interceptors?.request ?? []) {
        outgoing = (await interceptor(outgoing, context)) ?? outgoing;
      }
      // fetch would pass an API-key header or query parameter on to another origin: follow such redirects here
      const manual = this.#fetchFollows && (hasCustomCredentialHeader(outgoing.headers, credentials) || hasCredentialQuery(outgoing.url, credentials));
      const response = await this.#transport(outgoing, signal, manual ? 'manual' : undefined);
      const contentType = response.headers.get('content-type') ?? undefined;
      let read: ReadBody = { kind: 'none' };
      if (hasNoBody(outgoing.method, response.status)) await response.dispose();
      else {
        const documented = findResponseSpec(op.responses, response.status)?.content[0]?.kind;
        read = await response.read(wantsStream(contentType, documented, init) ? 'stream' : 'bytes', init?.maxResponseSize ?? this.#maxResponseSize);
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
    return this.#pipeline.execute(build, exchange, {
      method: op.method,
      timeout: init?.timeout,
      signal: init?.signal,
      replayable: body.replayable,
      credentials,
      redact: this.#redact,
    });
  }

  /** Precedence, low to high: client headers, parameters, content type, cookies, auth, per-call headers. */
  #headers(op: OperationSpec, parts: RequestParts, body: EncodedBody, auth: AppliedAuth, init: CallInit | undefined): Headers {
    const headers = new Headers();
    const set = (name: string, value: string): void => {
      try {
        headers.set(name, value);
      } catch (error) {
        throw new InvalidRequestError(`invalid value for header "${name}"`, { cause: error });
      }
    };
    const accept = acceptHeader(op);
    if (accept !== undefined) set('accept', accept);
    for (const [name, value] of Object.entries(this.#options.headers ?? {})) set(name, value);
    for (const [name, value] of parts.headers) set(name, value);
    if (body.contentType !== undefined) set('content-type', body.contentType);
    const cookies = [...parts.cookies, ...auth.cookies];
    if (cookies.length > 0) set('cookie', cookies.join('; '));
    for (const [name, value] of auth.headers) set(name, value);
    for (const [name, value] of Object.entries(init?.headers ?? {})) set(name, value);
    return headers;
  }

  async #toResponse(op: OperationSpec, received: Received, init: CallInit | undefined): Promise<ClientResponse> {
    const { status, headers } = received;
    const spec = findResponseSpec(op.responses, status);
    const header = headers.get('content-type') ?? undefined;
    const media = matchMedia(spec?.content ?? [], header);
    // No Content-Type: the documented media type of the status decides how the body is read.
    const documentedMedia = media ?? (header === undefined ? spec?.content[0] : undefined);
    const parsed = await parseBody(status, header, received.body, documentedMedia?.kind, init);
    // A body in a media type the status does not document (a gateway's HTML page, a problem+json where the
    // spec documents another error type), or one that does not have the documented shape, is undocumented.
    const undocumentedMedia = spec !== undefined && spec.content.length > 0 && header !== undefined && media === undefined && received.body.kind !== 'none';
    const shaped = await shapeBody(parsed, spec === undefined || undocumentedMedia ? undefined : documentedMedia, received.body.kind === 'none');
    // `contentType` is the documented media type that matched (the discriminator in the generated union),
    // else the header's media type without parameters.
    const contentType = media?.mediaType ?? header?.split(';')[0]?.trim();
    const common = { status, body: shaped.body, ...(contentType ? { contentType } : {}), raw: { url: received.url, headers } };
    // An undocumented status breaks the contract: `ok` is false even for a 2xx, so `if (res.ok)` narrows to documented bodies.
    return spec === undefined || undocumentedMedia || !shaped.conforms
      ? { ...common, ok: false, headers: plainHeaders(headers), documented: false }
      : { ...common, ok: isDocumentedSuccess(op.responses, spec, status), headers: responseHeaders(headers, spec.headers), documented: true };
  }

  /** The token endpoint goes through the client's transport (dispatcher, TLS) with its timeout, without retries. */
  readonly #tokenFetch: TokenFetch = (url, init) =>
    withTimeout(
      this.#options.timeout,
      async (signal) => {
        const response = await this.#transport({ url, method: init.method, headers: init.headers, body: init.body }, signal);
        const read = await response.read('bytes', this.#maxResponseSize);
        return { status: response.status, text: read.kind === 'bytes' ? new TextDecoder().decode(read.bytes) : '' };
      },
      undefined,
      this.#clock,
    );
}

/** The documented media type a Content-Type header matches: exact first, then `type/*`, then `*\/*`. */
function matchMedia(content: readonly MediaSpec[], header: string | undefined): MediaSpec | undefined {
  if (header === undefined || content.length === 0) return undefined;
  const essence = header.split(';')[0]!.trim().toLowerCase();
  const type = essence.split('/')[0];
  return (
    content.find((m) => m.mediaType.toLowerCase() === essence) ??
    content.find((m) => m.mediaType.toLowerCase() === `${type}/*`) ??
    content.find((m) => m.mediaType === '*/*')
  );
}

/** A positive integer or Infinity (no limit); undefined when not given. */
function checkMaxResponseSize(option: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value === Number.POSITIVE_INFINITY || (Number.isSafeInteger(value) && value > 0)) return value;
  const error = new InvalidOptionsError(option, 'expected a positive integer (bytes) or Infinity');
  throw option.startsWith('init.') ? new InvalidRequestError(error.message) : error;
}

function defaultFetch(): typeof fetch {
  if (typeof globalThis.fetch !== 'function') {
    throw new InvalidOptionsError('fetch', 'there is no global fetch here: pass options.fetch or options.dispatcher');
  }
  return (input, init) => globalThis.fetch(input, init);
}
