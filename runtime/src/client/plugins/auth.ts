/** Plugin: how an operation with security applies its credentials (imported by generated code only for such operations). */
export { applyAuth } from '../auth.js';
