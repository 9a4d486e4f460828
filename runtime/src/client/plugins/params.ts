/**
 * Plugin: parameter serializers (OpenAPI `style`/`explode`), one per location, plus the
 * smaller ones for the default styles (from a module without the other styles or any error
 * class). A generated operation imports those of the locations and styles it declares; the
 * rest stays out of the bundle.
 */
export { serializeCookieParam as cookieParam, serializeHeaderParam as headerParam, serializePathParam as pathParam, serializeQueryParam as queryParam } from '../parameters.js';
export { serializeFormQueryParam as formQueryParam, serializeSimplePathParam as simplePathParam } from '../param-text.js';
export { serializeQuerystring as querystringParam } from '../querystring.js';
