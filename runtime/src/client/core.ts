/**
 * @contractgen/runtime/client/core — what generated per-operation functions and
 * `createClient` import: the call path and the connection. Nothing else: a bundler
 * splits chunks by module, so a module this entry re-exported would sit in the
 * app's start chunk even when only a lazily loaded feature uses it. What an
 * operation plugs in comes from `./client/plugins/<name>` (one module each). The
 * browser / edge build (fetch); Node resolves `core-node.ts` (the `node` condition).
 */
import type { ApiInfo, ApiClient, InstallFeatures, Plugins } from './connection.js';
import { connect as connectOn } from './connection.js';
import { fetchPlatform } from './platform-fetch.js';
import type { ClientOptions } from './types.js';

/** What generated `createClient` calls: a connection over fetch. */
export function connect(api: ApiInfo, options: ClientOptions = {}, plugins?: Plugins, install?: InstallFeatures): ApiClient {
  return connectOn(api, options, fetchPlatform, plugins, install);
}

export { call } from './call.js';
export { CONNECTION, clientApi } from './connection.js';
export type { ApiClient, ApiInfo, ApplyAuth, EncodeBody, FollowRedirects, Plugins, ServerUrl } from './connection.js';
// the code an operation or a client plugs in only when it needs it is in ./plugins/*
// (one module each: a module this entry re-exported would be in every app's start chunk)
export type { CallInit, ClientOptions, ClientRequest, ClientResponse } from './types.js';
