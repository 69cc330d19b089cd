import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const example = fileURLToPath(new URL("../../../examples/node/main.mjs", import.meta.url));

/** The environment minus AMI_* (so a developer's own AMI_HOST does not redirect the test). */
function withoutAmiVariables(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AMI_")));
}

test("examples/node runs against the fake Asterisk: logs in, originates, tails events, closes", async () => {
  const output = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [example],
      { env: { ...withoutAmiVariables(), AMI_TAIL_SECONDS: "0.3" }, timeout: 20_000 },
      (error, stdout, stderr) =>
        error === null ? resolve(stdout) : reject(new Error(`${error.message}\n${stderr}`)),
    );
  });
  expect(output).toContain("started a fake Asterisk");
  expect(output).toContain("Logged in (Asterisk Call Manager/11.0.0)");
  expect(output).toMatch(/event {2}Newchannel {2}Local\/wait@test-/);
  expect(output).toContain("OriginateResponse: Success");
  expect(output).toMatch(/Closed\n$/);
}, 30_000);
