/** Plugin: multipart responses decoded into the schema object, imported by generated code only for operations that document one. */
export { multipartResponse } from '../multipart-response.js';
