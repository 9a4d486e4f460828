/**
 * Type-level helpers shared by generated types, servers and clients.
 * (No runtime code: the status-code unions live only in the type system.)
 */

type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
type Numeric<S> = S extends `${infer N extends number}` ? N : never;

/** Every status a server can answer with and a client can see (100–599). */
export type HttpStatus = Numeric<`${1 | 2 | 3 | 4 | 5}${Digit}${Digit}`>;
/** 200–299. */
export type SuccessStatus = Numeric<`2${Digit}${Digit}`>;
/** `4XX` -> 400 | … | 499. */
export type StatusRange<D extends 1 | 2 | 3 | 4 | 5> = Numeric<`${D}${Digit}${Digit}`>;
/** `default`: every status the operation does not document otherwise. */
export type OtherStatus<Documented extends number> = Exclude<HttpStatus, Documented>;

/** Binary payloads: `Uint8Array` (Node `Buffer` included) or a `Blob` (`File` included). */
export type Binary = Uint8Array | Blob;

/**
 * A binary *response* body (issue 18.4). A handler may return bytes or a stream the server sends
 * as it comes, with backpressure: a Node `Readable` (e.g. `fs.createReadStream`), a web
 * `ReadableStream`, any `AsyncIterable<Uint8Array>`. The client hands out a `Uint8Array` by
 * default, a `Blob` or a `ReadableStream<Uint8Array>` per `init.responseType`.
 */
export type BinaryBody = Binary | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * A binary response body as the client hands it out, per the call's `init` (`I`): a
 * `ReadableStream<Uint8Array>` for `responseType: 'stream'`, a `Blob` for `'blob'`, else a
 * `Uint8Array`; the union of those when `responseType` is not a literal. Generated clients give
 * operations with a binary response a type parameter `I extends CallInit` for it.
 */
export type BinaryResponse<I> = I extends { responseType?: infer R } ? (R extends 'stream' ? ReadableStream<Uint8Array> : R extends 'blob' ? Blob : Uint8Array) : Uint8Array;

/** A non-file part of a streamed multipart body: its value as sent (text; a JSON part's JSON text). */
export interface MultipartFieldPart {
  type: 'field';
  name: string;
  value: string;
}

/** A file part of a streamed multipart body: its bytes as they arrive (on Node a `Readable`). */
export interface MultipartFilePart {
  type: 'file';
  name: string;
  /** The part's filename parameter ('' when none was sent). */
  filename: string;
  /** The part's Content-Type (`text/plain` when none was sent, as RFC 7578 says). */
  contentType: string;
  stream: AsyncIterable<Uint8Array>;
}

export type MultipartPart = MultipartFieldPart | MultipartFilePart;

/**
 * A multipart request body streamed to the handler (`x-stream: true` or the `streamBodies` option,
 * issue 18.4): the parts in wire order, each file part's stream to read before the next part comes
 * (a part left unread is drained). Parts are not checked against the body schema.
 */
export type MultipartParts = AsyncIterable<MultipartPart>;

/** A response member as generated: `{ status: 200; body: Pet; headers?: {...} }`. */
export interface ResponseShape {
  status: number;
  body?: unknown;
  headers?: Record<string, unknown>;
  contentType?: string;
}

type IsSuccess<S> = [S] extends [SuccessStatus] ? true : [S] extends [Exclude<HttpStatus, SuccessStatus>] ? false : boolean;

/** The response as received: final URL (after redirects) and every header. */
export interface RawResponse {
  url: string;
  headers: Headers;
}

/**
 * One member as the client returns it. `contentType` (the media type received) is set by the client on
 * every response; a member generated with several media types keeps its literal `contentType` as the
 * discriminator.
 */
type Member<R extends ResponseShape, S, Ok extends boolean> = Omit<R, 'headers' | 'status'> &
  ('contentType' extends keyof R ? {} : { contentType?: string }) & {
    status: S;
    ok: Ok;
    documented: true;
    headers: (R extends { headers?: infer H } ? NonNullable<H> : {}) & Record<string, unknown>;
    raw: RawResponse;
  };

