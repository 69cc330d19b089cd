import * as net from "node:net";
import * as tls from "node:tls";
import type { AmiTarget, AmiTlsOptions } from "@amikit/transport";

/**
 * Translates a target's TLS options into `tls.connect()` options: SNI and the identity check use
 * `serverName` (default: `host`); an IP address is checked against the certificate's IP entries and never
 * sent as SNI (RFC 6066 forbids it). @internal
 */
export function toNodeTlsOptions(target: AmiTarget): tls.ConnectionOptions {
  const options: AmiTlsOptions = typeof target.tls === "object" ? target.tls : {};
  const serverName = options.serverName ?? target.host;
  const result: tls.ConnectionOptions = {
    host: target.host,
    port: target.port,
    rejectUnauthorized: options.rejectUnauthorized ?? true,
    checkServerIdentity: (_host, certificate) => tls.checkServerIdentity(serverName, certificate),
  };
  if (net.isIP(serverName) === 0) result.servername = serverName;
  if (options.ca !== undefined) result.ca = typeof options.ca === "string" ? options.ca : [...options.ca];
  if (options.cert !== undefined) result.cert = options.cert;
  if (options.key !== undefined) result.key = options.key;
  return result;
}
