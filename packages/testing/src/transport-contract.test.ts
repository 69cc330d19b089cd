import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** The source of a file next to this one, or in the client package. */
const source = (relative: string) => readFileSync(new URL(relative, import.meta.url), "utf8");

describe("the transport contract copy", () => {
  it("is the client's `AmiTransport` contract verbatim, after its header comment", () => {
    const copy = source("./transport-contract.ts");
    const header = copy.indexOf("\n\n");
    expect(copy.slice(0, header)).toContain("Kept IDENTICAL to packages/client/src/transport.ts");
    expect(copy.slice(header + 2)).toBe(source("../../client/src/transport.ts"));
  });
});