/**
 * One documented member as a generated client.ts writes it out (issue 16: an interface per
 * member shape is far cheaper for tsc than `ClientMember`'s conditional and mapped types, and
 * test/types/client-result.test-d.ts pins the two to the same type): status `S`, `ok: Ok`,
 * the member's typed headers `H`, and its body, SSE events or JSON Lines items.
 */
export interface ResultMember<S, Ok, H = {}> {
  status: S;
  ok: Ok;
  documented: true;
  contentType?: string;
  headers: H & Record<string, unknown>;
  raw: RawResponse;
}
/** A member without content (204, 304, …). */
export interface ResultEmpty<S, Ok, H = {}> extends ResultMember<S, Ok, H> {}
/** A member with a body. */
export interface ResultBody<S, Ok, B, H = {}> extends ResultMember<S, Ok, H> {
  body: B;
}
/** A member streamed as server-sent events. */
export interface ResultEvents<S, Ok, E, H = {}> extends ResultMember<S, Ok, H> {
  events: E;
}
/** A member streamed as JSON Lines / json-seq items. */
export interface ResultItems<S, Ok, I, H = {}> extends ResultMember<S, Ok, H> {
  items: I;
}

/** The statuses of the members that are successes through and through (explicit 2xx, `2XX`). */
type SuccessStatusOf<R extends ResponseShape> = R extends ResponseShape ? (IsSuccess<R['status']> extends true ? R['status'] : never) : never;

/**
 * What the client returns for one documented member: `ok` narrows, `headers` always present.
 * A member whose statuses are both 2xx and not (`default`) is split in two: its non-2xx
 * statuses have `ok: false`; its 2xx statuses have `ok: DefaultOk`.
 */
export type ClientMember<R extends ResponseShape, DefaultOk extends boolean = true> = R extends ResponseShape
  ? boolean extends IsSuccess<R['status']>
    ? Member<R, Extract<R['status'], SuccessStatus>, DefaultOk> | Member<R, Exclude<R['status'], SuccessStatus>, false>
    : Member<R, R['status'], IsSuccess<R['status']>>
  : never;

/**
 * A status the spec does not document: honest, and never overlapping a
 * documented status. `ok` is false even for an undocumented 2xx: it breaks the
 * contract, and `if (res.ok)` must narrow to the documented success bodies.
 */
export interface UndocumentedResponse<Documented extends number = never> {
  status: Exclude<HttpStatus, Documented>;
  ok: false;
  documented: false;
  body: unknown;
  headers: Record<string, unknown>;
  contentType?: string;
  raw: RawResponse;
}

/**
 * The client result for an operation whose response union is `R`: one member per
 * documented status plus, unless `default` is documented, the undocumented rest.
 *
 * `ok` is true only for a body of a documented success: an explicit 2xx (or `2XX`)
 * member, or — when the operation documents no success otherwise — the 2xx statuses
 * `default` covers. With Stripe's pattern (`200: Thing`, `default: Error`) a 201
 * answered under `default` has `ok: false`, so `if (res.ok)` narrows to `Thing`.
 */
export type ClientResult<R extends ResponseShape, HasDefault extends boolean = false> =
  | ClientMember<R, [SuccessStatusOf<R>] extends [never] ? true : false>
  | (HasDefault extends true ? never : UndocumentedResponse<R['status']>);

/** Where a problem's field error was found. */
export type ProblemLocation = 'body' | 'query' | 'path' | 'header' | 'cookie';

export interface ProblemFieldError {
  in: ProblemLocation;
  /** JSON pointer into the location: `/petId`, `/tags/0/name`, `''` for the whole body. */
  pointer: string;
  message: string;
}

/**
 * RFC 9457 problem details, as the runtime's server answers its own errors
 * (`application/problem+json`). A client sees it as an undocumented body when
 * the operation declares another error shape.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: ProblemFieldError[];
}

/**
 * The untyped shape of a request on both sides: what a generated client method
 * takes and what a handler receives (the generated types narrow each key).
 */
export interface RequestParts {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  headers?: Record<string, unknown>;
  cookies?: Record<string, unknown>;
  /** OpenAPI 3.2 `in: querystring`: the whole query string, decoded per its media type. */
  querystring?: unknown;
  body?: unknown;
  /** The request media type, when the operation accepts several (client: default the first). */
  contentType?: string;
}
