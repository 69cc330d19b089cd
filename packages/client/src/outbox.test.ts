import { describe, expect, it } from "vitest";
import { utf8Length } from "./outbox.ts";

describe("utf8Length (the outbox counts bytes without encoding)", () => {
  const samples = [
    "",
    "Action: Ping\r\n\r\n",
    "é",
    "€uro",
    "мир",
    "😀 emoji pair",
    "lone high \ud800 surrogate",
    "lone low \udc00 surrogate",
    "high at the end \ud83d",
    "\ud83d\ud83d\ude00",
    "\u007f\u0080\u07ff\u0800\uffff",
  ];
  it.each(samples)("%j is as long as TextEncoder makes it", (text) => {
    expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
  });
});
