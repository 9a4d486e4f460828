/**
 * The Node platform (the `node` export condition of @contractgen/runtime/client):
 * by default `undici.request` when undici is installed, else node:http with
 * keep-alive — never fetch unless asked (`transport: 'fetch'` or `fetch`).
 * These transports do not follow redirects: the client does, with its policy.
 */
import { InvalidOptionsError } from '../resilience/errors.js';
import type { Platform } from './connection.js';
import { checkConnectionOptions, nodeDispatcher } from './node-dispatcher.js';
import { defaultNodeTransport, undiciTransport, withForbiddenMethods } from './node-transport.js';
import { fetchSetup } from './platform-fetch.js';
import { withRedirects } from './redirects.js';
import { HeaderMap } from './headers.js';
import { lightAborter } from './transport-signal.js';

export const nodePlatform: Platform = {
  transport(options, redact, features, context) {
    const { transport, dispatcher, tls, allowH2, proxy } = options;
    if (transport !== undefined && transport !== 'undici' && transport !== 'node:http' && transport !== 'fetch') {
      throw new InvalidOptionsError('transport', `expected 'undici', 'node:http' or 'fetch', got ${String(transport)}`);
    }
    checkConnectionOptions({ allowH2, proxy });
    const composing = features.some((feature) => feature.dispatcher !== undefined);
    const connecting = allowH2 === true || proxy !== undefined;
    if (dispatcher !== undefined) {
      if (tls !== undefined) throw new InvalidOptionsError('tls', "give tls or dispatcher, not both (put TLS settings in the dispatcher's connect options)");
      if (connecting) throw new InvalidOptionsError(allowH2 === true ? 'allowH2' : 'proxy', 'give it to your dispatcher (an undici Agent or ProxyAgent), not beside it');
      const given = composing ? (undici: Parameters<typeof nodeDispatcher>[0]) => nodeDispatcher(undici, {}, dispatcher, features, context)! : dispatcher;
      return { transport: undiciTransport(given, redact), viaFetch: false, fetchFollows: false, kind: 'undici', aborter: lightAborter };
    }
    if (connecting && (transport === 'fetch' || transport === 'node:http' || (transport === undefined && options.fetch !== undefined))) {
      throw new InvalidOptionsError(allowH2 === true ? 'allowH2' : 'proxy', `needs the undici transport, not ${transport ?? 'fetch'} (leave transport unset, and npm install undici)`);
    }
    if (transport === 'fetch' || (transport === undefined && options.fetch !== undefined)) {
      if (tls !== undefined) throw new InvalidOptionsError('tls', "fetch cannot take TLS settings: leave transport unset (undici or node:http) or pass a dispatcher");
      const setup = fetchSetup(options, redact);
      return { ...setup, transport: withForbiddenMethods(setup.transport, redact) };
    }
    // allowH2, proxy and the HTTP cache are undici's: no silent node:http fallback without it
    const prefer = transport !== 'node:http' && (connecting || composing) ? 'undici' : transport;
    if (prefer === 'node:http') return { transport: defaultNodeTransport(tls, redact, prefer), viaFetch: false, fetchFollows: false, kind: 'node:http', aborter: lightAborter };
    const dispatch = connecting || composing ? { allowH2, proxy, features, context } : undefined;
    // (left to itself, the default falls back to node:http when undici is missing; no dispatcher feature is installed then)
    return { transport: defaultNodeTransport(tls, redact, prefer, dispatch), viaFetch: false, fetchFollows: false, kind: 'undici', aborter: lightAborter };
  },
  follow: withRedirects,
  headers: () => new HeaderMap(),
};
