import { readFileSync } from "node:fs";
import type { AmiTlsOptions } from "@amikit/client";
import { UsageError } from "../cli-errors.ts";
import type { TlsSettings } from "./connection-options.ts";

/**
 * Reads the PEM files the TLS settings name and returns the transport's {@link AmiTlsOptions}.
 *
 * @throws UsageError - (exit 2) when a file cannot be read or holds no PEM block, with the file and the
 *   reason on one line.
 */
export function readTlsOptions(settings: TlsSettings): AmiTlsOptions {
  return {
    ...(settings.caFile === undefined ? {} : { ca: readPem(settings.caFile, "--tls-ca", "CERTIFICATE") }),
    ...(settings.certFile === undefined
      ? {}
      : { cert: readPem(settings.certFile, "--tls-cert", "CERTIFICATE") }),
    ...(settings.keyFile === undefined ? {} : { key: readPem(settings.keyFile, "--tls-key", "PRIVATE KEY") }),
    ...(settings.serverName === undefined ? {} : { serverName: settings.serverName }),
    ...(settings.insecure === true ? { rejectUnauthorized: false } : {}),
  };
}

function readPem(file: string, option: string, kind: string): string {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as { code?: string }).code ?? (error instanceof Error ? error.message : "");
    throw new UsageError(`${option}: cannot read ${file} (${reason})`, [], { cause: error });
  }
  if (!new RegExp(`-----BEGIN [A-Z0-9 ]*${kind}-----`).test(text)) {
    throw new UsageError(`${option}: ${file} holds no PEM ${kind} ("-----BEGIN ...${kind}-----")`);
  }
  return text;
}
