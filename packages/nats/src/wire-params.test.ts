import { AmiValidationError, createClient } from "@amikit/client";
import { AmiEncodeError, type AmiFieldValue, formatAction } from "@amikit/codec";
import { createFakeAsterisk } from "@amikit/testing";
import { describe, expect, it } from "vitest";
import { toWireParams } from "./wire-params.ts";

/** What the relay's client would write for `params` after they crossed NATS as JSON. */
function afterJson(action: string, params: Record<string, AmiFieldValue>): string {
  const crossed = JSON.parse(JSON.stringify(toWireParams(action, params))) as Record<string, AmiFieldValue>;
  return formatAction(action, crossed, "id-1");
}

describe("toWireParams", () => {
  it("a Map arrives as the same Key: name=value lines, in its order (JSON alone would send {})", () => {
    const params = {
      Channel: "PJSIP/alice-00000001",
      Variable: new Map([
        ["Z", "last=but not least"],
        ["2", "b"],
        ["1", "a"],
      ]),
    };
    expect(afterJson("Originate", params)).toBe(formatAction("Originate", params, "id-1"));
    expect(afterJson("Originate", params)).toContain(
      "Variable: Z=last=but not least\r\nVariable: 2=b\r\nVariable: 1=a\r\n",
    );
    expect(afterJson("Originate", { Variable: new Map() })).toBe(
      "Action: Originate\r\nActionID: id-1\r\n\r\n",
    );
  });

  it("a bigint arrives as its decimal digits (JSON.stringify would throw a TypeError)", () => {
    const params = { Timeout: 12_345_678_901_234_567_890n, Negative: -7n };
    expect(afterJson("Originate", params)).toBe(formatAction("Originate", params, "id-1"));
    expect(afterJson("Originate", params)).toContain("Timeout: 12345678901234567890\r\nNegative: -7\r\n");
  });

  it("every other accepted value crosses unchanged, in order; undefined is left out as the codec does", () => {
    const params: Record<string, AmiFieldValue> = {
      Channel: "Local/100@test",
      Priority: 1,
      Async: true,
      Skipped: undefined,
      Codecs: ["ulaw", "alaw"],
      Variable: { A: "1", B: "x=y" },
    };
    expect(afterJson("Originate", params)).toBe(formatAction("Originate", params, "id-1"));
    expect(Object.keys(toWireParams("Originate", params))).not.toContain("Skipped");
  });

  it("refuses what the direct client refuses, with the same typed error and message, before anything is sent", async () => {
    const fake = createFakeAsterisk();
    const direct = createClient({ transport: fake.transport(), username: "admin", secret: "amipass" });
    const refused: Record<string, unknown>[] = [
      { Codecs: new Map([["A", 1]]) },
      { Codecs: new Map([["A=B", "c"]]) },
      { When: new Date(0) },
      { Channels: new Set(["a"]) },
      { Channel: null },
      { Timeout: Number.NaN },
      { Channel: "a\r\nAction: Originate" },
      { Variable: new Map([["A", "1\n"]]) },
      { Secret: "hunter2\r\nAction: Originate" },
    ];
    try {
      for (const params of refused) {
        const given = params as Record<string, AmiFieldValue>;
        const expected = await direct.action("X-Test", given as never).then(
          () => undefined,
          (error: unknown) => error as Error,
        );
        expect(expected, JSON.stringify(Object.keys(params))).toBeInstanceOf(Error);
        let caught: unknown;
        try {
          toWireParams("X-Test", given);
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf((expected as Error).constructor);
        expect(caught instanceof AmiEncodeError || caught instanceof AmiValidationError).toBe(true);
        expect((caught as Error).message).toBe((expected as Error).message);
      }
    } finally {
      await direct.close();
      await fake.close();
    }
  });

  it("a bad secret-bearing header is an AmiValidationError that does not quote the value", () => {
    const secret = "hunter2\r\nAction: Originate";
    let caught: unknown;
    try {
      toWireParams("Login", { Username: "admin", Secret: secret });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AmiValidationError);
    expect((caught as Error).message).toContain("Secret");
    expect((caught as Error).message).not.toContain("hunter2");
  });
});
