/**
 * Where the pending table keeps its entries. The client's own ActionIDs are `<prefix><counter>`, issued
 * in order: their entries sit in an array indexed by counter (8 bytes a slot, no hashing), which is
 * most of what is ever pending. A caller's own ActionID (`send()`), a generated one that does not
 * follow the array's last, and an old entry that stayed while thousands after it ended (a long
 * timeout) go to a `Map` instead, so the array never grows with holes.
 */

/** Slots past the last one that a generated key may skip (left empty) and still join the array. */
const MAX_GAP = 64;
/** Empty slots the array may hold beyond twice its live entries before old entries move to the map. */
const SLACK = 1024;

/** The entries of a pending table by key, in issue order. @internal */
export class PendingStore<T extends object> {
  /** Entries with generated keys: slot `i` holds key `#base + i`; `undefined` once it ended. */
  #slots: (T | undefined)[] = [];
  /** Slots before it are all empty. */
  #head = 0;
  /** The key of slot 0. */
  #base = 0;
  /** Live entries in `#slots`. */
  #inSlots = 0;
  /** Every other entry. */
  readonly #others = new Map<number | string, T>();
  /** The issue position of each entry in `#others` (a generated key, or just after the last one). */
  readonly #positions = new Map<T, number>();
  /** The highest generated key added. */
  #lastKey = 0;

  /** Number of entries. */
  get size(): number {
    return this.#inSlots + this.#others.size;
  }

  /** The entry under `key`. */
  get(key: number | string): T | undefined {
    if (typeof key === "number") {
      const slots = this.#slots;
      const index = key - this.#base;
      if (index >= this.#head && index < slots.length) {
        const entry = slots[index];
        if (entry !== undefined) return entry;
      }
    }
    return this.#others.size === 0 ? undefined : this.#others.get(key);
  }

  /** Whether an entry is under `key`. */
  has(key: number | string): boolean {
    return this.get(key) !== undefined;
  }

  /**
   * Adds `entry` under `key` (not in use). `generated`: the key is the counter of one of the client's
   * own ActionIDs, each higher than the one before.
   */
  set(key: number | string, entry: T, generated: boolean): void {
    if (generated && typeof key === "number" && key > this.#lastKey) {
      this.#lastKey = key;
      const slots = this.#slots;
      if (this.#inSlots === 0) {
        slots.length = 0;
        this.#head = 0;
        this.#base = key;
      }
      const gap = key - (this.#base + slots.length);
      if (gap >= 0 && gap <= MAX_GAP) {
        for (let i = 0; i < gap; i++) slots.push(undefined);
        slots.push(entry);
        this.#inSlots++;
        if (slots.length - this.#head > 2 * this.#inSlots + SLACK) this.#evictOld();
        return;
      }
    }
    this.#others.set(key, entry);
    this.#positions.set(entry, typeof key === "number" && generated ? key : this.#lastKey + 0.5);
  }

  /** Removes `entry`, which is under `key`. */
  delete(key: number | string, entry: T): void {
    if (typeof key === "number") {
      const slots = this.#slots;
      const index = key - this.#base;
      if (index >= this.#head && index < slots.length && slots[index] === entry) {
        slots[index] = undefined;
        this.#inSlots--;
        if (index === this.#head) this.#advance();
        return;
      }
    }
    this.#others.delete(key);
    this.#positions.delete(entry);
  }

  /** Every entry, in issue order (a fresh array). */
  values(): T[] {
    const slots = this.#slots;
    if (this.#others.size === 0) {
      const entries: T[] = [];
      for (let i = this.#head; i < slots.length; i++) {
        const entry = slots[i];
        if (entry !== undefined) entries.push(entry);
      }
      return entries;
    }
    const positioned: [number, T][] = [];
    for (let i = this.#head; i < slots.length; i++) {
      const entry = slots[i];
      if (entry !== undefined) positioned.push([this.#base + i, entry]);
    }
    for (const entry of this.#others.values()) positioned.push([this.#positions.get(entry) ?? 0, entry]);
    // Stable: entries at the same position (callers' between two generated ones) keep their order.
    positioned.sort((a, b) => a[0] - b[0]);
    return positioned.map(([, entry]) => entry);
  }

  /** Skips the empty slots at the head; drops them from the array once they are most of it. */
  #advance(): void {
    const slots = this.#slots;
    let head = this.#head;
    while (head < slots.length && slots[head] === undefined) head++;
    if (head === slots.length) {
      slots.length = 0;
      this.#head = 0;
      return;
    }
    if (head > SLACK && head * 2 > slots.length) {
      this.#slots = slots.slice(head);
      this.#base += head;
      head = 0;
    }
    this.#head = head;
  }

  /** Moves the oldest entries to the map until the array is mostly live again. */
  #evictOld(): void {
    while (this.#inSlots > 0 && this.#slots.length - this.#head > 2 * this.#inSlots + SLACK / 2) {
      const index = this.#head;
      const entry = this.#slots[index] as T;
      const key = this.#base + index;
      this.#slots[index] = undefined;
      this.#inSlots--;
      this.#others.set(key, entry);
      this.#positions.set(entry, key);
      this.#advance();
    }
  }
}
