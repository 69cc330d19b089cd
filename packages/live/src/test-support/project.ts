/**
 * What a snapshot can know of a state, for comparing an event-built state with a fresh snapshot: times,
 * dials, hold, applications and counters are left out (AMI's list actions do not report them the same way).
 */
import type { LiveState } from "../model/state.ts";

/** The comparable part of a state, as plain sorted data. */
export function project(state: LiveState) {
  const sorted = <T>(entries: Iterable<[string, T]>) => [...entries].sort(([a], [b]) => a.localeCompare(b));
  return {
    channels: sorted(state.channels).map(([key, c]) => [
      key,
      {
        name: c.name,
        linkedid: c.linkedid,
        state: c.state,
        bridge: c.bridge,
        callerId: c.callerId,
        connectedLine: c.connectedLine,
        accountCode: c.accountCode,
        context: c.context,
        exten: c.exten,
        variables: c.variables,
      },
    ]),
    calls: sorted(state.calls)
      .filter(([, call]) => call.endedAt === undefined)
      .map(([key, call]) => [
        key,
        { channels: [...call.channels].sort(), bridges: [...call.bridges].sort() },
      ]),
    bridges: sorted(state.bridges).map(([key, b]) => [
      key,
      { type: b.type, technology: b.technology, members: [...b.members].sort() },
    ]),
    queues: sorted(state.queues).map(([key, q]) => [
      key,
      {
        members: q.members,
        entries: Object.values(q.entries).map((e) => ({ uniqueid: e.uniqueid, position: e.position })),
      },
    ]),
    conferences: sorted(state.conferences).map(([key, c]) => [key, Object.keys(c.participants).sort()]),
    devices: sorted(state.devices),
    extensions: sorted(state.extensions),
  };
}
