/**
 * `createListener({ etag: true })` (issue 17.4): @fastify/etag computes the entity tag of each
 * string or buffer body; the 304 decision is ours, because @fastify/etag compares the whole
 * If-None-Match header with one tag for any method and status. Here, per RFC 9110:
 * - only a GET or HEAD whose response would be 2xx is answered 304 (§13.1.2, §13.2.1: other
 *   statuses ignore preconditions; other methods would need a 412);
 * - If-None-Match is a list (`"a", W/"b"`) or `*`, compared weakly (§8.8.3.2, §13.1.2);
 * - the 304 keeps the headers a 200 would carry (ETag, Cache-Control, Vary…; §15.4.5) and no body.
 * With compression on too, tags are weak by default: @fastify/etag hashes the uncompressed body,
 * so gzip and identity representations share one tag, which only a weak validator may do (§8.8.3.3).
 */
import type { FastifyInstance } from 'fastify';
import { ServerSetupError } from './errors.js';

export interface EtagOptions {
  /** Weak tags (`W/"…"`). Default false, or true when `compression` is on. */
  weak?: boolean;
  /** The hash (a node:crypto algorithm; default sha1, @fastify/etag's). */
  algorithm?: string;
}

/** `W/"x"` → `"x"`: the weak comparison of RFC 9110 §8.8.3.2. */
const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');

/** Whether an If-None-Match field value matches `etag` (then the precondition fails: 304). */
export function noneMatch(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const wanted = opaque(etag);
  return (header.match(/(?:W\/)?"[^"]*"/g) ?? []).some((tag) => opaque(tag) === wanted);
}

export async function registerEtag(app: FastifyInstance, options: true | EtagOptions, compression: boolean): Promise<void> {
  const given = options === true ? {} : options;
  let plugin: unknown;
  try {
    plugin = ((await import('@fastify/etag')) as { default: unknown }).default;
  } catch (cause) {
    throw new ServerSetupError('CG_PLUGIN_MISSING', 'the listener option etag needs @fastify/etag: npm install @fastify/etag', { cause });
  }
  const settings = { weak: given.weak ?? compression, replyWith304: false, ...(given.algorithm === undefined ? {} : { algorithm: given.algorithm }) };
  await app.register(plugin as Parameters<FastifyInstance['register']>[0], settings);
  app.addHook('onSend', (req, reply, payload, done) => {
    const header = req.headers['if-none-match'];
    const etag = reply.getHeader('etag');
    const status = reply.statusCode;
    if ((req.method === 'GET' || req.method === 'HEAD') && status >= 200 && status < 300 && typeof header === 'string' && typeof etag === 'string' && noneMatch(header, etag)) {
      reply.code(304);
      reply.removeHeader('content-length');
      done(null, '');
      return;
    }
    done(null, payload);
  });
}
