import { describe, expect, it } from "vitest";
import { createClient } from "./client.ts";
import { AmiAbortError, AmiTimeoutError } from "./errors.ts";
import { onCleanup } from "./test-support/harness.ts";
import { pingServer } from "./test-support/ping-server.ts";

const gc = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

/** Active timers of this process (Node's view), to show none outlives its action. */
function timers(): number {
  return process.getActiveResourcesInfo().filter((name) => name === "Timeout").length;
}

/** A signal that counts its live abort listeners and remembers the most it ever had. */
function countingSignal() {
  const controller = new AbortController();
  const signal = controller.signal;
  let live = 0;
  let peak = 0;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((...args: Parameters<typeof add>) => {
    live += 1;
    peak = Math.max(peak, live);
    add(...args);
  }) as typeof signal.addEventListener;
  signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
    live -= 1;
    remove(...args);
  }) as typeof signal.removeEventListener;
  return { signal, controller, live: () => live, peak: () => peak };
}

/** Collects the process warnings emitted while the test runs. */
function collectWarnings(): { readonly warnings: Error[]; stop(): void } {
  const warnings: Error[] = [];
  const listener = (warning: Error) => warnings.push(warning);
  process.on("warning", listener);
  return { warnings, stop: () => process.off("warning", listener) };
}

describe("no leaks", () => {
  it("100 000 actions: the pending table returns to zero, no timer or listener survives, heap stays flat", async () => {
    const client = createClient({
      transport: pingServer(),
      username: "u",
      secret: "s",
      actionIdPrefix: "leak-",
    });
    onCleanup(() => client.close());
    await client.connect();
    const shared = countingSignal();
    const warnings = collectWarnings();
    onCleanup(() => warnings.stop());
    const batch = async (count: number, signal?: AbortSignal) => {
      const options = signal === undefined ? {} : { signal };
      const answers = await Promise.all(
        Array.from({ length: count }, () => client.action("Ping", {}, options)),
      );
      expect(answers.length).toBe(count);
    };

    await batch(5_000); // warm up: JIT, maps and buffers at their working size
    const baseTimers = timers();
    const before = heapUsed();
    for (let round = 0; round < 19; round++) await batch(5_000);
    // Each answered action removes the abort listener it added to a long-lived signal.
    for (let round = 0; round < 5; round++) await batch(1_000, shared.signal);
    // Actions that end by timeout and by abort release everything too.
    const timedOut = await Promise.all(
      Array.from({ length: 500 }, () => client.action("Never", {}, { timeout: 5 }).catch((e) => e)),
    );
    expect(timedOut.every((e) => e instanceof AmiTimeoutError)).toBe(true);
    const aborter = countingSignal();
    const aborted = Array.from({ length: 500 }, () =>
      client.action("Never", {}, { signal: aborter.signal }).catch((e) => e),
    );
    aborter.controller.abort();
    expect((await Promise.all(aborted)).every((e) => e instanceof AmiAbortError)).toBe(true);
    const after = heapUsed();

    expect(client.pendingActions).toBe(0);
    expect(shared.live()).toBe(0);
    // One listener per signal, however many actions share it: no MaxListenersExceededWarning for a
    // signal legitimately shared by 1 000 in-flight actions, and nothing left behind.
    expect(shared.peak()).toBe(1);
    expect(aborter.peak()).toBe(1); // (a `once` listener: the platform removed it when it fired)
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on a later tick
    expect(warnings.warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
    expect(timers()).toBeLessThanOrEqual(baseTimers);
    // 100 000 retained answers would take tens of MB; allow generous noise, far below that.
    const growth = after - before;
    expect(growth, `heap grew by ${(growth / 1e6).toFixed(1)} MB`).toBeLessThan((gc ? 8 : 40) * 1024 * 1024);
  }, 60_000);
});
