/**
 * @contractgen/runtime/client/core — what generated per-operation functions and
 * `createClient` import, in the browser / edge build: the micro core (`micro.ts`), which
 * sends plain calls over fetch itself and loads the full client (`micro-full.ts`, its
 * own chunk) on demand for everything else. Nothing else: a bundler splits chunks by
 * module, so a module this entry re-exported would sit in the app's start chunk even
 * when only a lazily loaded feature uses it. What an operation plugs in comes from
 * `./client/plugins/<name>` (one module each). Node resolves `core-node.ts` (the `node`
 * condition): the full path directly, over the Node transports.
 */
export { call, connect } from './micro.js';
export { clientApi } from './client-api.js';
export type { ApiClient, ApiInfo, ApplyAuth, EncodeBody, FollowRedirects, Plugins, ServerUrl } from './connection.js';
// the code an operation or a client plugs in only when it needs it is in ./plugins/*
// (one module each: a module this entry re-exported would be in every app's start chunk)
export type { CallInit, ClientOptions, ClientRequest, ClientResponse } from './types.js';
