/** Plugin: server URL variables, imported by a generated `createClient` when a server URL has them. */
export { serverUrl } from '../base-url.js';
