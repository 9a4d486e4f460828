/** Plugin: documented streamed responses (SSE, JSON Lines, json-seq) with the stream reader, imported by generated code only for operations that have one. */
export { streamResponse } from '../stream-response.js';
