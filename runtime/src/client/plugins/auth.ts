/** Plugin: how an operation with security applies its credentials (imported by generated code only for such operations). */
export { applyClientAuth as applyAuth } from '../auth.js';
