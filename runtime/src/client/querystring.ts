/**
 * OpenAPI 3.2 `in: querystring`: the request's `querystring` value is the whole query string,
 * serialized per the parameter's media type — a form (`application/x-www-form-urlencoded`,
 * fields as a form body's), JSON text percent-encoded, or any other value's text percent-encoded.
 */
import type { ParameterSpec } from '../spec.js';
import { InvalidRequestError } from './errors.js';
import { formBody } from './request-body.js';

/** `?…` for the value, '' when there is none. */
export function serializeQuerystring(p: ParameterSpec, value: unknown): string {
  if (value === undefined || value === null) return '';
  const contentType = (p.contentType ?? 'application/x-www-form-urlencoded').toLowerCase().split(';')[0]!.trim();
  let text: string;
  if (contentType === 'application/x-www-form-urlencoded') {
    if (typeof value !== 'object' && typeof value !== 'string') throw new InvalidRequestError(`querystring ${p.name}: a form query string must be an object, a URLSearchParams or a string`);
    text = String(formBody({ mediaType: contentType, kind: 'form' }, value));
  } else if (contentType === 'application/json' || contentType.endsWith('+json')) {
    text = encodeURIComponent(JSON.stringify(value));
  } else {
    text = encodeURIComponent(String(value));
  }
  return text === '' ? '' : `?${text}`;
}
