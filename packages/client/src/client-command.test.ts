import { describe, expect, it } from "vitest";
import { AmiActionError } from "./errors.ts";
import { connected } from "./test-support/harness.ts";

const commands = { "show three": ["first line", "", "Prefix: looks like a header", "last"] };

describe("command()", () => {
  for (const commandOutput of ["output-headers", "legacy"] as const) {
    describe(`with ${commandOutput} output`, () => {
      it("resolves with the CLI lines, blank and header-like lines included", async () => {
        const { client } = await connected({ commandOutput, commands });
        expect(await client.command("show three")).toEqual(commands["show three"]);
        const version = await client.command("core show version");
        expect(version).toHaveLength(1);
        expect(version[0]).toMatch(/^Asterisk 22\.10\.1 /);
      });

      it("keeps concurrent commands apart", async () => {
        const { client } = await connected({ commandOutput, commands });
        const [a, b, c] = await Promise.all([
          client.command("core show uptime"),
          client.command("show three"),
          client.command("core show version"),
        ]);
        expect(a?.[0]).toMatch(/^System uptime:/);
        expect(b).toEqual(commands["show three"]);
        expect(c?.[0]).toMatch(/^Asterisk/);
      });
    });
  }

  it("rejects a failing command (14+ answers Response: Error) with the CLI's own words as message", async () => {
    const { client } = await connected();
    const error = (await client.command("no such command here").catch((e) => e)) as AmiActionError;
    expect(error).toBeInstanceOf(AmiActionError);
    expect(error.message).toMatch(/^No such command 'no such command here'/);
    expect(error.response.Output).toBe(error.message);
  });

  it("validates that a command is given", async () => {
    const { client } = await connected();
    await expect(client.action("Command", {} as never)).rejects.toMatchObject({ name: "AmiValidationError" });
  });

  it("exposes the output lines on action('Command') responses too, in both forms", async () => {
    const modern = await connected({ commands });
    expect((await modern.client.action("Command", { Command: "show three" })).Output).toEqual(
      commands["show three"],
    );
    const legacy = await connected({ commandOutput: "legacy", commands });
    const answer = await legacy.client.action("Command", { Command: "show three" });
    expect(answer.Response).toBe("Follows");
    expect(answer.Output).toEqual(commands["show three"]);
  });
});
