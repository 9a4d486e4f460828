/**
 * Watch mode for spec URLs: each URL is asked for changes at an interval with
 * `If-None-Match` / `If-Modified-Since` (a 304 costs the server nothing); a 200 whose
 * body differs from the last one is a change. A server that stops answering, or answers
 * again, is a change too (the regeneration reports the error, or recovers), once per switch.
 */
import { fetchText, isSpecUrl, lastFetched, textHash } from '../load/remote.js';

export const DEFAULT_POLL_MS = 2000;

interface State {
  etag?: string | undefined;
  lastModified?: string | undefined;
  hash?: string;
  failing: boolean;
}

export class UrlPoller {
  private readonly urls = new Map<string, State>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private closed = false;
  /** Requests sent and 304s received (for tests and --verbose). */
  readonly stats = { requests: 0, notModified: 0 };

  constructor(
    private readonly onChange: (url: string) => void,
    private readonly intervalMs = DEFAULT_POLL_MS,
  ) {}

  static isUrl(s: string): boolean {
    return isSpecUrl(s);
  }

  /**
   * Replaces the polled set (called after each generation). Each URL's baseline is what that
   * generation fetched, so a change made after it is seen on the next poll; a URL never
   * fetched gets its baseline from the first poll.
   */
  set(urls: Iterable<string>): void {
    if (this.closed) return;
    const wanted = new Set(urls);
    for (const url of this.urls.keys()) if (!wanted.has(url)) this.urls.delete(url);
    for (const url of wanted) {
      const seen = lastFetched.get(url);
      const state = this.urls.get(url) ?? { failing: false };
      if (seen) Object.assign(state, { hash: seen.hash, etag: seen.etag, lastModified: seen.lastModified, failing: false });
      this.urls.set(url, state);
    }
    if (this.urls.size > 0 && !this.timer) {
      // not unref'd: for a spec URL this timer is what keeps watch mode alive (no fs watcher)
      this.timer = setInterval(() => void this.poll(), this.intervalMs);
      void this.poll();
    } else if (this.urls.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  get size(): number {
    return this.urls.size;
  }

  private async poll(): Promise<void> {
    if (this.polling || this.closed) return;
    this.polling = true;
    try {
      for (const [url, state] of this.urls) {
        const headers: Record<string, string> = {};
        if (state.etag) headers['if-none-match'] = state.etag;
        if (state.lastModified) headers['if-modified-since'] = state.lastModified;
        this.stats.requests++;
        let changed = false;
        try {
          const res = await fetchText(url, { timeoutMs: Math.max(this.intervalMs * 5, 10_000) }, headers);
          if (state.failing) changed = true;
          state.failing = false;
          if (res.status === 304) {
            this.stats.notModified++;
          } else {
            const hash = textHash(res.text);
            if (state.hash !== undefined && state.hash !== hash) changed = true;
            state.hash = hash;
            state.etag = res.etag;
            state.lastModified = res.lastModified;
          }
        } catch {
          if (!state.failing) changed = state.hash !== undefined;
          state.failing = true;
        }
        if (changed && !this.closed && this.urls.get(url) === state) this.onChange(url);
      }
    } finally {
      this.polling = false;
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.urls.clear();
  }
}
