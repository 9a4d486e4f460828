/** Plugin: documented response headers read as their schema's type, imported by generated code only for operations that document response headers. */
export { responseHeaders } from '../typed-headers.js';
