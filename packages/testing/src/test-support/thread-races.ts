// Test-only: the races between Asterisk's threads that a recording shows one way and the fake models the
// other, each as a named rule that turns exactly the fake's form of that one window into the recorded one
// and throws on anything else.

/** The headers of a packet, first value of each name. */
function headersOf(packet: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of packet.split("\r\n")) {
    const colon = line.indexOf(": ");
    if (colon > 0 && !headers.has(line.slice(0, colon)))
      headers.set(line.slice(0, colon), line.slice(colon + 2));
  }
  return headers;
}

/** The member call whose Local device was read before its ;2 thread counted (see the rule). */
export interface EarlyDeviceRead {
  /** The member's Local call, without `;1`/`;2` (`Local/agent3@agents-0000000b`). */
  readonly call: string;
  /** The queue that rang it. */
  readonly queue: string;
  /** The member's interface in that queue (`Local/agent3@agents/n`). */
  readonly interface: string;
}

/** Thrown when a rule's window does not hold exactly the form it rewrites. */
export class RaceRuleError extends Error {
  override name = "RaceRuleError";
}

/**
 * Rule "Local device read before the caretaker flag" (queue-call.jsonl, the second sales call). core_local.c
 * `local_call` starts the ;2 thread (`ast_pbx_start`) and only then sets `AST_UNREAL_CARETAKER_THREAD`, which
 * `local_devicestate` needs to report INUSE. When ;2's thread runs Ringing() before `local_call` returns —
 * recorded: its Newexten comes before AgentCalled — the device-state thread can read the Local device in
 * that gap: NOT_INUSE, so app_queue sees no change (no QueueMemberStatus, no `Queue:<queue>_avail`). The
 * fake starts ;2 after `ast_call` has returned (the first sales call's order) and reads INUSE.
 *
 * In the fake's packets, for `read.call` only: its AgentCalled and DialBegin must show its ;1 Down and show
 * it Ringing (;2 had run Ringing() by then); the first DeviceStateChange of its device after its ;1 went
 * Ringing must be INUSE and becomes NOT_INUSE; the member's QueueMemberStatus `Status: 2` that follows, and
 * the `Status: 1` after its ;1 hung up, are removed, each with the `Queue:<queue>_avail` DeviceStateChange
 * right after it (both or neither). Anything else in that window — no such call, a NOT_INUSE read, a status
 * event missing or of another value, a second status change, one availability event without the other —
 * throws {@link RaceRuleError}. Packets outside the window are returned as they are.
 */
export function deviceReadBeforeCaretaker(read: EarlyDeviceRead, packets: readonly string[]): string[] {
  const fail = (what: string): never => {
    throw new RaceRuleError(`${read.call}: ${what}`);
  };
  const parsed = packets.map(headersOf);
  const device = read.call.replace(/-[0-9a-f]+$/, "");
  const avail = `Queue:${read.queue}_avail`;
  const isEvent = (index: number, name: string) => parsed[index]?.get("Event") === name;
  const ringing = parsed.findIndex(
    (headers) =>
      headers.get("Event") === "Newstate" &&
      headers.get("Channel") === `${read.call};1` &&
      headers.get("ChannelStateDesc") === "Ringing",
  );
  if (ringing < 0) fail("its ;1 never went Ringing");
  const hungUp = parsed.findIndex(
    (headers, index) =>
      index > ringing && headers.get("Event") === "Hangup" && headers.get("Channel") === `${read.call};1`,
  );
  if (hungUp < 0) fail("its ;1 never hung up");
  const deviceRead = parsed.findIndex(
    (headers, index) =>
      index > ringing && headers.get("Event") === "DeviceStateChange" && headers.get("Device") === device,
  );
  if (deviceRead < 0 || deviceRead > hungUp) fail(`no DeviceStateChange of ${device} while it rang`);
  if (parsed[deviceRead]?.get("State") !== "INUSE") fail(`${device} was not read INUSE while it rang`);
  const statuses = parsed
    .map((headers, index) => ({ headers, index }))
    .filter(
      ({ headers, index }) =>
        index > ringing &&
        headers.get("Event") === "QueueMemberStatus" &&
        headers.get("Queue") === read.queue &&
        headers.get("Interface") === read.interface,
    );
  const [busy, free] = statuses;
  if (busy === undefined || busy.headers.get("Status") !== "2" || busy.index > hungUp)
    fail("no QueueMemberStatus Status 2 while it rang");
  if (free === undefined || free.headers.get("Status") !== "1" || free.index < hungUp)
    fail("no QueueMemberStatus Status 1 after it hung up");
  const followingAvail = (index: number) =>
    isEvent(index + 1, "DeviceStateChange") && parsed[index + 1]?.get("Device") === avail;
  const busyIndex = (busy as { index: number }).index;
  const freeIndex = (free as { index: number }).index;
  if (followingAvail(busyIndex) !== followingAvail(freeIndex)) fail(`one ${avail} change without the other`);
  const placed = ["AgentCalled", "DialBegin"].map((event) => {
    const index = parsed.findIndex(
      (headers) => headers.get("Event") === event && headers.get("DestChannel") === `${read.call};1`,
    );
    if (index < 0 || index > ringing) fail(`no ${event} before its ;1 went Ringing`);
    if (parsed[index]?.get("DestChannelStateDesc") !== "Down") fail(`its ${event} does not show ;1 Down`);
    return index;
  });
  const dropped = new Set([busyIndex, freeIndex]);
  if (followingAvail(busyIndex)) {
    dropped.add(busyIndex + 1);
    dropped.add(freeIndex + 1);
  }
  return packets.flatMap((packet, index) => {
    if (dropped.has(index)) return [];
    if (index === deviceRead) return [packet.replace(/\r\nState: INUSE(?=\r\n|$)/, "\r\nState: NOT_INUSE")];
    if (placed.includes(index))
      return [
        packet
          .replace(/\r\nDestChannelState: 0(?=\r\n)/, "\r\nDestChannelState: 5")
          .replace(/\r\nDestChannelStateDesc: Down(?=\r\n)/, "\r\nDestChannelStateDesc: Ringing"),
      ];
    return [packet];
  });
}
