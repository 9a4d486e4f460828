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
 * What the client returns for one documented member: `ok` narrows, `headers` always present.
 * `contentType` (the media type received) is set by the client on every response; a member
 * generated with several media types keeps its literal `contentType` as the discriminator.
 */
export type ClientMember<R extends ResponseShape> = R extends ResponseShape
  ? Omit<R, 'headers'> &
      ('contentType' extends keyof R ? {} : { contentType?: string }) & {
        ok: IsSuccess<R['status']>;
        documented: true;
        headers: (R extends { headers?: infer H } ? NonNullable<H> : {}) & Record<string, unknown>;
        raw: RawResponse;
      }
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
 */
export type ClientResult<R extends ResponseShape, HasDefault extends boolean = false> =
  | ClientMember<R>
  | (HasDefault extends true ? never : UndocumentedResponse<R['status']>);

/**
 * The untyped shape of a request on both sides: what a generated client method
 * takes and what a handler receives (the generated types narrow each key).
 */
export interface RequestParts {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  headers?: Record<string, unknown>;
  cookies?: Record<string, unknown>;
  body?: unknown;
  /** The request media type, when the operation accepts several (client: default the first). */
  contentType?: string;
}
