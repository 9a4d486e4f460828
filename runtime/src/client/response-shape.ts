/**
 * From the parsed body to the body the caller gets, per the documented media
 * type that matched: multipart decoded into the schema object, text read as a
 * number/boolean when the schema says so, and a verdict whether the body fits
 * the documented shape (it is classified undocumented when it does not).
 */
import type { MediaSpec } from '../spec.js';
import { matchesShape, parseTextValue } from './body-shape.js';
import { decodeMultipart } from './multipart-response.js';

export interface ShapedBody {
  body: unknown;
  conforms: boolean;
}

/**
 * `bodyless`: no body was read at all (HEAD, 204, 304), as opposed to an empty one.
 * An empty JSON body where the status documents a typed JSON body (`Pet`) does not
 * have that type: it is undocumented.
 */
export async function shapeBody(body: unknown, media: MediaSpec | undefined, bodyless: boolean): Promise<ShapedBody> {
  if (body instanceof FormData) return decodeMultipart(body, media?.schema);
  if (media === undefined || bodyless) return { body, conforms: true };
  if (body === undefined) return { body, conforms: media.kind !== 'json' || matchesShape(undefined, media.schema) };
  switch (media.kind) {
    case 'json':
      return { body, conforms: matchesShape(body, media.schema) };
    case 'text':
      if (typeof body !== 'string') return { body, conforms: true };
      {
        const parsed = parseTextValue(body, media.schema);
        return { body: parsed.value, conforms: parsed.ok };
      }
    case 'form':
    case 'multipart':
    case 'binary':
      return { body, conforms: true };
  }
}
