/**
 * Watches a changing set of files. Each file's *directory* is watched (not
 * the file), so editors that save by writing a temporary file and renaming it
 * over the original keep being seen; events for other files in the same
 * directory (the generated output, editor swap files) are ignored.
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { UrlPoller } from './url-poller.js';

export class FileSetWatcher {
  private readonly dirs = new Map<string, FSWatcher>();
  private files = new Set<string>();
  private closed = false;

  /** http(s) URLs in the set (a spec URL and its $ref'd documents) are polled instead. */
  readonly urls: UrlPoller;

  constructor(
    private readonly onChange: (file: string) => void,
    pollMs?: number,
  ) {
    this.urls = new UrlPoller(onChange, pollMs);
  }

  /** Replaces the watched set (absolute paths, or URLs). */
  set(files: Iterable<string>): void {
    if (this.closed) return;
    const all = [...files];
    this.urls.set(all.filter((f) => UrlPoller.isUrl(f)));
    this.files = new Set(all.filter((f) => !UrlPoller.isUrl(f)).map((f) => path.resolve(f)));
    const wanted = new Set([...this.files].map((f) => path.dirname(f)));
    for (const [dir, watcher] of this.dirs) {
      if (!wanted.has(dir)) {
        watcher.close();
        this.dirs.delete(dir);
      }
    }
    for (const dir of wanted) {
      if (this.dirs.has(dir)) continue;
      try {
        const watcher = watch(dir, { persistent: true }, (_event, name) => {
          if (name === null) return;
          const file = path.join(dir, name.toString());
          if (this.files.has(file)) this.onChange(file);
        });
        watcher.on('error', () => {
          watcher.close();
          this.dirs.delete(dir);
        });
        this.dirs.set(dir, watcher);
      } catch {
        // the folder does not exist (yet): a later successful run re-adds it
      }
    }
  }

  get size(): number {
    return this.files.size + this.urls.size;
  }

  close(): void {
    this.closed = true;
    this.urls.close();
    for (const watcher of this.dirs.values()) watcher.close();
    this.dirs.clear();
  }
}
