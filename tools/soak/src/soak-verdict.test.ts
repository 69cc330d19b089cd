import { describe, expect, it } from "vitest";
import { defaultSoakOptions } from "./options.ts";
import { failuresOf, type SoakReport } from "./soak.ts";

/** A report of a run that kept every invariant; each test breaks one. */
function passing(): Omit<SoakReport, "failures"> {
  return {
    options: defaultSoakOptions(1),
    actions: {
      issued: 10,
      answered: 8,
      failed: 2,
      failedByClass: { AmiTimeoutError: 2 },
      untyped: [],
      pending: 0,
      issuedByKind: { ping: 10 },
      pendingByKind: {},
      slowestSettleMs: 1000,
    },
    graceMs: 8000,
    memory: {
      samples: 100,
      baselineMiB: 10,
      finalMiB: 10,
      peakLiveMiB: 12,
      slopeMiBPerMinute: 0,
      peakRssMiB: 80,
      finalRssMiB: 80,
      keptGrowing: false,
      overCeiling: false,
      longStalls: 1,
      stallGrowths: [{ ms: 6000, growthMiB: 2 }],
      maxStallGrowthMiB: 2,
      stallGrowthOverBudget: false,
    },
    reconnects: 3,
    maxAttempt: 4,
    states: { connected: 4 },
    reconnectCauses: { AmiConnectionError: 3 },
    events: {
      events: 5,
      userEvents: 5,
      resubscriptions: 1,
      readerEvents: 5,
      readerDropped: 0,
      lagged: 0,
      readerError: undefined,
    },
    server: {
      behaviours: { stall: 1, drop: 1, flap: 1, burst: 1, oversize: 1, dense: 1, halfclose: 0 },
      stalledMs: 6000,
      stallSpans: [[0, 6000]],
      burstEvents: 500,
      skipped: 0,
      logins: 5,
      flapWindows: [{ ms: 4000, logins: 4, allowed: 10 }],
      lateActions: 0,
      maxLateMs: 0,
      connections: { open: 1, blocked: 0, backedUp: 0 },
      sessions: { open: 1, loggedIn: 1 },
    },
    recoveredAfterMs: 10,
    closed: true,
    crashes: [],
  };
}

describe("failuresOf", () => {
  it("finds nothing wrong with a run that kept every invariant", () => {
    expect(failuresOf(passing())).toEqual([]);
  });

  it("names actions that never settled, by kind and age", () => {
    const report = passing();
    const failures = failuresOf({
      ...report,
      actions: { ...report.actions, pending: 2, pendingByKind: { list: [9000, 8500] } },
    });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain("2 action(s) never settled within the 8000 ms grace period");
    expect(failures[0]).toContain('"list":[9000,8500]');
  });

  it("flags untyped errors, memory growth, a stall that queued writes, a flat backoff, no recovery, a hung close", () => {
    const report = passing();
    const failures = failuresOf({
      ...report,
      actions: { ...report.actions, untyped: ["ping: TypeError: x is not a function"] },
      memory: { ...report.memory, keptGrowing: true, overCeiling: true, stallGrowthOverBudget: true },
      server: { ...report.server, flapWindows: [{ ms: 5000, logins: 110, allowed: 11 }] },
      recoveredAfterMs: undefined,
      closed: false,
      crashes: ["Error: boom"],
    });
    expect(failures.map((failure) => failure.split(":")[0])).toEqual([
      "actions failed with errors that are not AmiErrors",
      "memory kept growing",
      "live memory reached 12 MiB, more than 128 MiB above the 10 MiB after warm-up",
      "the client kept queueing writes while the server did not read",
      "the reconnect backoff did not grow against a server that drops every login",
      "the client did not answer a Ping again after the hostile server calmed down",
      "close() did not finish",
      "the process crashed",
    ]);
  });
});
