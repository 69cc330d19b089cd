import { execFile } from "node:child_process";
import * as fs from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { ConformanceFailure } from "./assert.ts";

/**
 * PEM material generated at test time with the `openssl` command (no private key is ever committed):
 * a CA, a server certificate it signed for `localhost`, `127.0.0.1` and `::1`, a client certificate it
 * signed, and an unrelated CA that trusts none of them.
 */
export interface TestCertificates {
  /** The CA that signed the server and client certificates. */
  readonly ca: string;
  /** Server certificate (CN `localhost`; SAN `localhost`, `127.0.0.1`, `::1`). */
  readonly serverCert: string;
  /** Server private key. */
  readonly serverKey: string;
  /** Client certificate for mutual TLS (CN `amikit-client`). */
  readonly clientCert: string;
  /** Client private key. */
  readonly clientKey: string;
  /** A CA that signed nothing here: trusting only it must make the server certificate fail. */
  readonly otherCa: string;
}

let generated: Promise<TestCertificates> | undefined;

/**
 * Generates (once per process) the {@link TestCertificates}, in a temporary directory removed afterwards.
 * Needs the `openssl` command on `PATH`; fails with a clear message without it.
 */
export function testCertificates(): Promise<TestCertificates> {
  generated ??= generate();
  return generated;
}

const ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

async function generate(): Promise<TestCertificates> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), "amikit-certs-"));
  const file = (name: string): string => path.join(directory, name);
  try {
    const ca = (name: string, subject: string): Promise<void> =>
      openssl(
        ["req", "-x509", "-new", ...ecKey, "-keyout", file(`${name}.key`), "-out", file(`${name}.crt`)]
          .concat(["-days", "2", "-subj", subject])
          .concat(["-addext", "basicConstraints=critical,CA:TRUE"])
          .concat(["-addext", "keyUsage=critical,keyCertSign,cRLSign"]),
      );
    const leaf = async (name: string, subject: string, extensions: string): Promise<void> => {
      await openssl(
        ["req", "-new", ...ecKey, "-keyout", file(`${name}.key`), "-out", file(`${name}.csr`)].concat([
          "-subj",
          subject,
        ]),
      );
      await fs.writeFile(file(`${name}.ext`), extensions);
      await openssl(
        ["x509", "-req", "-in", file(`${name}.csr`), "-CA", file("ca.crt"), "-CAkey", file("ca.key")]
          .concat(["-set_serial", randomSerial(), "-days", "2", "-out", file(`${name}.crt`)])
          .concat(["-extfile", file(`${name}.ext`)]),
      );
    };
    await ca("ca", "/CN=amikit conformance CA");
    await ca("other", "/CN=amikit unrelated CA");
    await leaf(
      "server",
      "/CN=localhost",
      "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n" +
        "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n",
    );
    await leaf(
      "client",
      "/CN=amikit-client",
      "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n",
    );
    const read = (name: string): Promise<string> => fs.readFile(file(name), "utf8");
    return {
      ca: await read("ca.crt"),
      serverCert: await read("server.crt"),
      serverKey: await read("server.key"),
      clientCert: await read("client.crt"),
      clientKey: await read("client.key"),
      otherCa: await read("other.crt"),
    };
  } finally {
    await fs.rm(directory, { recursive: true, force: true });
  }
}

function randomSerial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return `0x${Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

function openssl(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile("openssl", args, (error, _stdout, stderr) => {
      if (error === null) {
        resolve();
        return;
      }
      const missing = (error as { code?: unknown }).code === "ENOENT";
      const reason = missing ? "the openssl command is not on PATH" : `openssl ${args[0]} failed: ${stderr}`;
      reject(new ConformanceFailure(`cannot generate test certificates: ${reason}`, { cause: error }));
    });
  });
}
