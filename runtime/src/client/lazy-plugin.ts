/**
 * Plugins the browser build loads on demand. The browser's micro core (`micro.ts`) sends only
 * calls that need no auth and no multipart or typed-text response, and never resolves server
 * variables or follows redirects itself: in the browser, `plugins/auth`, `multipart`, `text`,
 * `server-url` and `redirects` export a marker naming the plugin (no import: nothing of its code
 * is in the app's start chunk), and the full client (`micro-full.ts`, loaded on demand) swaps in
 * the real plugin before it runs a call. On Node (`default` condition) the same names are the real
 * plugins. Not lazy: `body` and `stream` (their code shares modules with the serializers and the
 * header reader the micro core keeps: a bundler would move those modules out of the start chunk's
 * own file into a shared one, a larger start), `params` and `headers` (the micro core runs them).
 */
export const LAZY: unique symbol = Symbol.for('contractgen.client.lazy-plugin') as never;

/** The plugins a marker may name (micro-full.ts maps each to its code). */
export type LazyName = 'applyAuth' | 'multipartResponse' | 'typedText' | 'serverUrl' | 'withRedirects';

export interface LazyPlugin {
  readonly [LAZY]: LazyName;
}

/** A marker standing in for plugin `name` (typed as that plugin: only micro-full.ts looks inside). */
export function lazyPlugin<T>(name: LazyName): T {
  return { [LAZY]: name } as LazyPlugin as T;
}

export function isLazyPlugin(value: unknown): value is LazyPlugin {
  return typeof value === 'object' && value !== null && LAZY in value;
}
