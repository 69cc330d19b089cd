import { describe, expect, it } from "vitest";
import { AmiValidationError } from "./errors.ts";
import { validateParams } from "./validate.ts";

describe("validateParams", () => {
  it("reports missing required parameters every time, whatever the spelling, after the action was seen before", () => {
    for (let round = 0; round < 3; round++) {
      expect(() => validateParams("Originate", undefined)).toThrow(AmiValidationError);
      expect(() => validateParams("originate", {})).toThrow(/missing required parameter Channel/);
      expect(() => validateParams("Originate", { Channel: "Local/1@x" })).not.toThrow();
      // Unknown actions and actions without required parameters pass.
      expect(() => validateParams("Ping", undefined)).not.toThrow();
      expect(() => validateParams("NoSuchAction", undefined)).not.toThrow();
    }
  });
});
