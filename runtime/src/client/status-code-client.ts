/**
 * The base of every generated `Client`: a connection with every optional
 * feature installed at once (the options are checked in the constructor),
 * usable wherever a per-operation function wants a client (`getPet(client, …)`).
 * Its methods are the per-operation functions.
 */
import type { ApiSpec, OperationSpec } from '../spec.js';
import { applyClientAuth } from './auth.js';
import { serverUrl } from './base-url.js';
import { call } from './call.js';
import { CONNECTION, connect, type ApiClient, type Connection, type Platform, type Plugins } from './connection.js';
import { expect, type BodyOf } from './expect.js';
import { installFeatures } from './features.js';
import { fetchPlatform } from './platform-fetch.js';
import { withRedirects } from './redirects.js';
import { encodeBody } from './request-body.js';
import { parseTextValue } from './body-shape.js';
import { multipartResponse } from './multipart-response.js';
import { serializeCookieParam, serializeHeaderParam, serializePathParam, serializeQueryParam } from './parameters.js';
import { serializeQuerystring } from './querystring.js';
import { responseHeaders } from './response-headers.js';
import type { StreamPlugin } from './stream-response.js';
import type { CallInit, ClientOptions, ClientRequest, ClientResponse } from './types.js';

/** Everything an operation may need (hand-written descriptors bring no code of their own). */
const ALL: Plugins = {
  auth: applyClientAuth,
  encode: encodeBody,
  follow: withRedirects,
  serverUrl,
  path: serializePathParam,
  query: serializeQueryParam,
  header: serializeHeaderParam,
  cookie: serializeCookieParam,
  querystring: serializeQuerystring,
  multipart: multipartResponse,
  typedText: parseTextValue,
  responseHeaders,
};

export class StatusCodeClient implements ApiClient {
  readonly #api: ApiSpec;
  readonly [CONNECTION]: Connection;

  /** `stream`: the streamed-response plugin (`plugins/stream`), for hand-written descriptors with a streamed response (generated operations bring their own). */
  constructor(api: ApiSpec, options: ClientOptions = {}, platform: Platform = fetchPlatform, stream?: StreamPlugin) {
    this.#api = api;
    this[CONNECTION] = connect(api, options, platform, stream === undefined ? ALL : { ...ALL, stream }, installFeatures)[CONNECTION];
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
  protected call(op: OperationSpec, req: ClientRequest | undefined, init?: CallInit): Promise<ClientResponse> {
    return call(this, op, req, init);
  }
}
