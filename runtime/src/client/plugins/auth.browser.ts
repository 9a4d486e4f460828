/** Plugin (browser build): `applyAuth`, loaded with the full client on demand (see lazy-plugin.ts); Node resolves ./auth.ts. */
import { lazyPlugin } from '../lazy-plugin.js';
import type { applyAuth as Real } from './auth.js';

export const applyAuth: typeof Real = /* @__PURE__ */ lazyPlugin('applyAuth');
