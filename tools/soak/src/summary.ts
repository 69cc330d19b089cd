/** The soak's printed summary: lines for people, then one `SOAK_SUMMARY <json>` line for tests and tools. */
import { LONG_STALL_MS } from "./memory.ts";
import type { SoakReport } from "./soak.ts";

/** The prefix of the machine-readable summary line. */
export const SUMMARY_PREFIX = "SOAK_SUMMARY ";

function counts(record: Readonly<Record<string, number | undefined>>): string {
  const entries = Object.entries(record).filter(([, n]) => n !== undefined && n > 0);
  return entries.length === 0 ? "none" : entries.map(([name, n]) => `${name} ${n}`).join(", ");
}

/** The summary of `report`, one string per line. */
export function formatSummary(report: SoakReport): string[] {
  const { options: o, actions: a, server: s, events: e, memory: m } = report;
  const flapWorst = s.flapWindows.reduce((worst, w) => Math.max(worst, w.logins / w.allowed), 0);
  const lines = [
    `amikit soak: ${o.durationSeconds} s, seed ${o.seed}, ${o.rate} actions/s, SoakEcho payload ${o.payloadBytes} B, actionTimeout ${o.actionTimeout} ms, keepalive ${o.keepalive || "off"}, maxPacketBytes ${o.maxPacketBytes}, behaviours ${o.behaviours.join(",")} every ~${o.paceMs} ms`,
    `hostile server: ${counts(s.behaviours)}; ${Math.round(s.stalledMs / 100) / 10} s not reading; ${s.burstEvents} burst events; ${s.skipped} skipped (no logged-in connection, or a long stall on)`,
    `  logins: ${s.logins}; flap windows: ${s.flapWindows.map((w) => `${w.logins}/${w.allowed}`).join(" ") || "none"} (logins/allowed, worst ${Math.round(flapWorst * 100)}%)`,
    `  SoakEcho actions received after their deadline: ${s.lateActions} (latest ${s.maxLateMs} ms late)`,
    `  after calm: ${s.connections.open} connection(s) (${s.connections.blocked} waiting on the fake, ${s.connections.backedUp} on the client), ${s.sessions.open} session(s), ${s.sessions.loggedIn} logged in`,
    `actions: issued ${a.issued} / answered ${a.answered} / failed ${a.failed} / still pending ${a.pending}`,
    `  failed by class: ${counts(a.failedByClass)}`,
    `  issued by kind: ${counts(a.issuedByKind)}; slowest to settle: ${a.slowestSettleMs} ms`,
    `events: ${e.events} on events$, ${e.userEvents} UserEvent on on() (re-subscribed ${e.resubscriptions}x), reader ${e.readerEvents} read / ${e.readerDropped} dropped, ${e.lagged} lagged$ reports${e.readerError === undefined ? "" : `, reader ended: ${e.readerError}`}`,
    `client: ${report.reconnects} reconnects (highest attempt ${report.maxAttempt}); reconnecting because of: ${counts(report.reconnectCauses)}`,
    `  states: ${counts(report.states)}; answered a Ping again ${report.recoveredAfterMs === undefined ? "never" : `${report.recoveredAfterMs} ms after calm`}; close() ${report.closed ? "finished" : "HUNG"}`,
    `memory (heapUsed + external after GC, ${m.samples} samples): warm-up ${m.baselineMiB} MiB, end ${m.finalMiB} MiB, peak ${m.peakLiveMiB} MiB, last-half slope ${m.slopeMiBPerMinute} MiB/min`,
    `  growth within long stalls (${LONG_STALL_MS / 1000}+ s): ${m.stallGrowths.map((g) => `${g.growthMiB} MiB in ${Math.round(g.ms / 100) / 10} s`).join(", ") || "none judged"}; RSS: peak ${m.peakRssMiB} MiB, final ${m.finalRssMiB} MiB`,
  ];
  if (report.failures.length === 0) lines.push("verdict: PASS");
  else lines.push("verdict: FAIL", ...report.failures.map((failure) => `  - ${failure}`));
  lines.push(`${SUMMARY_PREFIX}${JSON.stringify(report)}`);
  return lines;
}
