import type * as tls from "node:tls";
import { describe, expect, test } from "vitest";
import { toNodeTlsOptions } from "./tls-options.ts";

describe("toNodeTlsOptions", () => {
  test("sends serverName as SNI and verifies the certificate against it", () => {
    const options = toNodeTlsOptions({ host: "10.0.0.5", port: 5039, tls: { serverName: "pbx.example" } });
    expect(options.servername).toBe("pbx.example");
    expect(options.rejectUnauthorized).toBe(true);
    const certificate = { subject: { CN: "pbx.example" }, subjectaltname: "DNS:pbx.example" };
    expect(options.checkServerIdentity?.("10.0.0.5", certificate as tls.PeerCertificate)).toBeUndefined();
    const other = { subject: { CN: "10.0.0.5" }, subjectaltname: "IP Address:10.0.0.5" };
    expect(options.checkServerIdentity?.("10.0.0.5", other as tls.PeerCertificate)).toBeInstanceOf(Error);
  });

  test("never sends an IP address as SNI (RFC 6066) but still checks it", () => {
    const options = toNodeTlsOptions({ host: "127.0.0.1", port: 5039, tls: true });
    expect(options.servername).toBeUndefined();
    const certificate = { subject: { CN: "x" }, subjectaltname: "IP Address:127.0.0.1" };
    expect(options.checkServerIdentity?.("127.0.0.1", certificate as tls.PeerCertificate)).toBeUndefined();
  });

  test("passes CA, client certificate, key and rejectUnauthorized through", () => {
    const options = toNodeTlsOptions({
      host: "pbx",
      port: 5039,
      tls: { ca: ["A", "B"], cert: "CERT", key: "KEY", rejectUnauthorized: false },
    });
    expect(options).toMatchObject({ ca: ["A", "B"], cert: "CERT", key: "KEY", rejectUnauthorized: false });
  });
});
