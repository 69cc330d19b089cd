/** One write waiting for the kernel to take its bytes. */
interface PendingWrite {
  readonly chunk: Uint8Array;
  offset: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * The writes of one Bun socket, in order. Bun's `socket.write()` takes what the kernel accepts right now
 * and buffers nothing; the rest waits here for the `drain` callback. Each write resolves once its last
 * byte was taken, so a caller that awaits its writes stops when the peer stops reading. @internal
 */
export class WriteQueue {
  readonly #pending: PendingWrite[] = [];
  readonly #writeNow: (bytes: Uint8Array) => number;
  readonly #closedError: () => Error;

  /**
   * @param writeNow - writes what it can, returns the byte count, negative once closed
   * @param closedError - the error for writes the socket can no longer take
   */
  constructor(writeNow: (bytes: Uint8Array) => number, closedError: () => Error) {
    this.#writeNow = writeNow;
    this.#closedError = closedError;
  }

  /** Queues `chunk`; resolves when the kernel took all of it. */
  push(chunk: Uint8Array): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ chunk, offset: 0, resolve, reject });
      if (this.#pending.length === 1) this.flush();
    });
  }

  /** Whether bytes are still waiting. */
  get waiting(): boolean {
    return this.#pending.length > 0;
  }

  /** Writes as much as the kernel takes; call again on `drain`. */
  flush(): void {
    for (;;) {
      const head = this.#pending[0];
      if (head === undefined) return;
      if (head.chunk.length > head.offset) {
        const count = this.#writeNow(head.offset === 0 ? head.chunk : head.chunk.subarray(head.offset));
        if (count < 0) {
          this.fail(this.#closedError());
          return;
        }
        head.offset += count;
        if (head.offset < head.chunk.length) return;
      }
      this.#pending.shift();
      head.resolve();
    }
  }

  /** Rejects every waiting write with `error`. */
  fail(error: Error): void {
    for (const pending of this.#pending.splice(0)) pending.reject(error);
  }
}
