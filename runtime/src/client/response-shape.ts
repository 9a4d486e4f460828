/**
 * From the parsed body to the body the caller gets, per the documented media
 * type that matched: multipart decoded into the schema object, text read as a
 * number/boolean when the schema says so, and a verdict whether the body fits
 * the documented shape (it is classified undocumented when it does not). The
 * multipart decoder and the typed-text reader are plugins: an operation that
 * documents neither brings neither.
 */
import type { JsonSchema, MediaSpec } from '../spec.js';
import { matchesShape } from './body-shape.js';
import type { MultipartDecoder } from './response-body.js';

export interface ShapedBody {
  body: unknown;
  conforms: boolean;
}

/** A text body read as its schema's primitive type (`body-shape.ts` parseTextValue); `{ ok: false }` when it is not one. */
export type TypedText = (text: string, schema: JsonSchema | undefined) => { ok: boolean; value: unknown };

/**
 * `bodyless`: no body was read at all (HEAD, 204, 304), as opposed to an empty one.
 * An empty JSON body where the status documents a typed JSON body (`Pet`) does not
 * have that type: it is undocumented. Synchronous but for a multipart body (its decoder answers with a promise).
 */
export function shapeBody(
  body: unknown,
  media: MediaSpec | undefined,
  bodyless: boolean,
  multipart?: MultipartDecoder,
  typedText?: TypedText,
): ShapedBody | Promise<ShapedBody> {
  if (multipart !== undefined && body instanceof FormData) return multipart.decode(body, media?.schema);
  if (media === undefined || bodyless) return { body, conforms: true };
  if (body === undefined) return { body, conforms: media.kind !== 'json' || matchesShape(undefined, media.schema) };
  switch (media.kind) {
    case 'json':
      return { body, conforms: matchesShape(body, media.schema) };
    case 'text':
      if (typeof body !== 'string' || typedText === undefined) return { body, conforms: true };
      {
        const parsed = typedText(body, media.schema);
        return { body: parsed.value, conforms: parsed.ok };
      }
    case 'form':
    case 'multipart':
    case 'binary':
      return { body, conforms: true };
  }
}
