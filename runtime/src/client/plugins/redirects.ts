/** Plugin: client-side redirects, imported by a generated `createClient` when the spec's API keys would cross an origin with fetch's own. */
export { withRedirects } from '../redirects.js';
