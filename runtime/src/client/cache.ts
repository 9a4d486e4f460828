/**
 * The client's HTTP cache (issue 17.4; RFC 9111): `createClient({ cache: httpCache() })` — a
 * private in-memory cache for GET and HEAD on Node, which is undici's cache interceptor composed
 * onto the client's dispatcher (one store per client). undici decides freshness (max-age,
 * Expires, Age), honours no-store / no-cache / private, revalidates a stale entry with
 * If-None-Match / If-Modified-Since and takes a 304 as the stored response, keys entries by the
 * response's Vary, and does not store a response to a request with Authorization unless it says
 * public, s-maxage or must-revalidate (RFC 9111 §3.5). A request's own `Cache-Control: no-cache`
 * (per-call headers) forces revalidation, `no-store` bypasses the cache. Browsers have the
 * platform's cache: there this feature does nothing. The node:http and fetch transports on Node
 * have none: there it is InvalidOptionsError rather than a cache that silently never caches.
 */
import { InvalidOptionsError } from '../resilience/errors.js';
import type { TransportFeature } from './transport-feature.js';
import type { DispatcherLike } from './types.js';

export interface HttpCacheOptions {
  /** Most bytes the cache holds (default 100 MiB, undici's). */
  maxSize?: number;
  /** Most entries (default 1024). */
  maxCount?: number;
  /** Largest response body stored, bytes (default 5 MiB). */
  maxEntrySize?: number;
  /** Also GET only (default ['GET', 'HEAD']). */
  methods?: Array<'GET' | 'HEAD'>;
}

type Composable = DispatcherLike & { compose(...interceptors: unknown[]): DispatcherLike };

export function httpCache(options: HttpCacheOptions = {}): TransportFeature {
  return {
    feature: 'cache',
    wrap(transport, context) {
      const browser = typeof (globalThis as { document?: unknown }).document !== 'undefined';
      if (context.transport !== 'undici' && !browser) {
        throw new InvalidOptionsError('cache', `the HTTP cache is undici's cache interceptor: it needs the undici transport (npm install undici), not ${context.transport}`);
      }
      return transport;
    },
    dispatcher(dispatcher, undici) {
      const { interceptors, cacheStores } = undici as unknown as {
        interceptors: { cache?: (options: unknown) => unknown };
        cacheStores?: { MemoryCacheStore: new (options: unknown) => unknown };
      };
      if (interceptors.cache === undefined || cacheStores === undefined) {
        throw new InvalidOptionsError('cache', 'the HTTP cache needs undici 7 or later (interceptors.cache)');
      }
      if (typeof (dispatcher as Composable).compose !== 'function') throw new InvalidOptionsError('cache', 'the dispatcher has no compose() (not an undici Dispatcher)');
      const store = new cacheStores.MemoryCacheStore({
        ...(options.maxSize === undefined ? {} : { maxSize: options.maxSize }),
        ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
        ...(options.maxEntrySize === undefined ? {} : { maxEntrySize: options.maxEntrySize }),
      });
      return (dispatcher as Composable).compose(interceptors.cache({ store, methods: options.methods ?? ['GET', 'HEAD'], type: 'private' }));
    },
  };
}
