/** One slice of the rolling window (Ballerina's `Bucket`). */
export interface Bucket {
  /** Requests counted before they were sent (rejected ones included). */
  total: number;
  failures: number;
  rejected: number;
  lastUpdated: number;
}

export interface WindowTotals {
  total: number;
  failures: number;
  rejected: number;
}

/**
 * Ballerina's rolling window: `ceil(timeWindow / bucketSize)` buckets. The bucket of time `t` is
 * `floor(((t − start) mod timeWindow) / bucketSize)`. Moving to a new bucket resets it, buckets skipped
 * over are reset, and a gap longer than `timeWindow` since the last use resets them all.
 *
 * Deviation: Ballerina rolls only before a request and so may add an outcome to a stale bucket
 * when a response arrives in a new bucket; we roll on every access.
 */
export class RollingWindow {
  readonly #buckets: Bucket[];
  readonly #timeWindow: number;
  readonly #bucketSize: number;
  readonly #start: number;
  /** Absolute slot (window number × bucket count + bucket index) and time of the last access. */
  #lastSlot = 0;
  #lastUsed: number;

  constructor(timeWindow: number, bucketSize: number, start: number) {
    this.#timeWindow = timeWindow;
    this.#bucketSize = bucketSize;
    this.#start = start;
    this.#lastUsed = start;
    this.#buckets = Array.from({ length: Math.ceil(timeWindow / bucketSize) }, () => emptyBucket(start));
  }

  get bucketCount(): number {
    return this.#buckets.length;
  }

  /** The current bucket at `now`, after rolling the window. */
  current(now: number): Bucket {
    const slot = this.#slot(now);
    for (const index of this.#stale(now, slot)) this.#buckets[index] = emptyBucket(now);
    this.#lastSlot = Math.max(this.#lastSlot, slot);
    this.#lastUsed = Math.max(this.#lastUsed, now);
    const bucket = this.#buckets[this.#index(slot)] as Bucket;
    bucket.lastUpdated = now;
    return bucket;
  }

  /** Empties every bucket. */
  reset(now: number): void {
    for (let i = 0; i < this.#buckets.length; i++) this.#buckets[i] = emptyBucket(now);
  }

  /** Sums over the window as it would be at `now`, without changing it. */
  totals(now: number): WindowTotals {
    const stale = new Set(this.#stale(now, this.#slot(now)));
    const sum: WindowTotals = { total: 0, failures: 0, rejected: 0 };
    this.#buckets.forEach((bucket, index) => {
      if (stale.has(index)) return;
      sum.total += bucket.total;
      sum.failures += bucket.failures;
      sum.rejected += bucket.rejected;
    });
    return sum;
  }

  /** Indexes of the buckets that must be reset before `slot` is used. */
  #stale(now: number, slot: number): number[] {
    const n = this.#buckets.length;
    if (now - this.#lastUsed > this.#timeWindow || slot - this.#lastSlot >= n) return this.#buckets.map((_, i) => i);
    const stale: number[] = [];
    for (let s = this.#lastSlot + 1; s <= slot; s++) stale.push(this.#index(s));
    return stale;
  }

  #slot(now: number): number {
    const elapsed = Math.max(0, now - this.#start);
    const window = Math.floor(elapsed / this.#timeWindow);
    const bucket = Math.floor((elapsed % this.#timeWindow) / this.#bucketSize);
    return window * this.#buckets.length + bucket;
  }

  #index(slot: number): number {
    return slot % this.#buckets.length;
  }
}

function emptyBucket(now: number): Bucket {
  return { total: 0, failures: 0, rejected: 0, lastUpdated: now };
}
