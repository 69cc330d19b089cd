// Runs examples/deno/main.ts under Deno against the fake Asterisk. Run by `deno test`; vitest ignores it.
interface DenoApi {
  test(definition: { name: string; fn: () => Promise<void> }): void;
  execPath(): string;
  env: { toObject(): Record<string, string> };
  Command: new (
    command: string,
    options: { args: string[]; cwd: string; env: Record<string, string>; clearEnv: boolean },
  ) => { output(): Promise<{ code: number; stdout: Uint8Array; stderr: Uint8Array }> };
}
const { Deno } = globalThis as unknown as { Deno: DenoApi };

Deno.test({
  name: "examples/deno runs against the fake Asterisk: logs in, originates, tails events, closes",
  async fn() {
    const variables = Object.entries(Deno.env.toObject()).filter(([name]) => !name.startsWith("AMI_"));
    const command = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-net", "--allow-env", "main.ts"],
      cwd: new URL("../../../examples/deno/", import.meta.url).pathname,
      env: { ...Object.fromEntries(variables), AMI_TAIL_SECONDS: "0.3", DENO_NO_UPDATE_CHECK: "1" },
      clearEnv: true,
    });
    const { code, stdout, stderr } = await command.output();
    const output = new TextDecoder().decode(stdout);
    if (code !== 0) throw new Error(`the example exited with ${code}:\n${new TextDecoder().decode(stderr)}`);
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
  },
});
