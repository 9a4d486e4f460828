/**
 * The full client behind the browser's micro core (`micro.ts`), loaded on demand in a chunk of
 * its own: the connection over fetch with every option check, the full call path, the response
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
import { fetchPlatform } from './platform-fetch.js';
import type { Received } from './redirects.js';
import { transportError } from './transport.js';
import type { CallInit, ClientRequest } from './types.js';

/** The full connection of a micro handle: `connect` over fetch (which throws InvalidOptionsError for invalid options), made once. */
function fullOf(micro: Micro): ApiClient {
  return (micro.full ??= connect(micro.api, micro.options, fetchPlatform, micro.plugins, micro.install));
}

/** A call the micro core does not send itself (`micro`: its handle; undefined: `client` is a `Client` or a full connection). */
export function call(client: ApiClient, micro: Micro | undefined, op: OperationSpec, req: ClientRequest | undefined, init: CallInit | undefined, plugins: Plugins | undefined) {
  return fullCall(micro === undefined ? client : fullOf(micro), op, req, init, plugins);
}

/** The caller aborted while the call failed otherwise: AbortedError (as `call` does). */
function callError(error: unknown, init: CallInit | undefined): unknown {
  return init?.signal?.aborted === true && !(error instanceof AbortedError) ? new AbortedError({ cause: error }) : error;
}

/** An answer the micro core did not classify: the full classifier's result, or its error. */
export async function respond(micro: Micro, op: OperationSpec, received: Received, init: CallInit | undefined, plugins: Plugins | undefined) {
  try {
    return await toResponse(op, received, init, plugins ?? connectionOf(fullOf(micro)).plugins);
  } catch (error) {
    throw callError(error, init);
  }
}

/**
 * The typed error of a failed micro exchange. `stop`: 1 the attempt's timeout fired, 2 the caller
 * aborted; `{ tooLarge }`: the body passed the size limit; anything else fetch (or its body) threw.
 */
export function failure(micro: Micro, error: unknown, stop: number, timeout: number, limit: number, init: CallInit | undefined, wire: { method: string; url: string }): unknown {
  const tooLarge = (error as { tooLarge?: unknown } | null)?.tooLarge;
  let typed: ContractgenError;
  if (stop === 1) typed = new TimeoutError(timeout);
  else if (stop === 2) typed = abortedError(init?.signal);
  else if (typeof tooLarge === 'number') typed = new ResponseTooLargeError(limit, tooLarge);
  else typed = transportError(error, new AbortController().signal, { ...wire, redact: connectionOf(fullOf(micro)).redact });
  return callError(typed, init);
}
