/**
 * The pending table's single timer (one deadline FIFO per timeout value) and its keys (the counter of
 * the client's own ActionIDs, the ActionID itself otherwise).
 */
import { AmiPacket } from "@amikit/codec";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type AnswerEntry, type PendingBehaviour, PendingTable } from "./correlation.ts";
import { AmiTimeoutError } from "./errors.ts";
import { recorder } from "./test-support/pending-recorder.ts";

const connection = {};

function sent(table: PendingTable, id: string, timeout: number, behaviour = recorder()) {
  const entry = table.add({ id, action: "Ping", text: undefined, timeout, behaviour });
  if (entry) {
    table.send(entry, connection);
  }
  return behaviour;
}

describe("PendingTable deadlines", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("gives every entry its own timeout when one action name is used with many, sharing what repeats", () => {
    const table = new PendingTable("p-");
    const timeouts = [100, 200, 100, 300, 400, 500, 600, 200, 600];
    const entries = timeouts.map((timeout, n) => {
      const behaviour = recorder();
      const entry = table.add({ id: `p-${n + 1}`, action: "Ping", text: undefined, timeout, behaviour });
      if (!entry) throw new Error("not added");
      return { entry, behaviour };
    });
    expect(entries.map(({ entry }) => entry.timeout)).toEqual(timeouts);
    // Same name and timeout: one shared Kind (its slot is all an entry pays for them).
    const kinds = entries.map(({ entry }) => (entry as AnswerEntry).kind);
    expect(kinds[2]).toBe(kinds[0]);
    expect(kinds[7]).toBe(kinds[1]);
    expect(kinds[1]).not.toBe(kinds[0]);
    for (const elapsed of [100, 200, 300, 400, 500, 600]) {
      vi.advanceTimersByTime(100); // now `elapsed` ms after they were added
      const expired = entries
        .filter(({ behaviour }) => behaviour.errors.length > 0)
        .map(({ entry }) => entry.timeout);
      expect(expired.every((timeout) => timeout <= elapsed)).toBe(true);
      expect(expired).toHaveLength(timeouts.filter((timeout) => timeout <= elapsed).length);
    }
    expect(table.size).toBe(0);
  });

  it("uses one timer for any number of actions and mixed timeouts, each expiring at its own time", () => {
    const table = new PendingTable("p-");
    const long = Array.from({ length: 1000 }, (_, n) => sent(table, `p-${n + 1}`, 5000));
    const short = sent(table, "p-1001", 100);
    vi.advanceTimersByTime(50);
    const middle = sent(table, "custom", 1000);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(49);
    expect(short.errors).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(short.errors[0]).toBeInstanceOf(AmiTimeoutError);
    expect(short.errors[0]?.message).toMatch(/ActionID p-1001\) timed out after 100 ms/);
    vi.advanceTimersByTime(949);
    expect(middle.errors).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(middle.errors[0]).toBeInstanceOf(AmiTimeoutError);
    expect(long.every((b) => b.errors.length === 0)).toBe(true);
    expect(table.size).toBe(1000);
    vi.advanceTimersByTime(5000 - 1050 - 1);
    expect(long.every((b) => b.errors.length === 0)).toBe(true);
    vi.advanceTimersByTime(1);
    expect(long.every((b) => b.errors[0] instanceof AmiTimeoutError)).toBe(true);
    expect(table.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("expires actions of one timeout in issue order, skipping answered ones", () => {
    const table = new PendingTable("p-");
    const order: string[] = [];
    for (const id of ["p-1", "p-2", "p-3", "p-4"]) {
      const behaviour = recorder();
      behaviour.fail = () => order.push(id);
      sent(table, id, 300, behaviour);
      vi.advanceTimersByTime(10);
    }
    table.routeResponse(
      new AmiPacket([
        ["Response", "Success"],
        ["ActionID", "p-2"],
      ]),
      connection,
    );
    vi.advanceTimersByTime(275);
    expect(order).toEqual(["p-1"]);
    vi.advanceTimersByTime(30);
    expect(order).toEqual(["p-1", "p-3", "p-4"]);
  });

  it("a restarted timeout counts from the restart, and an earlier action of that timeout still expires on time", () => {
    const table = new PendingTable();
    const first = recorder();
    const entry = table.add({ id: "a", action: "Ping", text: undefined, timeout: 1000, behaviour: first });
    vi.advanceTimersByTime(10);
    const second = sent(table, "b", 1000);
    vi.advanceTimersByTime(490);
    if (entry) table.restartTimer(entry);
    vi.advanceTimersByTime(510);
    expect(first.errors).toHaveLength(0);
    expect(second.errors[0]).toBeInstanceOf(AmiTimeoutError);
    vi.advanceTimersByTime(489);
    expect(first.errors).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(first.errors[0]).toBeInstanceOf(AmiTimeoutError);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("an action issued by a timeout's handler gets its own timeout, also when the table emptied meanwhile", () => {
    const table = new PendingTable("p-");
    const late = recorder();
    const first = recorder();
    first.fail = (error) => {
      first.errors.push(error);
      sent(table, "p-3", 50, late);
    };
    sent(table, "p-1", 100, first);
    sent(table, "p-2", 100);
    table.routeResponse(
      new AmiPacket([
        ["Response", "Success"],
        ["ActionID", "p-2"],
      ]),
      connection,
    );
    vi.advanceTimersByTime(100);
    expect(first.errors[0]).toBeInstanceOf(AmiTimeoutError);
    expect(table.size).toBe(1);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(49);
    expect(late.errors).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(late.errors[0]).toBeInstanceOf(AmiTimeoutError);
    expect(table.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("keeps memory bounded when many actions end long before their timeout", () => {
    const table = new PendingTable("p-");
    for (let n = 1; n <= 20_000; n++) {
      sent(table, `p-${n}`, 600_000);
      table.routeResponse(
        new AmiPacket([
          ["Response", "Success"],
          ["ActionID", `p-${n}`],
        ]),
        connection,
      );
    }
    const survivor = sent(table, "p-20001", 600_000);
    for (let n = 20_002; n <= 40_000; n++) {
      sent(table, `p-${n}`, 600_000);
      table.routeResponse(
        new AmiPacket([
          ["Response", "Success"],
          ["ActionID", `p-${n}`],
        ]),
        connection,
      );
    }
    expect(table.size).toBe(1);
    vi.advanceTimersByTime(600_000);
    expect(survivor.errors[0]).toBeInstanceOf(AmiTimeoutError);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("PendingTable keys", () => {
  it("matches the client's own ActionIDs and caller-supplied ones, and tells equal ones apart from similar ones", () => {
    const table = new PendingTable("amikit-x-");
    expect(table.keyOf("amikit-x-42")).toBe(42);
    for (const other of [
      "amikit-x-042",
      "amikit-x-",
      "amikit-x-4a",
      "amikit-y-42",
      "42",
      "amikit-x-1234567890123456",
    ])
      expect(table.keyOf(other)).toBe(other);
    const own = sent(table, "amikit-x-42", 1000);
    const similar = sent(table, "amikit-x-042", 1000);
    const foreign = sent(table, "mine-1", 1000);
    expect(table.has("amikit-x-42")).toBe(true);
    expect(table.has("amikit-x-43")).toBe(false);
    for (const id of ["mine-1", "amikit-x-042", "amikit-x-42"]) {
      expect(
        table.routeResponse(
          new AmiPacket([
            ["Response", "Success"],
            ["ActionID", id],
          ]),
          connection,
        ),
      ).toBe(true);
    }
    expect([own, similar, foreign].map((b) => b.answers[0]?.actionId)).toEqual([
      "amikit-x-42",
      "amikit-x-042",
      "mine-1",
    ]);
    expect(table.size).toBe(0);
  });

  it("routes events only while an entry may take them, and then still by ActionID", () => {
    const table = new PendingTable("p-");
    const event = new AmiPacket([
      ["Event", "PeerEntry"],
      ["ActionID", "p-1"],
    ]);
    sent(table, "p-1", 1000);
    expect(table.routeEvent(event, connection)).toBe(false);
    table.routeResponse(
      new AmiPacket([
        ["Response", "Success"],
        ["ActionID", "p-1"],
      ]),
      connection,
    );
    const items: AmiPacket[] = [];
    const list: PendingBehaviour = {
      response: () => "listing",
      event: (packet) => {
        items.push(packet);
        return packet.name.endsWith("Complete") ? "end-of-list" : "item";
      },
      fail: () => {},
    };
    const entry = table.add({
      id: "p-2",
      action: "SIPpeers",
      text: undefined,
      timeout: 1000,
      behaviour: list,
      lingers: true,
    });
    if (entry) {
      table.send(entry, connection);
      table.listing(entry);
    }
    expect(
      table.routeEvent(
        new AmiPacket([
          ["Event", "PeerEntry"],
          ["ActionID", "p-2"],
        ]),
        connection,
      ),
    ).toBe(true);
    expect(table.routeEvent(event, connection)).toBe(false);
    expect(
      table.routeEvent(
        new AmiPacket([
          ["Event", "PeerlistComplete"],
          ["ActionID", "p-2"],
        ]),
        connection,
      ),
    ).toBe(true);
    expect(items.map((packet) => packet.name)).toEqual(["PeerEntry", "PeerlistComplete"]);
    expect(table.size).toBe(0);
    expect(
      table.routeEvent(
        new AmiPacket([
          ["Event", "PeerEntry"],
          ["ActionID", "p-2"],
        ]),
        connection,
      ),
    ).toBe(false);
  });
});
