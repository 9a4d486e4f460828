/**
 * The undici dispatcher of the Node transport, from the connection options (issue 17.6):
 * `allowH2` (HTTP/2 negotiated by ALPN over TLS), `proxy` (a ProxyAgent for one proxy URL, or
 * EnvHttpProxyAgent for HTTP_PROXY / HTTPS_PROXY / NO_PROXY), and `tls` (lean's, as node:tls
 * connect options) — then each transport feature's dispatcher hook (the HTTP cache). Undefined
 * when nothing asks for one: undici's global dispatcher serves.
 */
import { InvalidOptionsError } from '../resilience/errors.js';
import type { FeatureContext, TransportFeature, UndiciLike } from './transport-feature.js';
import type { DispatcherLike } from './types.js';


/** `proxy` in the client options. */
export type ProxyOption =
  | string
  | 'env'
  | {
      /** Proxy for http:// URLs. */
      http?: string;
      /** Proxy for https:// URLs. */
      https?: string;
      /** Hosts not proxied, as NO_PROXY (`localhost,.internal.example,10.0.0.0:8080`). */
      noProxy?: string;
    };

export interface DispatcherSettings {
  allowH2?: boolean | undefined;
  proxy?: ProxyOption | undefined;
  /** node:tls connect options (a private CA, a client certificate…). */
  connect?: Record<string, unknown> | undefined;
}

export function checkConnectionOptions(settings: DispatcherSettings): void {
  const { allowH2, proxy } = settings;
  if (allowH2 !== undefined && typeof allowH2 !== 'boolean') throw new InvalidOptionsError('allowH2', 'expected a boolean');
  if (proxy === undefined || proxy === 'env') return;
  const urls = typeof proxy === 'string' ? { proxy } : { 'proxy.http': proxy.http, 'proxy.https': proxy.https };
  for (const [option, url] of Object.entries(urls)) {
    if (url === undefined) continue;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new InvalidOptionsError(option, `"${url}" is not a URL (http://proxy.example:3128) or 'env'`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new InvalidOptionsError(option, 'expected an http: or https: proxy URL');
  }
}

/** The dispatcher for the settings and features (undefined: undici's global one). */
export function nodeDispatcher(
  undici: UndiciLike,
  settings: DispatcherSettings,
  given: DispatcherLike | undefined,
  features: readonly TransportFeature[],
  context: FeatureContext,
): DispatcherLike | undefined {
  let dispatcher = given ?? baseDispatcher(undici, settings);
  for (const feature of features) {
    if (feature.dispatcher === undefined) continue;
    // not onto undici's global dispatcher: it may be Node's own undici (fetch's), whose handler API differs
    dispatcher = feature.dispatcher(dispatcher ?? (new undici.Agent({} as never) as DispatcherLike), undici, context);
  }
  return dispatcher;
}

function baseDispatcher(undici: UndiciLike, { allowH2, proxy, connect }: DispatcherSettings): DispatcherLike | undefined {
  const agent = { ...(allowH2 === true ? { allowH2: true } : {}), ...(connect === undefined ? {} : { connect }) };
  if (proxy === undefined) return Object.keys(agent).length === 0 ? undefined : (new undici.Agent(agent as never) as unknown as DispatcherLike);
  // TLS settings are for the target (through the tunnel), not for the proxy
  // (undici builds the tunnelled TLS connection from requestTls alone: ALPN for h2 has to be asked there too)
  const requestTls = { ...connect, ...(allowH2 === true ? { allowH2: true } : {}) };
  const proxied = { ...(allowH2 === true ? { allowH2: true } : {}), ...(Object.keys(requestTls).length === 0 ? {} : { requestTls }) };
  if (typeof proxy === 'string' && proxy !== 'env') return new undici.ProxyAgent({ ...proxied, uri: proxy } as never) as unknown as DispatcherLike;
  const explicit = typeof proxy === 'object' ? { httpProxy: proxy.http ?? '', httpsProxy: proxy.https ?? '', noProxy: proxy.noProxy ?? '' } : {};
  // EnvHttpProxyAgent connects directly (NO_PROXY hosts) with `connect`, through the proxy with `requestTls`
  return new undici.EnvHttpProxyAgent({ ...agent, ...proxied, ...explicit } as never) as unknown as DispatcherLike;
}
