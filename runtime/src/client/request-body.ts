/**
 * Request bodies per the chosen MediaSpec's kind: json, text, binary, form
 * (x-www-form-urlencoded) and multipart.
 */
import type { MediaSpec, RequestBodySpec } from '../spec.js';
import { InvalidRequestError } from './errors.js';
import { checkMethodBody } from './method-body.js';
import { primitiveText, serializeQueryParam } from './parameters.js';

export interface EncodedBody {
  body: BodyInit | undefined;
  /** The Content-Type to send; undefined lets fetch choose (multipart boundary). */
  contentType: string | undefined;
  /** False for a stream: it cannot be sent twice (retries, 307/308 redirects, 401 refresh). */
  replayable: boolean;
}

const NONE: EncodedBody = { body: undefined, contentType: undefined, replayable: true };

/** Picks the media type: `contentType` when given (exact, then wildcard match), else the spec's first. */
export function chooseMedia(spec: RequestBodySpec, contentType: string | undefined): MediaSpec {
  const first = spec.content[0];
  if (contentType === undefined) {
    if (first === undefined) throw new InvalidRequestError('the request body has no media types');
    return first;
  }
  const wanted = contentType.split(';')[0]!.trim().toLowerCase();
  const exact = spec.content.find((m) => m.mediaType.toLowerCase() === wanted);
  const wild = spec.content.find((m) => {
    const [type, sub] = m.mediaType.toLowerCase().split('/');
    return (type === '*' && sub === '*') || (sub === '*' && wanted.startsWith(`${type ?? ''}/`));
  });
  const media = exact ?? wild;
  if (media === undefined) {
    const known = spec.content.map((m) => m.mediaType).join(', ');
    throw new InvalidRequestError(`content type "${contentType}" is not one of ${known}`);
  }
  return media;
}

/**
 * The body plugin: `body` encoded per the request body spec; with `method`, also checked that
 * the method may carry it on this transport (`method-body.ts`: never TRACE/CONNECT, no GET/HEAD
 * body through fetch).
 */
export function encodeBody(spec: RequestBodySpec | undefined, body: unknown, contentType: string | undefined, method?: string, viaFetch = false): EncodedBody {
  const encoded = encode(spec, body, contentType);
  if (method !== undefined) checkMethodBody(method, encoded.body !== undefined, viaFetch);
  return encoded;
}

function encode(spec: RequestBodySpec | undefined, body: unknown, contentType: string | undefined): EncodedBody {
  if (body === undefined) return NONE;
  if (spec === undefined || spec.content.length === 0) {
    throw new InvalidRequestError('this operation takes no request body');
  }
  const media = chooseMedia(spec, contentType);
  const declared = contentType ?? (media.mediaType.includes('*') ? undefined : media.mediaType);
  switch (media.kind) {
    case 'json':
      return { body: JSON.stringify(body), contentType: declared ?? 'application/json', replayable: true };
    case 'text':
      return { body: textBody(media, body), contentType: declared ?? 'text/plain', replayable: true };
    case 'form':
      return { body: formBody(media, body), contentType: declared ?? 'application/x-www-form-urlencoded', replayable: true };
    case 'multipart':
      return { body: multipartBody(media, body), contentType: undefined, replayable: true };
    case 'binary':
      return binaryBody(body, declared);
  }
}

/**
 * A text kind (text/*, XML) carries a string (shared decisions 12.2 and 12.8): a
 * number or boolean for a primitive schema is sent as `String(v)`; bytes and
 * Blobs are sent as they are. An object is refused: it would go out as
 * `[object Object]` or as JSON under an XML media type.
 */
function textBody(media: MediaSpec, body: unknown): BodyInit {
  if (typeof body === 'string') return body;
  if (typeof body === 'number' || typeof body === 'boolean' || typeof body === 'bigint' || body instanceof Date) return primitiveText(body);
  if (body instanceof Blob || body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body as BodyInit;
  throw new InvalidRequestError(`a ${media.mediaType} body must be a string (serialize the object yourself), got ${Array.isArray(body) ? 'an array' : typeof body}`);
}

function binaryBody(body: unknown, declared: string | undefined): EncodedBody {
  if (body instanceof Blob) {
    return { body, contentType: declared ?? (body.type || 'application/octet-stream'), replayable: true };
  }
  const contentType = declared ?? 'application/octet-stream';
  if (body instanceof ReadableStream) return { body, contentType, replayable: false };
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body) || typeof body === 'string') {
    return { body: body as BodyInit, contentType, replayable: true };
  }
  throw new InvalidRequestError('a binary body must be a Uint8Array, ArrayBuffer, Blob, ReadableStream or string');
}

export function formBody(media: MediaSpec, body: unknown): BodyInit {
  if (body instanceof URLSearchParams || typeof body === 'string') return body.toString();
  if (typeof body !== 'object' || body === null) {
    throw new InvalidRequestError('a form body must be an object, a URLSearchParams or a string');
  }
  const pairs = Object.entries(body).flatMap(([name, value]) => {
    const encoding = media.encoding?.[name];
    const style = encoding?.style ?? 'form';
    const text = serializeQueryParam(
      {
        name,
        style,
        explode: encoding?.explode ?? style === 'form',
        ...(encoding?.contentType !== undefined && encoding.style === undefined ? { contentType: encoding.contentType } : {}),
      },
      value,
    );
    return text === undefined ? [] : [text];
  });
  return pairs.join('&');
}

function multipartBody(media: MediaSpec, body: unknown): FormData {
  if (body instanceof FormData) return body;
  if (typeof body !== 'object' || body === null) throw new InvalidRequestError('a multipart body must be an object or a FormData');
  const form = new FormData();
  for (const [name, value] of Object.entries(body)) {
    const partType = media.encoding?.[name]?.contentType;
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) appendPart(form, name, item, partType);
  }
  return form;
}

/** Files as file parts; bytes as `application/octet-stream` files; objects as JSON parts; the rest as text fields. */
function appendPart(form: FormData, name: string, value: unknown, partType: string | undefined): void {
  if (value === undefined || value === null) return;
  if (value instanceof Blob) {
    const filename = (value as Partial<File>).name;
    form.append(name, value, typeof filename === 'string' && filename !== '' ? filename : name);
  } else if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    const bytes = value instanceof ArrayBuffer ? value : value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength);
    form.append(name, new Blob([bytes as ArrayBuffer], { type: partType ?? 'application/octet-stream' }), name);
  } else if (typeof value === 'object' && !(value instanceof Date)) {
    form.append(name, new Blob([JSON.stringify(value)], { type: partType ?? 'application/json' }), `${name}.json`);
  } else if (partType !== undefined && !/^text\/plain\b/i.test(partType)) {
    form.append(name, new Blob([primitiveText(value)], { type: partType }), name);
  } else {
    form.append(name, primitiveText(value));
  }
}
