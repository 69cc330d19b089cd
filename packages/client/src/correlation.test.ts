import { AmiPacket } from "@amikit/codec";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createActionIds, type PendingBehaviour, PendingTable } from "./correlation.ts";
import { AmiAbortError, AmiTimeoutError } from "./errors.ts";
import { recorder } from "./test-support/pending-recorder.ts";

const connection = {};
const response = (id: string, ...extra: [string, string][]) =>
  new AmiPacket([["Response", "Success"], ["ActionID", id], ...extra]);
const event = (name: string, id: string, ...extra: [string, string][]) =>
  new AmiPacket([["Event", name], ["ActionID", id], ...extra]);

describe("createActionIds", () => {
  it("gives a prefix plus a counter, never repeating", () => {
    const next = createActionIds("p-");
    const ids = Array.from({ length: 10_000 }, next);
    expect(ids[0]).toBe("p-1");
    expect(ids[9_999]).toBe("p-10000");
    expect(new Set(ids).size).toBe(10_000);
  });
});

describe("PendingTable", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("correlates answers by ActionID whatever the order, and forgets each once answered", () => {
    const table = new PendingTable();
    const behaviours = ["a", "b", "c"].map((id) => {
      const behaviour = recorder();
      const entry = table.add({ id, action: "Ping", text: undefined, timeout: 1000, behaviour });
      if (entry) {
        table.send(entry, connection);
      }
      return behaviour;
    });
    expect(table.size).toBe(3);
    for (const id of ["c", "a", "b"]) expect(table.routeResponse(response(id), connection)).toBe(true);
    expect(behaviours.map((b) => b.answers[0]?.actionId)).toEqual(["a", "b", "c"]);
    expect(table.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    // A late or foreign answer matches nothing.
    expect(table.routeResponse(response("a"), connection)).toBe(false);
    expect(table.routeResponse(response("zzz"), connection)).toBe(false);
  });

  it("ignores answers that arrive on another connection than the one the action went out on", () => {
    const table = new PendingTable();
    const behaviour = recorder();
    const entry = table.add({ id: "x", action: "Ping", text: undefined, timeout: 1000, behaviour });
    if (entry) {
      table.send(entry, connection);
    }
    expect(table.routeResponse(response("x"), {})).toBe(false);
    expect(table.size).toBe(1);
  });

  it("knows which connection each entry was handed to, across connections old and new", () => {
    const table = new PendingTable();
    const [first, second, third] = [{}, {}, {}];
    const add = (id: string) => {
      const entry = table.add({ id, action: "Ping", text: undefined, timeout: 1000, behaviour: recorder() });
      if (!entry) throw new Error("not added");
      return entry;
    };
    const queued = add("q");
    const [a, b, c] = [add("a"), add("b"), add("c")];
    table.send(a, first);
    table.send(b, second);
    table.send(c, first);
    expect([a, b, c, queued].map((entry) => table.handedTo(entry, first))).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect([a, b, c, queued].map((entry) => table.handedTo(entry, second))).toEqual([
      false,
      true,
      false,
      false,
    ]);
    expect(table.handedTo(a, third)).toBe(false);
    // An answer is taken only from the connection its action went out on, old or new.
    expect(table.routeResponse(response("b"), first)).toBe(false);
    expect(table.routeResponse(response("a"), first)).toBe(true);
    expect(table.routeResponse(response("b"), second)).toBe(true);
    expect(table.routeResponse(response("c"), third)).toBe(false);
    expect(table.routeResponse(response("c"), first)).toBe(true);
    expect(table.size).toBe(1);
  });

  it("times out with AmiTimeoutError and removes the entry", () => {
    const table = new PendingTable();
    const behaviour = recorder();
    table.add({ id: "t", action: "Ping", text: undefined, timeout: 500, behaviour });
    vi.advanceTimersByTime(499);
    expect(behaviour.errors).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(behaviour.errors[0]).toBeInstanceOf(AmiTimeoutError);
    expect(behaviour.errors[0]?.message).toMatch(/Ping \(ActionID t\) timed out after 500 ms/);
    expect(table.size).toBe(0);
  });

  it("aborts with AmiAbortError carrying the reason, and drops its listener when answered", () => {
    const table = new PendingTable();
    const controller = new AbortController();
    const behaviour = recorder();
    table.add({
      id: "a",
      action: "Ping",
      text: undefined,
      timeout: 500,
      behaviour,
      signal: controller.signal,
    });
    controller.abort("user gave up");
    expect(behaviour.errors[0]).toBeInstanceOf(AmiAbortError);
    expect(behaviour.errors[0]?.name).toBe("AbortError");
    expect((behaviour.errors[0] as AmiAbortError).cause).toBe("user gave up");
    expect(table.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);

    const already = new AbortController();
    already.abort();
    const late = recorder();
    expect(
      table.add({
        id: "b",
        action: "Ping",
        text: undefined,
        timeout: 500,
        behaviour: late,
        signal: already.signal,
      }),
    ).toBeUndefined();
    expect(late.errors[0]).toBeInstanceOf(AmiAbortError);

    const remove = vi.fn();
    const signal = {
      aborted: false,
      addEventListener: vi.fn(),
      removeEventListener: remove,
    } as unknown as AbortSignal;
    const entry = table.add({
      id: "c",
      action: "Ping",
      text: undefined,
      timeout: 500,
      behaviour: recorder(),
      signal,
    });
    if (entry) {
      table.send(entry, connection);
    }
    table.routeResponse(response("c"), connection);
    expect(remove).toHaveBeenCalledTimes(1);
  });

  it("listens once per signal however many actions share it, and aborts them all in issue order", () => {
    const table = new PendingTable();
    const add = vi.fn();
    const remove = vi.fn();
    let fire: (() => void) | undefined;
    const signal = {
      aborted: false,
      reason: "shutdown",
      addEventListener: add.mockImplementation((_type: string, listener: () => void) => {
        fire = listener;
      }),
      removeEventListener: remove,
    } as unknown as AbortSignal;
    const behaviours = Array.from({ length: 50 }, () => recorder());
    const entries = behaviours.map((behaviour, n) =>
      table.add({ id: `s${n}`, action: "Ping", text: undefined, timeout: 500, behaviour, signal }),
    );
    expect(add).toHaveBeenCalledTimes(1);
    // Answering some does not remove the shared listener while others still use it.
    for (const entry of entries.slice(0, 10)) if (entry) table.finish(entry);
    expect(remove).not.toHaveBeenCalled();
    fire?.();
    expect(behaviours.slice(0, 10).every((b) => b.errors.length === 0)).toBe(true);
    expect(behaviours.slice(10).every((b) => b.errors[0] instanceof AmiAbortError)).toBe(true);
    expect(table.size).toBe(0);

    // With the last action ended, the listener goes; the next action listens afresh.
    const again = Array.from({ length: 3 }, (_, n) =>
      table.add({
        id: `t${n}`,
        action: "Ping",
        text: undefined,
        timeout: 500,
        behaviour: recorder(),
        signal,
      }),
    );
    expect(add).toHaveBeenCalledTimes(2);
    for (const entry of again) if (entry) table.finish(entry);
    expect(remove).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("lets an abandoned list swallow the rest of its items until its closing event", () => {
    const table = new PendingTable();
    const behaviour: PendingBehaviour = {
      response: () => "listing",
      event: () => "item",
      fail: vi.fn(),
    };
    const entry = table.add({
      id: "l",
      action: "CoreShowChannels",
      text: undefined,
      timeout: 1000,
      behaviour,
      lingers: true,
    });
    if (!entry) throw new Error("not added");
    table.send(entry, connection);
    table.abandon(entry);
    expect(table.size).toBe(1);
    table.routeResponse(response("l", ["EventList", "start"]), connection);
    expect(table.routeEvent(event("CoreShowChannel", "l"), connection)).toBe(true);
    expect(
      table.routeEvent(event("CoreShowChannelsComplete", "l", ["EventList", "Complete"]), connection),
    ).toBe(true);
    expect(table.size).toBe(0);
    expect(behaviour.fail).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("ends a draining list after one more timeout if its closing event never comes", () => {
    const table = new PendingTable();
    const behaviour = recorder();
    const entry = table.add({
      id: "l",
      action: "Status",
      text: undefined,
      timeout: 1000,
      behaviour,
      lingers: true,
    });
    if (!entry) throw new Error("not added");
    table.send(entry, connection);
    table.listing(entry);
    vi.advanceTimersByTime(1000);
    expect(behaviour.errors[0]).toBeInstanceOf(AmiTimeoutError);
    expect(table.size).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(table.size).toBe(0);
    expect(behaviour.errors).toHaveLength(1);
  });

  it("fails without lingering when the connection is gone", () => {
    const table = new PendingTable();
    const behaviour = recorder();
    const entry = table.add({
      id: "l",
      action: "Status",
      text: undefined,
      timeout: 1000,
      behaviour,
      lingers: true,
    });
    if (!entry) throw new Error("not added");
    table.listing(entry);
    table.fail(entry, new Error("lost"), false);
    expect(table.size).toBe(0);
    expect(behaviour.errors.map((e) => e.message)).toEqual(["lost"]);
  });

  it("applies a behaviour's verdicts: a list restarts its timeout per item, an item ending the entry leaves no timer", () => {
    const table = new PendingTable();
    const seen: string[] = [];
    let stopAt = "";
    const behaviour: PendingBehaviour = {
      response: () => "listing",
      event: (packet, pending) => {
        seen.push(packet.name);
        // The item's handler ends the request (as a subscriber's error handler closing things may).
        if (packet.name === stopAt) table.fail(pending, new Error("stopped"), false);
        return packet.name.endsWith("Complete") ? "end-of-list" : "item";
      },
      fail: () => seen.push("failed"),
    };
    const entry = table.add({
      id: "v",
      action: "Status",
      text: undefined,
      timeout: 1000,
      behaviour,
      lingers: true,
    });
    if (!entry) throw new Error("not added");
    table.send(entry, connection);
    table.written(entry);
    expect(table.routeResponse(response("v", ["EventList", "start"]), connection)).toBe(true);
    expect(entry.phase).toBe("listing");
    vi.advanceTimersByTime(900);
    expect(table.routeEvent(event("Status", "v"), connection)).toBe(true);
    vi.advanceTimersByTime(900);
    // 1800 ms after the start, but 900 after the last item: still pending.
    expect(table.size).toBe(1);
    stopAt = "Status";
    expect(table.routeEvent(event("Status", "v"), connection)).toBe(true);
    expect(table.size).toBe(0);
    expect(seen).toEqual(["Status", "Status", "failed"]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
