/** Plugin (browser build): `serverUrl`, loaded with the full client on demand (see lazy-plugin.ts); Node resolves ./server-url.ts. */
import { lazyPlugin } from '../lazy-plugin.js';
import type { serverUrl as Real } from './server-url.js';

export const serverUrl: typeof Real = /* @__PURE__ */ lazyPlugin('serverUrl');
