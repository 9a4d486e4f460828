/** Plugin: request body encoders (JSON, form, multipart, binary), imported by generated code only for operations with a body. */
export { encodeBody } from '../request-body.js';
