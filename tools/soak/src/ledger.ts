/**
 * Accounting of every action the soak issues: each one is issued once and must settle once, answered
 * or failed. What is still pending at the end is an action that never ended.
 */

/** The kinds of requests the soak makes. */
export type RequestKind = "echo" | "ping" | "command" | "unknown-action" | "list" | "originate";

/** Counts of one soak run's actions. */
export interface LedgerCounts {
  readonly issued: number;
  readonly answered: number;
  readonly failed: number;
  /** Failures by error class name (`AmiTimeoutError`, …); a class that is not an `AmiError` is a defect. */
  readonly failedByClass: Readonly<Record<string, number>>;
  /** Failures that were not `AmiError`s (plain `TypeError`, `RangeError`…): class and message. */
  readonly untyped: readonly string[];
  /** Issued and not settled. */
  readonly pending: number;
  /** Issued by kind. */
  readonly issuedByKind: Readonly<Record<string, number>>;
  /** Still pending by kind (oldest first ages in ms, at most 5 per kind). */
  readonly pendingByKind: Readonly<Record<string, readonly number[]>>;
  /** The longest time any action took to settle, in ms. */
  readonly slowestSettleMs: number;
}

/** The ledger of one run. `isTyped` tells a typed (`AmiError`) failure from an untyped one. */
export class Ledger {
  readonly #isTyped: (error: unknown) => boolean;
  readonly #pending = new Map<number, { readonly kind: RequestKind; readonly issuedAt: number }>();
  readonly #failedByClass: Record<string, number> = {};
  readonly #issuedByKind: Record<string, number> = {};
  readonly #untyped: string[] = [];
  #next = 0;
  #answered = 0;
  #failed = 0;
  #slowest = 0;
  #idle: (() => void) | undefined;

  constructor(isTyped: (error: unknown) => boolean) {
    this.#isTyped = isTyped;
  }

  /** Records one request; `start` issues it (a throw counts as a failure, as a rejection would). */
  track(kind: RequestKind, start: () => Promise<unknown>): void {
    const id = this.#next++;
    const issuedAt = performance.now();
    this.#pending.set(id, { kind, issuedAt });
    this.#issuedByKind[kind] = (this.#issuedByKind[kind] ?? 0) + 1;
    let promise: Promise<unknown>;
    try {
      promise = start();
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(
      () => this.#settle(id, undefined),
      (error: unknown) => this.#settle(id, error ?? new Error("rejected without a reason")),
    );
  }

  /** Resolves once nothing is pending, or after `ms`, whichever is first. */
  whenIdle(ms: number): Promise<void> {
    if (this.#pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#idle = undefined;
        resolve();
      }, ms);
      this.#idle = () => {
        clearTimeout(timer);
        this.#idle = undefined;
        resolve();
      };
    });
  }

  /** The counts now. */
  counts(): LedgerCounts {
    const now = performance.now();
    const pendingByKind: Record<string, number[]> = {};
    for (const { kind, issuedAt } of this.#pending.values()) {
      const ages = pendingByKind[kind] ?? [];
      pendingByKind[kind] = ages;
      if (ages.length < 5) ages.push(Math.round(now - issuedAt));
    }
    return {
      issued: this.#next,
      answered: this.#answered,
      failed: this.#failed,
      failedByClass: { ...this.#failedByClass },
      untyped: [...this.#untyped],
      pending: this.#pending.size,
      issuedByKind: { ...this.#issuedByKind },
      pendingByKind,
      slowestSettleMs: Math.round(this.#slowest),
    };
  }

  #settle(id: number, error: unknown): void {
    const entry = this.#pending.get(id);
    if (entry === undefined) return;
    this.#pending.delete(id);
    this.#slowest = Math.max(this.#slowest, performance.now() - entry.issuedAt);
    if (error === undefined) {
      this.#answered++;
    } else {
      this.#failed++;
      const name = error instanceof Error ? error.constructor.name : typeof error;
      this.#failedByClass[name] = (this.#failedByClass[name] ?? 0) + 1;
      if (!this.#isTyped(error) && this.#untyped.length < 20) {
        const message = error instanceof Error ? error.message : String(error);
        this.#untyped.push(`${entry.kind}: ${name}: ${message.slice(0, 200)}`);
      }
    }
    if (this.#pending.size === 0) this.#idle?.();
  }
}
