/**
 * The browser / edge platform (the package's default export condition): every
 * request goes through fetch (the global one, or `options.fetch`). Node-only
 * options are refused with a clear error.
 */
import { InvalidOptionsError, NetworkError } from '../resilience/errors.js';
import type { Platform } from './connection.js';
import { fetchTransport, type Redact, type Transport } from './transport.js';
import type { ClientOptions } from './types.js';

const FORBIDDEN = /^(?:TRACE|CONNECT|TRACK)$/i;

/** The fetch transport as `options` configure it (also the Node platform's 'fetch' transport). */
export function fetchSetup(options: ClientOptions, redact: Redact): { transport: Transport; viaFetch: true; fetchFollows: boolean; kind: 'fetch' } {
  const follows = options.followRedirects === undefined;
  return { transport: fetchTransport(options.fetch ?? defaultFetch(), follows ? 'follow' : 'manual', redact), viaFetch: true, fetchFollows: follows, kind: 'fetch' };
}

export const fetchPlatform: Platform = {
  transport(options, redact) {
    for (const option of ['dispatcher', 'tls', 'allowH2', 'proxy'] as const) {
      if (options[option] !== undefined) {
        throw new InvalidOptionsError(option, 'Node only (this is the browser build of @contractgen/runtime/client; Node resolves its "node" export condition)');
      }
    }
    const setup = fetchSetup(options, redact);
    const base = setup.transport;
    setup.transport = (request, signal, redirect) =>
      FORBIDDEN.test(request.method)
        ? Promise.reject(new NetworkError(`${request.method} cannot be sent from a browser (the fetch standard forbids it)`))
        : base(request, signal, redirect);
    return setup;
  },
};

function defaultFetch(): typeof fetch {
  if (typeof globalThis.fetch !== 'function') {
    throw new InvalidOptionsError('fetch', 'there is no global fetch here: pass options.fetch');
  }
  return (input, init) => globalThis.fetch(input, init);
}
