import { describe, expect, test } from "vitest";
import { toDenoSocketError } from "./map-error.ts";

function denoError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

describe("toDenoSocketError (Deno error names)", () => {
  test.each([
    ["ConnectionRefused", false, "refused"],
    ["ConnectionReset", false, "reset"],
    ["BrokenPipe", false, "reset"],
    ["TimedOut", false, "timeout"],
    ["InvalidData", false, "tls"],
    ["ConnectionReset", true, "tls"],
    ["NotCapable", false, "network"],
  ])("%s (during handshake: %s) → %s", (name, duringHandshake, code) => {
    const cause = denoError(name, "os says no");
    const error = toDenoSocketError(cause, "127.0.0.1:5038", duringHandshake);
    expect(error.code).toBe(code);
    expect(error.cause).toBe(cause);
    expect(error.message).toContain("127.0.0.1:5038");
  });
});
