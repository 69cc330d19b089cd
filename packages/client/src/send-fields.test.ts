import { describe, expect, it } from "vitest";
import { AmiValidationError } from "./errors.ts";
import { splitSendFields } from "./send-fields.ts";

describe("splitSendFields", () => {
  it("takes Action and ActionID in any letter case and keeps every other field as given", () => {
    expect(splitSendFields({ action: "Setvar", ACTIONID: 42, Variable: "A=1", Channel: "PJSIP/1" })).toEqual({
      action: "Setvar",
      actionId: "42",
      params: { Variable: "A=1", Channel: "PJSIP/1" },
    });
    expect(splitSendFields({ Action: "Ping" })).toEqual({ action: "Ping", actionId: undefined, params: {} });
  });

  it("refuses fields without a non-empty string Action", () => {
    for (const fields of [{}, { Action: "" }, { Action: 5 }, { ActionID: "x" }]) {
      expect(() => splitSendFields(fields as never)).toThrow(AmiValidationError);
    }
  });
});
