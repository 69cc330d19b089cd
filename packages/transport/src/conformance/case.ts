import type { AmiTransport } from "../contract.ts";

/**
 * Features a runtime may be unable to offer. A transport that lacks one must refuse it: `open()` rejects
 * with code `"unsupported"` and a sentence saying why, never a silent downgrade.
 * - `tls-reject-unauthorized-false`: `tls.rejectUnauthorized: false` (accept an unverified certificate);
 * - `tls-server-name-with-client-certificate`: `tls.serverName` together with `tls.cert`/`tls.key`.
 */
export type TransportCapability = "tls-reject-unauthorized-false" | "tls-server-name-with-client-certificate";

/** Options of {@link transportConformanceCases}. */
export interface TransportConformanceOptions {
  /** Capabilities this transport's runtime lacks (see {@link TransportCapability}). Default: none. */
  readonly unsupported?: readonly TransportCapability[];
}

/** What a case runs against. @internal */
export interface CaseContext {
  /** A fresh transport from the factory. */
  readonly transport: AmiTransport;
  /** Whether the transport supports `capability`. */
  supports(capability: TransportCapability): boolean;
}

/** A case before it is bound to a transport. @internal */
export interface CaseDefinition {
  readonly name: string;
  /** Milliseconds the case may take; default 15 000. */
  readonly timeout?: number;
  /** Why the case cannot run on this machine (resolves `undefined` when it can); absent: always runs. */
  skipReason?(): Promise<string | undefined>;
  run(context: CaseContext): Promise<void>;
}
