/** Plugin (browser build): `multipartResponse`, loaded with the full client on demand (see lazy-plugin.ts); Node resolves ./multipart.ts. */
import { lazyPlugin } from '../lazy-plugin.js';
import type { multipartResponse as Real } from './multipart.js';

export const multipartResponse: typeof Real = /* @__PURE__ */ lazyPlugin('multipartResponse');
