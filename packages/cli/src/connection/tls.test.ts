import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type TestCertificates, testCertificates } from "@amikit/testing/conformance";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimulatedAsterisk } from "../simulator/simulated-asterisk.ts";
import { startQuietSimulation } from "../test-support/fake-server.ts";
import { assertBuilt, cleanEnv, runBinary } from "../test-support/run-binary.ts";
import { startTlsFront, type TlsFront } from "../test-support/tls-front.ts";

// A fake Asterisk behind TLS terminators (like AMI's tlsenable on 5039): one with the test CA's server
// certificate, one that also demands a client certificate signed by that CA.
let simulation: SimulatedAsterisk;
let front: TlsFront;
let mutualFront: TlsFront;
let certificates: TestCertificates;
const files: Record<string, string> = {};

beforeAll(async () => {
  assertBuilt();
  [simulation, certificates] = await Promise.all([startQuietSimulation(), testCertificates()]);
  const server = { cert: certificates.serverCert, key: certificates.serverKey };
  [front, mutualFront] = await Promise.all([
    startTlsFront(simulation.port, server),
    startTlsFront(simulation.port, {
      ...server,
      ca: certificates.ca,
      requestCert: true,
      rejectUnauthorized: true,
    }),
  ]);
  const directory = mkdtempSync(join(tmpdir(), "amikit-cli-tls-"));
  const write = (name: string, text: string) => {
    files[name] = join(directory, name);
    writeFileSync(files[name], text);
  };
  write("ca.pem", certificates.ca);
  write("other-ca.pem", certificates.otherCa);
  write("client.crt", certificates.clientCert);
  write("client.key", certificates.clientKey);
  write("not-pem.txt", "hello\n");
}, 30_000);
afterAll(async () => {
  await Promise.all([front?.close(), mutualFront?.close()]);
  await simulation?.close();
});

const file = (name: string): string => files[name] as string;
const amis = (port: number): string => `amis://admin:amipass@127.0.0.1:${port}`;
/** The single stderr line of a failed run. */
const onlyLine = (stderr: string): string => {
  const lines = stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  return lines[0] as string;
};

describe.concurrent("amikit over TLS", () => {
  it("connects with the CA given by --tls-ca", async () => {
    const result = await runBinary(["action", "Ping", "--url", amis(front.port), "--tls-ca", file("ca.pem")]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Ping: Pong");
  });

  it("turns TLS on from AMI_TLS_CA alone, and checks the name given by AMI_TLS_SERVER_NAME", async () => {
    const env = cleanEnv({
      AMI_HOST: "127.0.0.1",
      AMI_PORT: String(front.port),
      AMI_USERNAME: "admin",
      AMI_SECRET: "amipass",
      AMI_TLS_CA: file("ca.pem"),
      AMI_TLS_SERVER_NAME: "localhost",
    });
    const result = await runBinary(["command", "core show version"], { env });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Asterisk 22/);
  });

  it("exits 3 with a one-line reason when the certificate is signed by another CA", async () => {
    const result = await runBinary([
      "action",
      "Ping",
      "--url",
      amis(front.port),
      "--tls-ca",
      file("other-ca.pem"),
    ]);
    expect(result.code).toBe(3);
    expect(onlyLine(result.stderr)).toMatch(
      new RegExp(
        `^amikit: cannot connect to admin@127\\.0\\.0\\.1:${front.port} \\(tls\\): TLS handshake .*failed: .*(certificate|UNABLE_TO_VERIFY)`,
      ),
    );
    expect(result.stdout).toBe("");
  });

  it("exits 3 when the certificate is not trusted by the system (plain --tls)", async () => {
    const result = await runBinary(["action", "Ping", "--tls", "--url", amis(front.port)]);
    expect(result.code).toBe(3);
    expect(onlyLine(result.stderr)).toMatch(/TLS handshake .*failed/);
  });

  it("exits 3 when the certificate does not name --tls-server-name", async () => {
    const result = await runBinary([
      "action",
      "Ping",
      "--url",
      amis(front.port),
      "--tls-ca",
      file("ca.pem"),
      "--tls-server-name",
      "pbx.example.com",
    ]);
    expect(result.code).toBe(3);
    expect(onlyLine(result.stderr)).toMatch(/pbx\.example\.com/);
  });

  it("connects to an unverified server with --tls-insecure, warning about it", async () => {
    const result = await runBinary(["action", "Ping", "--url", amis(front.port), "--tls-insecure"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Ping: Pong");
    expect(onlyLine(result.stderr)).toMatch(
      /^amikit: warning: TLS without verifying the server's certificate/,
    );
  });

  it("presents a client certificate from --tls-cert and --tls-key to a server that demands one", async () => {
    const withCertificate = await runBinary([
      "action",
      "Ping",
      "--url",
      amis(mutualFront.port),
      "--tls-ca",
      file("ca.pem"),
      "--tls-cert",
      file("client.crt"),
      "--tls-key",
      file("client.key"),
    ]);
    expect(withCertificate.stderr).toBe("");
    expect(withCertificate.code).toBe(0);
    expect(withCertificate.stdout).toContain("Ping: Pong");
  });

  it("exits 3 when the server demands a client certificate and none is given", async () => {
    const result = await runBinary([
      "action",
      "Ping",
      "--url",
      amis(mutualFront.port),
      "--tls-ca",
      file("ca.pem"),
    ]);
    expect(result.code).toBe(3);
    expect(onlyLine(result.stderr)).toMatch(/^amikit: cannot connect to admin@127\.0\.0\.1:\d+ \(tls\): /);
  });

  it("exits 2 for a certificate without its key, an unreadable file, or a file that is not PEM", async () => {
    const [noKey, missing, notPem] = await Promise.all([
      runBinary(["action", "Ping", "--url", amis(front.port), "--tls-cert", file("client.crt")]),
      runBinary(["action", "Ping", "--url", amis(front.port), "--tls-ca", "/nonexistent/ca.pem"]),
      runBinary(["action", "Ping", "--url", amis(front.port), "--tls-ca", file("not-pem.txt")]),
    ]);
    expect(noKey.code).toBe(2);
    expect(onlyLine(noKey.stderr)).toBe(
      "amikit: --tls-cert needs --tls-key (AMI_TLS_KEY): the private key of that client certificate",
    );
    expect(missing.code).toBe(2);
    expect(onlyLine(missing.stderr)).toBe("amikit: --tls-ca: cannot read /nonexistent/ca.pem (ENOENT)");
    expect(notPem.code).toBe(2);
    expect(onlyLine(notPem.stderr)).toMatch(/^amikit: --tls-ca: .*not-pem\.txt holds no PEM CERTIFICATE/);
  });
});
