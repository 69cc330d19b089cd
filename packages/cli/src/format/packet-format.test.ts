import { describe, expect, it } from "vitest";
import { createPalette, shouldUseColour, stripAnsi } from "./colour.ts";
import { formatBlock, formatJsonLine, formatSummary } from "./packet-format.ts";

const hangup = {
  Event: "Hangup",
  Privilege: "call,all",
  Channel: "PJSIP/alice-00000001",
  CallerIDNum: "007",
  CallerIDName: "Иван Петров",
  AccountCode: "",
  Cause: "16",
  "Cause-txt": "Normal Clearing",
};

describe("formatBlock", () => {
  it("prints Key: value lines in order, ending with a blank line, without colour when off", () => {
    const text = formatBlock(hangup, createPalette(false));
    expect(text).toBe(
      "Event: Hangup\nPrivilege: call,all\nChannel: PJSIP/alice-00000001\nCallerIDNum: 007\n" +
        "CallerIDName: Иван Петров\nAccountCode: \nCause: 16\nCause-txt: Normal Clearing\n\n",
    );
  });

  it("prints a repeated header once per value", () => {
    const text = formatBlock({ Event: "Newchannel", ChanVariable: ["A=1", "B=2"] }, createPalette(false));
    expect(text).toBe("Event: Newchannel\nChanVariable: A=1\nChanVariable: B=2\n\n");
  });

  it("colours when on, and the colours strip back to the plain text", () => {
    const coloured = formatBlock(hangup, createPalette(true));
    expect(coloured).toContain("\u001b[");
    expect(stripAnsi(coloured)).toBe(formatBlock(hangup, createPalette(false)));
  });
});

describe("formatJsonLine", () => {
  it("is one parseable JSON line keeping values as strings", () => {
    const line = formatJsonLine(hangup);
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1)).not.toContain("\n");
    expect(JSON.parse(line)).toEqual(hangup);
    expect(JSON.parse(line).CallerIDNum).toBe("007");
  });
});

describe("formatSummary", () => {
  it("says what happened on one line", () => {
    const line = formatSummary(hangup, createPalette(false), new Date(2026, 0, 1, 9, 5, 7, 42));
    expect(line).toBe("09:05:07.042 Hangup             PJSIP/alice-00000001  cause 16 Normal Clearing");
    const dial = { Event: "DialEnd", Channel: "PJSIP/a-1", DestChannel: "PJSIP/b-2", DialStatus: "ANSWER" };
    expect(formatSummary(dial, createPalette(false), new Date(2026, 0, 1))).toBe(
      "00:00:00.000 DialEnd            PJSIP/a-1  → PJSIP/b-2  ANSWER",
    );
    const other = { Event: "UserEvent", UserEvent: "Hello", Privilege: "user,all" };
    expect(formatSummary(other, createPalette(false), new Date(2026, 0, 1))).toBe(
      "00:00:00.000 UserEvent          UserEvent=Hello",
    );
  });
});

describe("shouldUseColour", () => {
  it("follows NO_COLOR, FORCE_COLOR, the flag and the terminal", () => {
    expect(shouldUseColour({ env: {}, isTTY: true })).toBe(true);
    expect(shouldUseColour({ env: {}, isTTY: false })).toBe(false);
    expect(shouldUseColour({ env: { NO_COLOR: "1" }, isTTY: true })).toBe(false);
    expect(shouldUseColour({ env: { NO_COLOR: "" }, isTTY: true })).toBe(true);
    expect(shouldUseColour({ env: { FORCE_COLOR: "1" }, isTTY: false })).toBe(true);
    expect(shouldUseColour({ env: { FORCE_COLOR: "1" }, isTTY: true, noColorFlag: true })).toBe(false);
  });
});
