/**
 * The Node platform (the `node` export condition of @contractgen/runtime/client):
 * by default `undici.request` when undici is installed, else node:http with
 * keep-alive — never fetch unless asked (`transport: 'fetch'` or `fetch`).
 * These transports do not follow redirects: the client does, with its policy.
 */
import { InvalidOptionsError } from '../resilience/errors.js';
import type { Platform } from './connection.js';
import { defaultNodeTransport, undiciTransport, withForbiddenMethods } from './node-transport.js';
import { fetchSetup } from './platform-fetch.js';
import { withRedirects } from './redirects.js';

export const nodePlatform: Platform = {
  transport(options, redact) {
    const { transport, dispatcher, tls } = options;
    if (transport !== undefined && transport !== 'undici' && transport !== 'node:http' && transport !== 'fetch') {
      throw new InvalidOptionsError('transport', `expected 'undici', 'node:http' or 'fetch', got ${String(transport)}`);
    }
    if (dispatcher !== undefined) {
      if (tls !== undefined) throw new InvalidOptionsError('tls', "give tls or dispatcher, not both (put TLS settings in the dispatcher's connect options)");
      return { transport: undiciTransport(dispatcher, redact), viaFetch: false, fetchFollows: false };
    }
    if (transport === 'fetch' || (transport === undefined && options.fetch !== undefined)) {
      if (tls !== undefined) throw new InvalidOptionsError('tls', "fetch cannot take TLS settings: leave transport unset (undici or node:http) or pass a dispatcher");
      const setup = fetchSetup(options, redact);
      return { ...setup, transport: withForbiddenMethods(setup.transport, redact) };
    }
    return { transport: defaultNodeTransport(tls, redact, transport), viaFetch: false, fetchFollows: false };
  },
  follow: withRedirects,
};
