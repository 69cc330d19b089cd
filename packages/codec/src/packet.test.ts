import { describe, expect, it } from "vitest";
import { AmiPacket, equalsIgnoreCase } from "./packet.ts";

const event = new AmiPacket([
  ["Event", "VarSet"],
  ["Channel", "PJSIP/alice-00000001"],
  ["channel", "second, different case"],
  ["ChanVariable", "FOO=1"],
  ["ChanVariable", "IDX="],
  ["Value", "007"],
  ["Empty", ""],
]);

describe("AmiPacket", () => {
  it("derives type and name from the first field", () => {
    expect([event.type, event.name]).toEqual(["event", "VarSet"]);
    expect(new AmiPacket([["Response", "Success"]]).type).toBe("response");
    expect(new AmiPacket([["Action", "Ping"]]).name).toBe("Ping");
    expect(new AmiPacket([]).type).toBe("unknown");
    expect(new AmiPacket([]).name).toBe("");
  });

  it("get() is case-insensitive and returns the first value; values stay strings", () => {
    expect(event.get("channel")).toBe("PJSIP/alice-00000001");
    expect(event.get("CHANNEL")).toBe("PJSIP/alice-00000001");
    expect(event.get("Value")).toBe("007");
    expect(event.get("Empty")).toBe("");
    expect(event.get("Missing")).toBeUndefined();
    expect(event.get("Chan")).toBeUndefined();
  });

  it("getAll() returns every value in wire order; has() tells presence, empty values included", () => {
    expect(event.getAll("chanvariable")).toEqual(["FOO=1", "IDX="]);
    expect(event.getAll("Channel")).toEqual(["PJSIP/alice-00000001", "second, different case"]);
    expect(event.getAll("Missing")).toEqual([]);
    expect(event.has("EMPTY")).toBe(true);
    expect(event.has("Missing")).toBe(false);
  });

  it("toObject() keeps keys as sent and turns repeated keys into arrays", () => {
    expect(event.toObject()).toEqual({
      Event: "VarSet",
      Channel: "PJSIP/alice-00000001",
      channel: "second, different case",
      ChanVariable: ["FOO=1", "IDX="],
      Value: "007",
      Empty: "",
    });
    const first = event.toObject();
    first.Event = "changed";
    expect(event.toObject().Event).toBe("VarSet");
  });

  it("toObject() cannot be used to pollute prototypes", () => {
    const hostile = new AmiPacket([
      ["Event", "X"],
      ["__proto__", "polluted"],
      ["__proto__", "twice"],
      ["constructor", "c"],
    ]);
    const result = hostile.toObject();
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.keys(result)).toEqual(["Event", "__proto__", "constructor"]);
    expect(Object.getOwnPropertyDescriptor(result, "__proto__")?.value).toEqual(["polluted", "twice"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("actionId reads ActionID case-insensitively", () => {
    expect(
      new AmiPacket([
        ["Response", "Success"],
        ["actionid", "a-1"],
      ]).actionId,
    ).toBe("a-1");
    expect(event.actionId).toBeUndefined();
  });

  it("output is undefined without Output headers, and the Output values otherwise", () => {
    expect(event.output).toBeUndefined();
    const modern = new AmiPacket([
      ["Response", "Success"],
      ["Output", "one"],
      ["output", "two"],
    ]);
    expect(modern.output).toEqual(["one", "two"]);
  });

  it("a legacy output is the output and an Output array in toObject()", () => {
    const legacy = new AmiPacket([["Response", "Follows"]], { legacyOutput: ["a", ""] });
    expect(legacy.output).toEqual(["a", ""]);
    expect(legacy.toObject()).toEqual({ Response: "Follows", Output: ["a", ""] });
  });

  it("a greeting has its line as name and no fields", () => {
    const greeting = new AmiPacket([["ignored", "x"]], { greeting: "Asterisk Call Manager/11.0.0" });
    expect([greeting.type, greeting.name, greeting.fields]).toEqual([
      "greeting",
      "Asterisk Call Manager/11.0.0",
      [],
    ]);
    expect(greeting.get("ignored")).toBeUndefined();
  });
});

describe("equalsIgnoreCase", () => {
  it.each([
    ["ActionID", "actionid", true],
    ["ActionID", "ACTIONID", true],
    ["ActionID", "ActionIE", false],
    ["@", "`", false],
    ["[", "{", false],
    ["Привет", "привет", true],
    ["Привет", "пРИВЕТ", true],
    ["Привет", "пока!!", false],
    ["ab", "abc", false],
  ])("%s vs %s → %s", (a, b, expected) => {
    expect(equalsIgnoreCase(a, b)).toBe(expected);
  });
});
