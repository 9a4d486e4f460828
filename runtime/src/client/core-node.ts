/**
 * @contractgen/runtime/client/core on Node (the `node` export condition): the same
 * entry as core.ts, with connections over the Node transports (see node.ts) and
 * every call on the full path (no micro core: its point is the browser's bundle).
 */
import type { ApiInfo, ApiClient, InstallFeatures, Plugins } from './connection.js';
import { connect as connectOn } from './connection.js';
import { nodePlatform } from './platform-node.js';
import type { ClientOptions } from './types.js';

export * from './core.js';
export { call } from './call.js';

/** What generated `createClient` calls: a connection over the Node transports. */
export function connect(api: ApiInfo, options: ClientOptions = {}, plugins?: Plugins, install?: InstallFeatures): ApiClient {
  return connectOn(api, options, nodePlatform, plugins, install);
}
