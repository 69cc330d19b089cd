/**
 * @internal A bounded log: keeps the most recent `limit` items (all of them when `limit` is Infinity),
 * so a fake serving a million actions in a leak test does not become the leak.
 */
export class History<T> {
  readonly #limit: number;
  #items: T[] = [];
  #start = 0;

  constructor(limit: number) {
    this.#limit = Math.max(0, limit);
  }

  push(item: T): void {
    if (this.#limit === 0) return;
    this.#items.push(item);
    // Trim in batches so that each push stays O(1) amortised.
    if (this.#items.length - this.#start > this.#limit) this.#start++;
    if (this.#start > 1024 && this.#start * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#start);
      this.#start = 0;
    }
  }

  /** The kept items, oldest first (a copy when items were dropped). */
  toArray(): readonly T[] {
    return this.#start === 0 ? this.#items : this.#items.slice(this.#start);
  }
}
