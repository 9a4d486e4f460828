/**
 * OpenAPI 3.2 `in: querystring`: one parameter is the whole query string, decoded per its
 * media type (`content`): `application/x-www-form-urlencoded` as a form (fields shaped by the
 * schema like a form body), JSON from the percent-decoded text, anything else as the
 * percent-decoded string. Validated like a body; problems point into `query`.
 */
import type { ApiSpec, MediaSpec, OperationSpec, ParameterSpec } from '../spec.js';
import { decodeBody, type JsonParse } from './body-decoding.js';
import type { ProblemFieldError } from './problem.js';
import type { SchemaCompiler, Validator } from './schema-compiler.js';

export interface QuerystringBinder {
  param: ParameterSpec;
  media: MediaSpec;
  validate: Validator;
}

/** The media kind a querystring parameter's content type is decoded as. */
function kindOf(contentType: string): MediaSpec['kind'] {
  const mt = contentType.toLowerCase().split(';')[0]!.trim();
  if (mt === 'application/x-www-form-urlencoded') return 'form';
  if (mt === 'application/json' || mt.endsWith('+json')) return 'json';
  return 'text';
}

export function compileQuerystring(op: OperationSpec, compilers: { plain: SchemaCompiler; coercing: SchemaCompiler }): QuerystringBinder | undefined {
  const param = op.parameters.find((p) => p.in === 'querystring');
  if (!param) return undefined;
  const media: MediaSpec = { mediaType: param.contentType ?? 'application/x-www-form-urlencoded', kind: kindOf(param.contentType ?? ''), schema: param.schema };
  const compiler = media.kind === 'form' ? compilers.coercing : compilers.plain;
  return { param, media, validate: compiler.compile(param.schema, `${op.operationId} querystring ${media.mediaType}`) };
}

/** The query string of `url` (after `?`, before `#`), '' when there is none. */
function rawQueryString(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return '';
  const hash = url.indexOf('#', q);
  return url.slice(q + 1, hash < 0 ? undefined : hash);
}

export type QuerystringResult = { ok: true; value: unknown } | { ok: false; errors: ProblemFieldError[] };

/**
 * Decodes and validates the query string of `url`; `value` undefined when it is empty and the
 * parameter is optional. `coerce` applies the binder's strict number rule to form fields.
 */
export function bindQuerystring(api: ApiSpec, binder: QuerystringBinder, url: string, parseJson: JsonParse, coerce: (value: unknown) => unknown): QuerystringResult {
  const raw = rawQueryString(url);
  if (raw === '') {
    if (binder.param.required) return { ok: false, errors: [{ in: 'query', pointer: '', message: 'is required' }] };
    return { ok: true, value: undefined };
  }
  let text: string;
  if (binder.media.kind === 'form') text = raw;
  else {
    try {
      text = decodeURIComponent(raw);
    } catch {
      return { ok: false, errors: [{ in: 'query', pointer: '', message: 'is not valid percent-encoding' }] };
    }
  }
  const decoded = decodeBody(api, binder.media, Buffer.from(text, 'utf8'), parseJson);
  if (!decoded.ok) return { ok: false, errors: [{ in: 'query', pointer: decoded.pointer, message: decoded.message }] };
  const value = binder.media.kind === 'form' ? coerce(decoded.value) : decoded.value;
  // decodeBody shapes forms into a null-prototype object; handlers get a plain one.
  const plain = binder.media.kind === 'form' && value && typeof value === 'object' ? Object.assign({}, value) : value;
  const errors = binder.validate(plain);
  if (errors.length > 0) return { ok: false, errors: errors.map((e) => ({ in: 'query', ...e })) };
  return { ok: true, value: plain };
}
