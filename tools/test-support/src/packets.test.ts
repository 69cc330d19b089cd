import { describe, expect, it } from "vitest";
import {
  clientPackets,
  eventHeaderNames,
  packetHeaders,
  serverPackets,
  splitPackets,
  splitServerText,
} from "./packets.ts";

describe("splitting recorded text into packets", () => {
  it("keeps the greeting line apart and each packet with its blank line; drops an unfinished tail", () => {
    const text =
      "Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nPing: Pong\r\n\r\nEvent: A\r\n\r\nEvent: B";
    expect(splitServerText(text)).toEqual([
      "Asterisk Call Manager/11.0.0\r\n",
      "Response: Success\r\nPing: Pong\r\n\r\n",
      "Event: A\r\n\r\n",
    ]);
    expect(splitPackets("Action: Ping\r\n\r\nAction: Logoff\r\n\r\n")).toEqual([
      "Action: Ping\r\n\r\n",
      "Action: Logoff\r\n\r\n",
    ]);
  });

  it("reads header lines at the first colon, keeping values exactly but for the one space", () => {
    expect(packetHeaders("Event: X\r\nValue: a: b\r\nEmpty:\r\nSpaced:  two\r\nno colon\r\n\r\n")).toEqual([
      ["Event", "X"],
      ["Value", "a: b"],
      ["Empty", ""],
      ["Spaced", " two"],
    ]);
  });

  it("reads both directions of a recorded transcript", () => {
    const server = serverPackets("login-plain");
    expect(server[0]).toContainEqual(["Response", "Success"]);
    expect(clientPackets("login-plain")[0]).toContainEqual(["Action", "Login"]);
    expect(eventHeaderNames("originate-call", "Newchannel").slice(0, 3)).toEqual([
      "Event",
      "Privilege",
      "Channel",
    ]);
    expect(() => eventHeaderNames("login-plain", "Nope")).toThrow("no Nope event in login-plain.jsonl");
  });
});
