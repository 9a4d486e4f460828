/** Content hashes for the caches that make repeated runs cheap (watch mode). */
import { createHash } from 'node:crypto';

/** sha1, base64: for cache keys, not for security. */
export function contentHash(text: string | Uint8Array): string {
  return createHash('sha1').update(text).digest('base64');
}
