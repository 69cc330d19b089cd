import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeAction, encodePacket, formatAction } from "./encoder.ts";
import { AmiEncodeError } from "./errors.ts";
import { isSecretHeader } from "./secret-headers.ts";

/** The error `run` threw (failing the test when it did not throw an AmiEncodeError). */
function encodeError(run: () => unknown): AmiEncodeError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AmiEncodeError);
    return error as AmiEncodeError;
  }
  throw new Error("nothing was thrown");
}

describe("AmiEncodeError messages", () => {
  it("name the header, the character and its position, and quote only a short prefix of a huge value", () => {
    const huge = `${"x".repeat(10_000_000)}\r\nAction: Logoff`;
    const error = encodeError(() => encodeAction("UserEvent", { UserEvent: "u", Data: huge }));
    expect(error.key).toBe("Data");
    expect(error.message).toContain('"Data"');
    expect(error.message).toContain("CR (\\r) at position 10000001");
    expect(error.message).toContain("(10000016 characters)");
    expect(error.message.length).toBeLessThan(200);
  });

  it("quote a short value escaped, so that the message itself holds no line break", () => {
    const error = encodeError(() => encodeAction("Ping", { Channel: "a\r\nAction: Logoff" }));
    expect(error.message).toBe(
      'CR (\\r) at position 2 of the value of "Channel": it would break the AMI framing: "a\\r\\nAction: Logoff"',
    );
    expect(error.message).not.toMatch(/[\r\n]/);
  });

  it("never quote a Variable entry's value: only its name, the character and the position", () => {
    const error = encodeError(() => encodeAction("Originate", { Variable: { DBPASS: "pw\r\n" } }));
    expect(error.key).toBe("Variable");
    expect(error.message).toBe(
      'CR (\\r) at position 3 of the value of "Variable" (DBPASS=…): it would break the AMI framing',
    );
    const array = encodeError(() => encodeAction("Originate", { Variable: ["DBPASS=pw\nx"] }));
    expect(array.message).not.toContain("pw");
    expect(array.message).toContain("LF (\\n) at position 10");
  });

  it.each(["Secret", "Key", "Password", "secret", "AuthSecret", "NewPassword", "APIKey", "ChanVariable"])(
    "never quote a value of %s",
    (key) => {
      expect(isSecretHeader(key)).toBe(true);
      const error = encodeError(() => encodeAction("Login", { [key]: "hunter2-topsecret\nAction: Logoff" }));
      expect(error.message).not.toContain("hunter2");
      expect(error.message).toContain(`"${key}"`);
      expect(error.message).toContain("LF (\\n) at position 18");
      const packet = encodeError(() => encodePacket([[key, "hunter2\0"]]));
      expect(packet.message).not.toContain("hunter2");
    },
  );

  it("treats ordinary headers as not secret", () => {
    for (const key of ["Channel", "Data", "Exten", "ActionID", "Command", "UserEvent"]) {
      expect(isSecretHeader(key)).toBe(false);
    }
  });

  it("never quote a secret-like header's value, whatever it holds", () => {
    const secretKey = fc.constantFrom(
      "Secret",
      "Key",
      "Password",
      "Variable",
      "x-pass",
      "MYKEY",
      "client_secret",
    );
    const marker = fc.stringMatching(/^[A-Za-z0-9]{8,40}$/);
    const bad = fc.constantFrom("\r", "\n", "\0", "\uD800", "\uDFFF");
    fc.assert(
      fc.property(secretKey, marker, bad, fc.nat({ max: 40 }), (key, secret, character, at) => {
        const position = Math.min(at, secret.length);
        const value = secret.slice(0, position) + character + secret.slice(position);
        const error = encodeError(() => formatAction("X", { [key]: value }));
        expect(error.message).not.toContain(secret.slice(0, 6));
        expect(error.message).toContain(`at position ${position + 1}`);
      }),
      { numRuns: 300 },
    );
  });

  it("name a lone surrogate by its code point, and say UTF-8 cannot carry it", () => {
    const error = encodeError(() => encodeAction("X", { V: "ab\uD800" }));
    expect(error.message).toContain("a lone surrogate (U+D800) at position 3");
    expect(error.message).toContain("UTF-8 cannot carry it");
  });

  it("keep key and entry-name errors short, naming the offending character", () => {
    const longKey = `${"K".repeat(1_000_000)}:`;
    const key = encodeError(() => encodeAction("X", { [longKey]: "v" }));
    expect(key.message).toContain('":" at position 1000001');
    expect(key.message.length).toBeLessThan(250);
    const spaced = encodeError(() => encodeAction("X", { "a b": "v" }));
    expect(spaced.message).toContain("a space at position 2");
    const entry = encodeError(() => encodeAction("X", { Variable: { [`${"N".repeat(1_000_000)}=`]: "v" } }));
    expect(entry.message.length).toBeLessThan(250);
    const action = encodeError(() => encodeAction(`Ping${"x".repeat(1_000_000)}\n`));
    expect(action.message.length).toBeLessThan(250);
    const actionId = encodeError(() => encodeAction("Ping", {}, `id${"x".repeat(1_000_000)}\r`));
    expect(actionId.message.length).toBeLessThan(250);
  });
});
