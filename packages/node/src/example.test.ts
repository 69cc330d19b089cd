import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tls from "node:tls";
import { fileURLToPath } from "node:url";
import { createFakeAsterisk } from "@amikit/testing";
import { testCertificates } from "@amikit/testing/conformance";
import { expect, test } from "vitest";

const example = fileURLToPath(new URL("../../../examples/node/main.mjs", import.meta.url));

/** The environment minus AMI_* (so a developer's own AMI_HOST does not redirect the test). */
function withoutAmiVariables(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AMI_")));
}

function runExample(env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [example],
      { env: { ...withoutAmiVariables(), AMI_TAIL_SECONDS: "0.3", ...env }, timeout: 20_000 },
      (error, stdout, stderr) =>
        error === null ? resolve(stdout) : reject(new Error(`${error.message}\n${stderr}`)),
    );
  });
}

test("examples/node runs against the fake Asterisk: logs in, originates, tails events, closes", async () => {
  const output = await runExample({});
  expect(output).toContain("started a fake Asterisk");
  expect(output).toContain("Logged in (Asterisk Call Manager/11.0.0)");
  expect(output).toMatch(/event {2}Newchannel {2}Local\/wait@test-/);
  expect(output).toMatch(/event {2}Hangup {2}Local\/wait@test-\S+ {2}Up {2}\S/);
  expect(output).toContain("OriginateResponse: Success");
  expect(output).toMatch(/Closed\n$/);
  // Every event line names what it is about; no column is printed empty.
  expect(output).toMatch(/event {2}DeviceStateChange {2}Local\/wait@test {2}\S/);
  expect(output.split("\n").filter((line) => line.startsWith("event") && / $| {3,}/.test(line))).toEqual([]);
}, 30_000);

test("examples/node connects over TLS, trusting the CA in AMI_TLS_CA", async () => {
  const certificates = await testCertificates();
  const fake = createFakeAsterisk({ timeScale: 0.1 });
  const plain = await fake.listen({ host: "127.0.0.1", port: 0 });
  // TLS terminated in front of the fake, as Asterisk's tlsenable would serve it.
  const front = tls.createServer({ cert: certificates.serverCert, key: certificates.serverKey }, (secure) => {
    const inner = net.connect(plain.port, "127.0.0.1");
    secure.pipe(inner).pipe(secure);
    secure.on("error", () => inner.destroy());
    inner.on("error", () => secure.destroy());
    secure.on("close", () => inner.destroy());
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  const port = (front.address() as net.AddressInfo).port;
  const caFile = join(mkdtempSync(join(tmpdir(), "amikit-example-")), "ca.pem");
  writeFileSync(caFile, certificates.ca);
  try {
    const output = await runExample({
      AMI_HOST: "127.0.0.1",
      AMI_PORT: String(port),
      AMI_TLS_CA: caFile,
      AMI_TLS_SERVER_NAME: "localhost",
    });
    expect(output).not.toContain("started a fake Asterisk");
    expect(output).toContain("Logged in (Asterisk Call Manager/11.0.0)");
    expect(output).toContain("OriginateResponse: Success");
    // Without the CA the same server is refused: the option really reached the transport.
    await expect(runExample({ AMI_HOST: "127.0.0.1", AMI_PORT: String(port), AMI_TLS: "1" })).rejects.toThrow(
      /TLS handshake with 127\.0\.0\.1:\d+ failed/,
    );
  } finally {
    await new Promise((resolve) => front.close(resolve));
    await fake.close();
  }
}, 30_000);
