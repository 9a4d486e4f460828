/** Plugin (browser build): `withRedirects`, loaded with the full client on demand (see lazy-plugin.ts); Node resolves ./redirects.ts. */
import { lazyPlugin } from '../lazy-plugin.js';
import type { withRedirects as Real } from './redirects.js';

export const withRedirects: typeof Real = /* @__PURE__ */ lazyPlugin('withRedirects');
