/** Plugin (browser build): `typedText`, loaded with the full client on demand (see lazy-plugin.ts); Node resolves ./text.ts. */
import { lazyPlugin } from '../lazy-plugin.js';
import type { typedText as Real } from './text.js';

export const typedText: typeof Real = /* @__PURE__ */ lazyPlugin('typedText');
