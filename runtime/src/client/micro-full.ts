/**
 * The full client behind the browser's micro core (`micro.ts`), loaded on demand in a chunk of
 * its own: the connection over fetch with every option check, the full call path (with the
 * browser build's lazy plugins loaded, lazy-plugin.ts), the response
 * classifier for answers the micro core does not classify itself, and the typed errors of its
 * failures (the same errors, messages and redaction as the full path's).
 */
import type { OperationSpec } from '../spec.js';
import { ContractgenError } from '../errors.js';
import { abortedError } from '../resilience/abort.js';
import { AbortedError, TimeoutError } from '../resilience/errors.js';
import { call as fullCall, toResponse } from './call.js';
import { connect, connectionOf, type ApiClient, type Plugins } from './connection.js';
import type { Micro } from './micro.js';
import { ResponseTooLargeError } from './errors.js';
import { isLazyPlugin, LAZY, type LazyName } from './lazy-plugin.js';
import { applyClientAuth } from './auth.js';
import { serverUrl } from './base-url.js';
import { parseTextValue } from './body-shape.js';
import { multipartResponse } from './multipart-response.js';
import { withRedirects } from './redirects.js';
import { fetchPlatform } from './platform-fetch.js';
import type { Received } from './redirects.js';
import { transportError } from './transport.js';
import type { CallInit, ClientRequest } from './types.js';

/** The full connection of a micro handle: `connect` over fetch (which throws InvalidOptionsError for invalid options), made once. */
function fullOf(micro: Micro): Promise<ApiClient> {
  return (micro.full ??= real(micro.plugins).then((plugins) => connect(micro.api, micro.options, fetchPlatform, plugins, micro.install)));
}

/** What the browser build's lazy plugin markers stand for (in this chunk: loaded with the full client). */
const REAL: Record<LazyName, unknown> = {
  applyAuth: applyClientAuth,
  multipartResponse,
  typedText: parseTextValue,
  serverUrl,
  withRedirects,
};

const resolved = new WeakMap<Plugins, Promise<Plugins>>();

/** `plugins` with the browser build's lazy plugins (lazy-plugin.ts) loaded and swapped in. */
function real(plugins: Plugins | undefined): Promise<Plugins | undefined> {
  if (plugins === undefined || !Object.values(plugins).some(isLazyPlugin)) return Promise.resolve(plugins);
  let done = resolved.get(plugins);
  if (done === undefined) {
    const entries = Object.entries(plugins).map(([name, value]) => [name, isLazyPlugin(value) ? REAL[value[LAZY]] : value]);
    resolved.set(plugins, (done = Promise.resolve(Object.fromEntries(entries) as Plugins)));
  }
  return done;
}

/** A call the micro core does not send itself (`micro`: its handle; undefined: `client` is a `Client` or a full connection). */
export async function call(client: ApiClient, micro: Micro | undefined, op: OperationSpec, req: ClientRequest | undefined, init: CallInit | undefined, plugins: Plugins | undefined) {
  return fullCall(micro === undefined ? client : await fullOf(micro), op, req, init, await real(plugins));
}

/** The caller aborted while the call failed otherwise: AbortedError (as `call` does). */
function callError(error: unknown, init: CallInit | undefined): unknown {
  return init?.signal?.aborted === true && !(error instanceof AbortedError) ? new AbortedError({ cause: error }) : error;
}

/** An answer the micro core did not classify: the full classifier's result, or its error. */
export async function respond(micro: Micro, op: OperationSpec, received: Received, init: CallInit | undefined, plugins: Plugins | undefined) {
  try {
    return await toResponse(op, received, init, (await real(plugins)) ?? connectionOf(await fullOf(micro)).plugins);
  } catch (error) {
    throw callError(error, init);
  }
}

/**
 * The typed error of a failed micro exchange. `stop`: 1 the attempt's timeout fired, 2 the caller
 * aborted; `{ tooLarge }`: the body passed the size limit; anything else fetch (or its body) threw.
 */
export async function failure(micro: Micro, error: unknown, stop: number, timeout: number, limit: number, init: CallInit | undefined, wire: { method: string; url: string }): Promise<unknown> {
  const tooLarge = (error as { tooLarge?: unknown } | null)?.tooLarge;
  let typed: ContractgenError;
  if (stop === 1) typed = new TimeoutError(timeout);
  else if (stop === 2) typed = abortedError(init?.signal);
  else if (typeof tooLarge === 'number') typed = new ResponseTooLargeError(limit, tooLarge);
  else typed = transportError(error, new AbortController().signal, { ...wire, redact: connectionOf(await fullOf(micro)).redact });
  return callError(typed, init);
}
