/**
 * The transport conformance suite: the cases every `AmiTransport` (node, deno, bun, yours) must pass,
 * independent of any test framework. Each case is a name and an async `run()` that throws on failure, so
 * vitest, `deno test` and `bun test` run the very same cases:
 *
 * ```ts
 * import { transportConformanceCases } from "@amikit/transport/conformance";
 * for (const c of transportConformanceCases(() => nodeTransport())) {
 *   const skip = await c.skipReason();
 *   test.skipIf(skip !== undefined)(c.name, () => c.run(), c.timeout);
 * }
 * ```
 *
 * The peers are loopback servers built on `node:net` / `node:tls` (which Deno and Bun provide); the TLS
 * cases generate their certificates at run time with the `openssl` command; the connect-timeout case
 * starts a listener with a full accept queue in a child process. Only loopback addresses are ever dialled:
 * 127.0.0.1, and ::1 for the IPv6 cases (which ask to be skipped, through `skipReason()`, on a machine
 * without an IPv6 loopback).
 *
 * Errors are checked by their `code` property: `open()` rejects, and `onClose` receives, errors whose `code`
 * is `"refused"`, `"timeout"`, `"reset"`, `"tls"`, `"aborted"`, `"closed"` or `"unsupported"`.
 *
 * @module
 */
import type { AmiTransport } from "../contract.ts";
import { withinTime } from "./assert.ts";
import { backpressureCases } from "./backpressure-cases.ts";
import type {
  CaseContext,
  CaseDefinition,
  TransportCapability,
  TransportConformanceOptions,
} from "./case.ts";
import { closeCases } from "./close-cases.ts";
import { connectCases } from "./connect-cases.ts";
import { dataCases } from "./data-cases.ts";
import { halfCloseCases } from "./half-close-cases.ts";
import { ipv6Cases } from "./ipv6-cases.ts";
import { tlsCases } from "./tls-cases.ts";

// Helpers for a transport's own extra cases (and for @amikit/testing's end-to-end client cases).
export { ConformanceFailure, check, sleep, waitUntil, withinTime } from "./assert.ts";
export type { TransportCapability, TransportConformanceOptions } from "./case.ts";
export { type TestCertificates, testCertificates } from "./certificates.ts";
export { refusedPort } from "./peer-server.ts";

/** One conformance case bound to a transport factory: run it with any test framework. */
export interface TransportConformanceCase {
  /** What the case checks, as a sentence. */
  readonly name: string;
  /** Milliseconds the case may take; pass it to your framework's per-test timeout. */
  readonly timeout: number;
  /**
   * Runs the case; rejects with a {@link ConformanceFailure} saying what the transport did wrong, or that
   * the case did not finish in time (it bounds itself, whatever the framework).
   */
  run(): Promise<void>;
  /**
   * Why this case cannot run on this machine (the IPv6 cases without a `::1` loopback), or `undefined`.
   * Ask before running, and report the case as skipped with this reason.
   */
  skipReason(): Promise<string | undefined>;
}

const definitions: readonly CaseDefinition[] = [
  ...connectCases,
  ...dataCases,
  ...backpressureCases,
  ...closeCases,
  ...halfCloseCases,
  ...tlsCases,
  ...ipv6Cases,
];

/**
 * The conformance cases for the transports `makeTransport` creates (called once per case).
 *
 * @param makeTransport - creates the transport under test
 * @param options - capabilities the runtime lacks
 * @returns every case, in a stable order
 */
export function transportConformanceCases(
  makeTransport: () => AmiTransport,
  options: TransportConformanceOptions = {},
): readonly TransportConformanceCase[] {
  const unsupported = new Set<TransportCapability>(options.unsupported ?? []);
  return definitions.map((definition) => {
    const timeout = definition.timeout ?? 15_000;
    const context = (): CaseContext => ({
      transport: makeTransport(),
      supports: (capability) => !unsupported.has(capability),
    });
    return {
      name: definition.name,
      // The framework's own timeout gets a little more, so the case's clearer failure comes first.
      timeout: timeout + 1000,
      run: () => withinTime(definition.name, timeout, () => definition.run(context())),
      skipReason: () => definition.skipReason?.() ?? Promise.resolve(undefined),
    };
  });
}
