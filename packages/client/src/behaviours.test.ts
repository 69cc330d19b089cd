import { AmiPacket } from "@amikit/codec";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PromiseAnswer, TrackedPromiseAnswer } from "./behaviours.ts";
import { PendingTable } from "./correlation.ts";
import { AmiActionError, AmiTimeoutError } from "./errors.ts";
import type { AmiResponse } from "./types.ts";

const connection = {};
const answer = (id: string, outcome: string) =>
  new AmiPacket([
    ["Response", outcome],
    ["ActionID", id],
    ["Message", `${outcome} here`],
  ]);

/** A Ping issued through `table`, settling a native promise the way `action()` does. */
function issue(table: PendingTable, id: string, track?: () => void) {
  let entry: PromiseAnswer | undefined;
  const promise = new Promise<AmiResponse>((resolve) => {
    entry = track === undefined ? new PromiseAnswer(resolve) : new TrackedPromiseAnswer(resolve, track);
  });
  if (entry === undefined) throw new Error("no entry");
  const added = table.add({ id, action: "Ping", text: undefined, timeout: 1000, behaviour: entry });
  if (added !== undefined) table.send(added, connection);
  return { promise, entry, added };
}

describe("PromiseAnswer", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("is its own pending entry, with the action name, timeout and ActionID of its request", () => {
    const table = new PendingTable("p-");
    const { entry, added, promise } = issue(table, "p-7");
    promise.catch(() => {});
    expect(added).toBe(entry);
    expect([entry.action, entry.timeout, entry.id, entry.key, entry.phase]).toEqual([
      "Ping",
      1000,
      "p-7",
      7,
      "sent",
    ]);
    expect(table.get("p-7")).toBe(entry);
  });

  it("resolves with the answer, and calls its success hook first", async () => {
    const table = new PendingTable("p-");
    const track = vi.fn();
    const { promise } = issue(table, "p-1", track);
    expect(table.routeResponse(answer("p-1", "Success"), connection)).toBe(true);
    await expect(promise).resolves.toEqual({ Response: "Success", ActionID: "p-1", Message: "Success here" });
    expect(track).toHaveBeenCalledTimes(1);
    expect(table.size).toBe(0);
  });

  it("rejects a Response: Error with AmiActionError without calling its success hook", async () => {
    const table = new PendingTable("p-");
    const track = vi.fn();
    const { promise } = issue(table, "p-2", track);
    table.routeResponse(answer("p-2", "Error"), connection);
    const error = await promise.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AmiActionError);
    expect((error as AmiActionError).actionId).toBe("p-2");
    expect(track).not.toHaveBeenCalled();
  });

  it("rejects with the failure it is given (a timeout), once, and ignores a late answer", async () => {
    const table = new PendingTable("p-");
    const { promise } = issue(table, "p-3");
    const settled = promise.catch((caught: unknown) => caught);
    vi.advanceTimersByTime(1000);
    const error = await settled;
    expect(error).toBeInstanceOf(AmiTimeoutError);
    expect((error as Error).message).toMatch(/Ping \(ActionID p-3\) timed out after 1000 ms/);
    expect(table.routeResponse(answer("p-3", "Success"), connection)).toBe(false);
  });
});
