/**
 * The conformance suites. The transport cases every `AmiTransport` must pass live in
 * `@amikit/transport/conformance` and are re-exported here unchanged; this package adds the end-to-end
 * client cases, which need the fake Asterisk:
 *
 * ```ts
 * import { clientEndToEndCases, transportConformanceCases } from "@amikit/testing/conformance";
 * for (const c of transportConformanceCases(() => nodeTransport())) {
 *   const skip = await c.skipReason();
 *   test.skipIf(skip !== undefined)(c.name, () => c.run(), c.timeout);
 * }
 * ```
 *
 * @module
 */
export * from "@amikit/transport/conformance";
export {
  clientEndToEndCases,
  type EndToEndClient,
  type EndToEndConnect,
  type EndToEndConnectOptions,
} from "./client-cases.ts";
