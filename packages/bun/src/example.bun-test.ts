// Runs examples/bun/main.ts under Bun against the fake Asterisk. Run by `bun test`; vitest ignores it.
const { test } = (await import("bun:test" as string)) as {
  test(name: string, body: () => Promise<void>, timeout: number): void;
};
interface BunApi {
  spawn(
    command: string[],
    options: { cwd: string; env: Record<string, string | undefined>; stdout: "pipe"; stderr: "pipe" },
  ): { exited: Promise<number>; stdout: ReadableStream<Uint8Array>; stderr: ReadableStream<Uint8Array> };
}
const { Bun, process } = globalThis as unknown as {
  Bun: BunApi;
  process: { execPath: string; env: Record<string, string | undefined> };
};

test("examples/bun runs against the fake Asterisk: logs in, originates, tails events, closes", async () => {
  const variables = Object.entries(process.env).filter(([name]) => !name.startsWith("AMI_"));
  const child = Bun.spawn([process.execPath, "main.ts"], {
    cwd: new URL("../../../examples/bun/", import.meta.url).pathname,
    env: { ...Object.fromEntries(variables), AMI_TAIL_SECONDS: "0.3" },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [code, output, errors] = await Promise.all([
    child.exited,
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  if (code !== 0) throw new Error(`the example exited with ${code}:\n${errors}`);
  for (const expected of [
    "started a fake Asterisk",
    "Logged in (Asterisk Call Manager/11.0.0)",
    "event  Newchannel  Local/wait@test-",
    "OriginateResponse: Success",
  ]) {
    if (!output.includes(expected)) throw new Error(`the output lacks "${expected}":\n${output}`);
  }
  if (!output.endsWith("Closed\n")) throw new Error(`the example did not close cleanly:\n${output}`);
  const emptyColumn = output.split("\n").find((line) => line.startsWith("event") && / $| {3,}/.test(line));
  if (emptyColumn !== undefined) throw new Error(`an event line has an empty column: "${emptyColumn}"`);
  if (!/event {2}DeviceStateChange {2}Local\/wait@test {2}\S/.test(output)) {
    throw new Error(`DeviceStateChange does not name its device and state:\n${output}`);
  }
}, 30_000);
