/**
 * Percent-encoding per RFC 3986, as OpenAPI 3.1.1's style examples use it:
 * everything but the unreserved characters is encoded (`!'()*` included, which
 * `encodeURIComponent` leaves alone).
 */
export function encodeStrict(text: string): string {
  const encoded = encodeURIComponent(text);
  return SUB_DELIMS.test(encoded) ? encoded.replace(SUB_DELIMS_ALL, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`) : encoded;
}

const SUB_DELIMS = /[!'()*]/;
const SUB_DELIMS_ALL = /[!'()*]/g;

// RFC 3986 reserved characters except `#` (which would end the query and start a fragment).
const RESERVED = /%(3A|2F|3F|5B|5D|40|21|24|26|27|28|29|2A|2B|2C|3B|3D)/gi;

/** For `allowReserved: true`: like {@link encodeStrict} but reserved characters stay as they are. */
export function encodeAllowReserved(text: string): string {
  return encodeStrict(text).replace(RESERVED, (escape) => decodeURIComponent(escape));
}
