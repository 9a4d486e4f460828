/**
 * @contractgen/runtime/client on Node (the `node` export condition): the same API
 * as the browser build, but connections default to the Node transports
 * (`undici.request` when undici is installed, else node:http with keep-alive;
 * fetch only when asked), and the client follows redirects itself.
 */
import type { ApiSpec } from '../spec.js';
import type { ApiInfo, ApiClient, InstallFeatures, Platform, Plugins } from './connection.js';
import type { StreamPlugin } from './stream-response.js';
import { connect as connectOn } from './connection.js';
import { nodePlatform } from './platform-node.js';
import { StatusCodeClient as BrowserStatusCodeClient } from './status-code-client.js';
import type { ClientOptions } from './types.js';

export * from './index.js';

/** What generated `createClient` calls: a connection over the Node transports. */
export function connect(api: ApiInfo, options: ClientOptions = {}, plugins?: Plugins, install?: InstallFeatures): ApiClient {
  return connectOn(api, options, nodePlatform, plugins, install);
}

/** The base of every generated `Client`, over the Node transports. */
export class StatusCodeClient extends BrowserStatusCodeClient {
  /** The platform is always Node's here; `stream` as in the browser build. */
  constructor(api: ApiSpec, options: ClientOptions = {}, _platform?: Platform, stream?: StreamPlugin) {
    super(api, options, nodePlatform, stream);
  }
}
