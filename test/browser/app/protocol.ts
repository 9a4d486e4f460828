/** What the test hands the page, and what the page hands back (plain JSON both ways). */

export interface PageConfig {
  /** Base URLs, each on its own port (so every call from the page is cross-origin). */
  petstore: string;
  features: string;
  downloads: string;
  /** The stream-3.2 server (SSE events, JSON Lines items). */
  streams: string;
  /** A Petstore server whose CORS configuration does not allow the X-API-Key header. */
  petstoreWithoutApiKeyCors: string;
  apiKey: string;
  /** A JWT the Petstore server accepts for `bearerAuth`. */
  bearer: string;
  /** Pet ids the test server treats specially. */
  ids: {
    /** never answered (until the test ends): for the timeout and abort checks */
    slow: number;
    /** answered 503 once, then 200 */
    flaky: number;
    /** answered 418 by a "gateway" in front of the generated routes */
    teapot: number;
    /** answered 502 by the gateway without CORS headers */
    bareGateway: number;
    /** no such pet */
    missing: number;
    /** answered 302 to another origin (the features server) by the gateway */
    crossOrigin: number;
  };
  file: { name: string; bytes: number[] };
  /** The path the cross-origin redirect points to (never to be requested). */
  redirectTarget: string;
}

/** One check: what the page observed, or why it could not run to the end. */
export interface CheckResult {
  name: string;
  observed?: unknown;
  error?: string;
}

/** Same origin as the page: `GET /seen?url=/v1/pets/900` → how many such API requests arrived (a JSON number). */
export const SEEN_PATH = '/seen';

/** The prefix of each console line carrying a result. */
export const RESULT_PREFIX = 'contractgen-check ';

/** The global the bundle defines; the test calls it with the config. */
export interface PageGlobal {
  runBrowserChecks(config: PageConfig): Promise<CheckResult[]>;
}
