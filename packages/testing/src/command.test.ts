import { afterEach, describe, expect, it } from "vitest";
import { createFakeAsterisk, type FakeAsterisk } from "./index.ts";
import { loggedInClient } from "./test-support/wire-client.ts";

let fake: FakeAsterisk;
afterEach(() => fake?.close());

describe("Command", () => {
  it("answers in the legacy (pre-14) form when asked: Response: Follows, raw text, --END COMMAND--", async () => {
    fake = createFakeAsterisk({ commandOutput: "legacy", asteriskVersion: "11.25.3" });
    const client = await loggedInClient(fake.transport());
    const before = client.text.length;
    await client.action({ Action: "Command", ActionID: "c1", Command: "core show version" });
    await client.response("c1");
    expect(client.text.slice(before)).toBe(
      "Response: Follows\r\nPrivilege: Command\r\nActionID: c1\r\n" +
        "Asterisk 11.25.3 built by root @ vm on a x86_64 running Linux on 2026-11-26 17:05:10 UTC\n" +
        "--END COMMAND--\r\n\r\n",
    );
    const packet = client.packets.find((p) => p.actionId === "c1");
    expect(packet?.output).toEqual([
      "Asterisk 11.25.3 built by root @ vm on a x86_64 running Linux on 2026-11-26 17:05:10 UTC",
    ]);
  });

  it("keeps blank lines and header-like lines inside a legacy body", async () => {
    fake = createFakeAsterisk({
      commandOutput: "legacy",
      commands: { "http show status": ["HTTP Server Status:", "Prefix: ", "", "Server Enabled"] },
    });
    const client = await loggedInClient(fake.transport());
    await client.action({ Action: "Command", ActionID: "c", Command: "http show status" });
    const packet = await client.response("c");
    expect(packet.output).toEqual(["HTTP Server Status:", "Prefix: ", "", "Server Enabled"]);
  });

  it("answers configured commands (lines or a function) with Output headers", async () => {
    fake = createFakeAsterisk({
      commands: {
        "sip show peers": ["Name/username  Host", "0 sip peers"],
        echo: (command) => [`you said ${command}`],
      },
    });
    const client = await loggedInClient(fake.transport());
    await client.action({ Action: "Command", ActionID: "a", Command: "sip show peers" });
    await client.action({ Action: "Command", ActionID: "b", Command: "  echo  " });
    expect((await client.response("a")).getAll("Output")).toEqual(["Name/username  Host", "0 sip peers"]);
    expect((await client.response("b")).getAll("Output")).toEqual(["you said echo"]);
  });

  it("formats uptime like Asterisk and reports unknown commands and contexts as errors", async () => {
    fake = createFakeAsterisk({ initialUptime: 3725 });
    const client = await loggedInClient(fake.transport());
    await client.action({ Action: "Command", ActionID: "u", Command: "core show uptime" });
    await client.action({ Action: "Command", ActionID: "x", Command: "frobnicate" });
    await client.action({ Action: "Command", ActionID: "d", Command: "dialplan show nowhere" });
    expect((await client.response("u")).getAll("Output")[0]).toMatch(
      /^System uptime: 1 hour, 2 minutes, \d+ seconds?$/,
    );
    const unknown = await client.response("x");
    expect(unknown.get("Response")).toBe("Error");
    expect(unknown.get("Output")).toBe(
      "No such command 'frobnicate' (type 'core show help frobnicate' for other possible commands)",
    );
    expect((await client.response("d")).get("Output")).toBe("There is no existence of 'nowhere' context");
  });

  it("decodes every built-in answer with the codec in both forms", async () => {
    for (const commandOutput of ["output-headers", "legacy"] as const) {
      fake = createFakeAsterisk({ commandOutput });
      const client = await loggedInClient(fake.transport());
      await client.action({ Action: "Command", ActionID: "d", Command: "dialplan show test" });
      const packet = await client.response("d");
      expect(packet.output?.at(-1)).toBe("-= 3 extensions (9 priorities) in 1 context. =-");
      expect(packet.output).toContain("");
      await fake.close();
    }
  });

  it("answers an empty CLI output with one empty Output (manager.c action_command splits the trimmed text)", async () => {
    fake = createFakeAsterisk({ commands: { "module reload": [] } });
    const client = await loggedInClient(fake.transport());
    const before = client.text.length;
    await client.action({ Action: "Command", ActionID: "e", Command: "module reload" });
    await client.response("e");
    expect(client.text.slice(before)).toBe(
      "Response: Success\r\nActionID: e\r\nMessage: Command output follows\r\nOutput: \r\n\r\n",
    );
  });

  it("answers an unknown command byte for byte as recorded (cli.c ast_cli_command_full, Response: Error)", async () => {
    fake = createFakeAsterisk();
    const client = await loggedInClient(fake.transport());
    const before = client.text.length;
    await client.action({ Action: "Command", ActionID: "cmd-4", Command: "no such command here" });
    await client.response("cmd-4");
    expect(client.text.slice(before)).toBe(
      "Response: Error\r\nActionID: cmd-4\r\nMessage: Command output follows\r\n" +
        "Output: No such command 'no such command here' (type 'core show help no such' for other possible commands)\r\n\r\n",
    );
  });
});
