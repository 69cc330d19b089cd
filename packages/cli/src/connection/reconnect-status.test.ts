import { describe, expect, it } from "vitest";
import { createPalette } from "../format/colour.ts";
import { defaultReconnectPolicy } from "./open-client.ts";
import { createReconnectStatus, type StatusSink } from "./reconnect-status.ts";

const plain = createPalette(false);
const reset = Object.assign(new Error("read ECONNRESET"), { name: "AmiConnectionError" });
const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5038"), {
  name: "AmiConnectionError",
});

/** A sink that records what a terminal would show: whole lines, and the line being rewritten. */
function recordingSink(terminal: boolean) {
  const log: string[] = [];
  const sink: StatusSink = terminal
    ? {
        line: (text) => log.push(`line: ${text}`),
        rewrite: (text) => log.push(`rewrite: ${text}`),
        clear: () => log.push("clear"),
      }
    : { line: (text) => log.push(`line: ${text}`) };
  return { log, sink };
}

describe("createReconnectStatus", () => {
  it("on a terminal: one lost line, the attempt rewritten in place, one reconnected line", () => {
    let clock = 1_000;
    const { log, sink } = recordingSink(true);
    const status = createReconnectStatus(sink, plain, "admin@pbx:5038", defaultReconnectPolicy, () => clock);
    status.update({ status: "connected" });
    status.update({ status: "reconnecting", error: reset, attempt: 1 });
    status.update({ status: "connecting" });
    status.update({ status: "reconnecting", error: refused, attempt: 2 });
    status.update({ status: "reconnecting", error: refused, attempt: 3 });
    clock += 2_500;
    status.update({ status: "authenticating" });
    status.update({ status: "connected" });
    expect(log).toEqual([
      "line: connection to admin@pbx:5038 lost (read ECONNRESET); reconnecting (Ctrl-C to stop)",
      "rewrite: reconnecting: attempt 1, next try in ≤ 0.3 s",
      "rewrite: reconnecting: attempt 2, next try in ≤ 0.5 s (last: connect ECONNREFUSED 127.0.0.1:5038)",
      "rewrite: reconnecting: attempt 3, next try in ≤ 1.0 s (last: connect ECONNREFUSED 127.0.0.1:5038)",
      "clear",
      "line: reconnected after 3 attempts, 2.5 s",
    ]);
    expect(status.failure).toBeUndefined();
  });

  it("in a log: lines at attempts 1, 2, 4, 8 and 16 only, over 20 attempts", () => {
    const { log, sink } = recordingSink(false);
    const status = createReconnectStatus(sink, plain, "admin@pbx:5038", defaultReconnectPolicy);
    for (let attempt = 1; attempt <= 20; attempt++)
      status.update({ status: "reconnecting", error: refused, attempt });
    const attempts = log.slice(1).map((line) => Number(/attempt (\d+)/.exec(line)?.[1]));
    expect(attempts).toEqual([1, 2, 4, 8, 16]);
    expect(log[4]).toContain("attempt 8, next try in ≤ 30.0 s");
  });

  it("gives an exit-3 failure when the client gives up or the login is refused on reconnect", () => {
    const policy = { ...defaultReconnectPolicy, maxAttempts: 2 };
    const gaveUp = createReconnectStatus(recordingSink(true).sink, plain, "admin@pbx:5038", policy);
    gaveUp.update({ status: "reconnecting", error: reset, attempt: 1 });
    gaveUp.update({
      status: "closed",
      error: Object.assign(new Error("gave up reconnecting after 2 attempt(s): refused"), {
        name: "AmiConnectionError",
      }),
    });
    expect(gaveUp.failure?.exitCode).toBe(3);
    expect(gaveUp.failure?.message).toBe(
      "connection to admin@pbx:5038 lost: gave up reconnecting after 2 attempt(s): refused",
    );

    const refusedLogin = createReconnectStatus(recordingSink(false).sink, plain, "admin@pbx:5038", policy);
    refusedLogin.update({
      status: "closed",
      // The client's own wording; the CLI names the user and the server once, itself.
      error: Object.assign(new Error('login of "admin" refused: Authentication failed'), {
        name: "AmiAuthError",
      }),
    });
    expect(refusedLogin.failure?.message).toBe(
      "login refused for admin@pbx:5038 on reconnect: Authentication failed",
    );

    const closedByUser = createReconnectStatus(recordingSink(false).sink, plain, "admin@pbx:5038", policy);
    closedByUser.update({ status: "closed" });
    expect(closedByUser.failure).toBeUndefined();
  });
});
