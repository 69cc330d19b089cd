import { utf8 } from "@amikit/test-support";
import { describe, expect, it } from "vitest";
import { AmiDecoder } from "./decoder.ts";
import { AmiProtocolError } from "./errors.ts";
import { decodeEveryWay } from "./test-support/decode.ts";

describe("the legacy (Asterisk < 14) Command response", () => {
  it("reads headers as fields and the raw body as output, blank and header-like lines included", () => {
    const text =
      "Response: Follows\r\nPrivilege: Command\r\nActionID: cmd-1\r\n" +
      "HTTP Server Status:\nPrefix: \nServer: Asterisk/1.8.32\n\nEnabled URI's:\n" +
      "ActionID: not-a-header\nResponse: Success\n--END COMMAND--\r\n\r\n" +
      "Event: After\r\n\r\n";
    const [command, after, ...rest] = decodeEveryWay(text);
    expect(rest).toEqual([]);
    expect(command?.type).toBe("response");
    expect(command?.name).toBe("Follows");
    expect(command?.actionId).toBe("cmd-1");
    expect(command?.fields).toEqual([
      ["Response", "Follows"],
      ["Privilege", "Command"],
      ["ActionID", "cmd-1"],
    ]);
    expect(command?.output).toEqual([
      "HTTP Server Status:",
      "Prefix: ",
      "Server: Asterisk/1.8.32",
      "",
      "Enabled URI's:",
      "ActionID: not-a-header",
      "Response: Success",
    ]);
    expect(command?.get("Server")).toBeUndefined();
    expect(command?.toObject()).toEqual({
      Response: "Follows",
      Privilege: "Command",
      ActionID: "cmd-1",
      Output: command?.output,
    });
    expect(after?.name).toBe("After");
  });

  it("accepts the marker at the end of the last output line (output without a trailing newline)", () => {
    const [command] = decodeEveryWay(
      "Response: Follows\r\nPrivilege: Command\r\nActionID: up\r\nSystem uptime: 2 hours\nLast reload: 5 minutes--END COMMAND--\r\n\r\n",
    );
    expect(command?.output).toEqual(["System uptime: 2 hours", "Last reload: 5 minutes"]);
  });

  it("accepts the two headers in either order, or absent", () => {
    const packets = decodeEveryWay(
      "Response: Follows\r\nActionID: a\r\nPrivilege: Command\r\nline\n--END COMMAND--\r\n\r\n" +
        "Response: Follows\r\nPrivilege: Command\r\nline\n--END COMMAND--\r\n\r\n" +
        "Response: Follows\r\nline\n--END COMMAND--\r\n\r\n",
    );
    expect(packets.map((packet) => packet.fields.map(([key]) => key))).toEqual([
      ["Response", "ActionID", "Privilege"],
      ["Response", "Privilege"],
      ["Response"],
    ]);
    expect(packets.map((packet) => packet.output)).toEqual([["line"], ["line"], ["line"]]);
  });

  it("takes a repeated header line as output, not as a second header", () => {
    const [command] = decodeEveryWay(
      "Response: Follows\r\nPrivilege: Command\r\nPrivilege: Command\r\n--END COMMAND--\r\n\r\n",
    );
    expect(command?.getAll("Privilege")).toEqual(["Command"]);
    expect(command?.output).toEqual(["Privilege: Command"]);
  });

  it("gives empty output when the marker follows the headers, and keeps a body that starts blank", () => {
    const packets = decodeEveryWay(
      "Response: Follows\r\nPrivilege: Command\r\n--END COMMAND--\r\n\r\n" +
        "Response: Follows\r\nPrivilege: Command\r\n\r\n\r\ntext\r\n--END COMMAND--\r\n\r\n",
    );
    expect(packets.map((packet) => packet.output)).toEqual([[], ["", "", "text"]]);
    expect(packets[0]?.toObject().Output).toEqual([]);
  });

  it("tolerates header lines between the marker and the blank line", () => {
    const [command] = decodeEveryWay(
      "Response: Follows\r\nPrivilege: Command\r\nx\n--END COMMAND--\r\nExtra: 1\r\n\r\n",
    );
    expect(command?.fields.at(-1)).toEqual(["Extra", "1"]);
    expect(command?.output).toEqual(["x"]);
  });

  it("is recognised only as the first line of a packet", () => {
    const [event] = decodeEveryWay("Event: OriginateResponse\r\nResponse: Follows\r\nNext: 1\r\n\r\n");
    expect(event?.output).toBeUndefined();
    expect(event?.get("Next")).toBe("1");
  });

  it("modern (14+) output comes from the Output headers", () => {
    const [command] = decodeEveryWay(
      "Response: Success\r\nActionID: c\r\nMessage: Command output follows\r\nOutput: a\r\nOutput: \r\nOutput: b: c\r\n\r\n",
    );
    expect(command?.output).toEqual(["a", "", "b: c"]);
    expect(command?.toObject().Output).toEqual(["a", "", "b: c"]);
  });

  it("an unfinished body at end() is a protocol error", () => {
    const decoder = new AmiDecoder();
    expect(decoder.push(utf8("Response: Follows\r\nPrivilege: Command\r\nsome output\n\n\n"))).toEqual([]);
    expect(() => decoder.end()).toThrow(AmiProtocolError);
  });
});
