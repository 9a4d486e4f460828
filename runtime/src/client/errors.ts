import { ContractgenError } from '../errors.js';

/** The response body does not parse as its content type says (e.g. invalid JSON). */
export class ResponseParseError extends ContractgenError {
  readonly status: number;
  readonly contentType: string | undefined;
  /** The body as received (UTF-8 decoded). */
  readonly text: string;
  constructor(status: number, contentType: string | undefined, text: string, options?: { cause?: unknown }) {
    super('CG_RESPONSE_PARSE', `cannot parse the ${status} response body as ${contentType ?? 'its content type'}`, options);
    this.status = status;
    this.contentType = contentType;
    this.text = text;
  }
}

/** The request cannot be built: a missing path parameter, an unknown content type, a bad header value… */
export class InvalidRequestError extends ContractgenError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CG_INVALID_REQUEST', message, options);
  }
}

/**
 * The response body is larger than `maxResponseSize` (counted after decompression, while it
 * streams in: the rest is not read), or too large to decode as text at all.
 */
export class ResponseTooLargeError extends ContractgenError {
  /** The limit that was exceeded (bytes); undefined when the body was too large to decode as a string. */
  readonly limit: number | undefined;
  /** Bytes read (or declared by Content-Length) when the client stopped. */
  readonly received: number;
  constructor(limit: number | undefined, received: number, options?: { cause?: unknown }) {
    super(
      'CG_RESPONSE_TOO_LARGE',
      limit === undefined
        ? `the response body (${received} bytes) is too large to decode as text`
        : `the response body is larger than maxResponseSize (${limit} bytes; stopped at ${received})`,
      options,
    );
    this.limit = limit;
    this.received = received;
  }
}

/** Why a redirect was not followed. */
export type RedirectRefusal = 'malformed' | 'scheme' | 'origin' | 'opaque';

/**
 * A redirect the client will not follow: a malformed Location, a target that is not
 * http(s) (`data:`, `file:`…), an origin `followRedirects.allowedOrigins` does not
 * allow, or (in a browser) a redirect of a request carrying an API key, whose target
 * the browser hides (`opaque`).
 */
export class RedirectRefusedError extends ContractgenError {
  readonly reason: RedirectRefusal;
  readonly status: number;
  /** The Location (credential query parameters redacted; only the scheme for a non-http(s) one). */
  readonly location: string;
  constructor(reason: RedirectRefusal, status: number, location: string, options?: { cause?: unknown }) {
    const why = {
      malformed: 'its Location is not a URL',
      scheme: 'only http and https targets are followed',
      origin: 'its origin is not in followRedirects.allowedOrigins',
      opaque: 'the request carries an API key and the browser hides the redirect target (fetch redirect: "manual")',
    }[reason];
    super('CG_REDIRECT_REFUSED', `not following the ${status} redirect to ${location}: ${why}`, options);
    this.reason = reason;
    this.status = status;
    this.location = location;
  }
}
