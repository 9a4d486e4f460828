/**
 * Plugin: parameter serializers (OpenAPI `style`/`explode`), one per location, plus the
 * smaller ones for the default styles. A generated operation imports those of the
 * locations and styles it declares; the rest stays out of the bundle.
 */
export {
  serializeCookieParam as cookieParam,
  serializeFormQueryParam as formQueryParam,
  serializeHeaderParam as headerParam,
  serializePathParam as pathParam,
  serializeQueryParam as queryParam,
  serializeSimplePathParam as simplePathParam,
} from '../parameters.js';
export { serializeQuerystring as querystringParam } from '../querystring.js';
