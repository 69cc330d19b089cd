import { describe, expect, test } from "vitest";
import { WriteQueue } from "./write-queue.ts";

/** A fake kernel that takes at most `room` bytes until `drain(n)` frees more. */
function fakeKernel(room: number) {
  const taken: number[] = [];
  let free = room;
  return {
    taken,
    writeNow: (bytes: Uint8Array): number => {
      const count = Math.min(free, bytes.length);
      free -= count;
      taken.push(...bytes.subarray(0, count));
      return count;
    },
    drain: (count: number) => {
      free += count;
    },
  };
}

const settled = async (promise: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
};

describe("WriteQueue", () => {
  test("a write resolves only once the kernel took its last byte; bytes keep their order", async () => {
    const kernel = fakeKernel(3);
    const queue = new WriteQueue(kernel.writeNow, () => new Error("closed"));
    const first = queue.push(Uint8Array.of(1, 2, 3, 4, 5));
    const second = queue.push(Uint8Array.of(6, 7));
    expect(await settled(first)).toBe(false);
    kernel.drain(2);
    queue.flush();
    await first;
    expect(await settled(second)).toBe(false);
    expect(queue.waiting).toBe(true);
    kernel.drain(10);
    queue.flush();
    await second;
    expect(kernel.taken).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(queue.waiting).toBe(false);
  });

  test("fail() rejects every waiting write", async () => {
    const kernel = fakeKernel(0);
    const queue = new WriteQueue(kernel.writeNow, () => new Error("closed"));
    const writes = [queue.push(Uint8Array.of(1)), queue.push(Uint8Array.of(2))];
    const error = new Error("gone");
    queue.fail(error);
    for (const write of writes) await expect(write).rejects.toBe(error);
    expect(queue.waiting).toBe(false);
  });

  test("a socket that reports closed (negative count) rejects the writes with the closed error", async () => {
    const queue = new WriteQueue(
      () => -1,
      () => new Error("the connection is closed"),
    );
    await expect(queue.push(Uint8Array.of(1))).rejects.toThrow("the connection is closed");
  });

  test("an empty write resolves at once", async () => {
    const queue = new WriteQueue(fakeKernel(0).writeNow, () => new Error("closed"));
    await expect(queue.push(new Uint8Array(0))).resolves.toBeUndefined();
  });
});
