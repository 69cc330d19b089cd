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

/** The Local call whose device was read before its caretaker flag was set (see the rule). */
export interface EarlyDeviceRead {
  /** The Local call, without `;1`/`;2` (`Local/agent3@agents-0000000b`). */
  readonly call: string;
  /** The Newstate whose device read raced: `;1` going Ringing (a queue member), `;2` going Up (a Dial peer). */
  readonly newstate: { readonly half: 1 | 2; readonly state: "Ringing" | "Up" };
  /** For a queue member: the queue that rang it and the member's interface there (`Local/agent3@agents/n`). */
  readonly member?: { readonly queue: string; readonly interface: string };
}

/** Thrown when a rule's window does not hold exactly the form it rewrites. */
export class RaceRuleError extends Error {
  override name = "RaceRuleError";
}

/**
 * Rule "Local device read before the caretaker flag". core_local.c `local_call` starts the ;2 thread
 * (`ast_pbx_start`) and only then sets `AST_UNREAL_CARETAKER_THREAD`, which `local_devicestate` needs to
 * report INUSE. When ;2's thread runs its first application before `local_call` returns, a Newstate it
 * causes makes the device-state thread read the Local device in that gap: NOT_INUSE. Recorded twice: in
 * queue-call.jsonl's second sales call (agent3's ;2 ran Ringing() — its Newexten comes before AgentCalled,
 * whose `Dest…` already shows Ringing — so app_queue saw no change: no QueueMemberStatus, no
 * `Queue:<queue>_avail`) and in park.jsonl's third call (longtalk's ;2 answered at once: NOT_INUSE, then
 * INUSE for ;1). The fake starts ;2 after `local_call` has returned (the other calls' order) and reads INUSE.
 *
 * In the fake's packets, for `read.call` only: the first DeviceStateChange of its device after the named
 * Newstate must be INUSE and becomes NOT_INUSE. For a queue member also: its AgentCalled and DialBegin must
 * show its ;1 Down and come to show it Ringing; the member's QueueMemberStatus `Status: 2` after the
 * Newstate, and the `Status: 1` after its ;1 hung up, are removed, each with the `Queue:<queue>_avail`
 * DeviceStateChange right after it (both or neither). Anything else — no such call or Newstate, a NOT_INUSE
 * read, a status event missing or of another value, one availability event without the other — throws
 * {@link RaceRuleError}. Packets outside the window are returned as they are.
 */
export function deviceReadBeforeCaretaker(read: EarlyDeviceRead, packets: readonly string[]): string[] {
  const fail = (what: string): never => {
    throw new RaceRuleError(`${read.call}: ${what}`);
  };
  const parsed = packets.map(headersOf);
  const device = read.call.replace(/-[0-9a-f]+$/, "");
  const { half, state } = read.newstate;
  const newstate = parsed.findIndex(
    (headers) =>
      headers.get("Event") === "Newstate" &&
      headers.get("Channel") === `${read.call};${half}` &&
      headers.get("ChannelStateDesc") === state,
  );
  if (newstate < 0) fail(`its ;${half} never went ${state}`);
  const deviceRead = parsed.findIndex(
    (headers, index) =>
      index > newstate && headers.get("Event") === "DeviceStateChange" && headers.get("Device") === device,
  );
  if (deviceRead < 0) fail(`no DeviceStateChange of ${device} after its ;${half} went ${state}`);
  if (parsed[deviceRead]?.get("State") !== "INUSE") fail(`${device} was not read INUSE then`);
  const rewritten = new Map<number, string>([
    [
      deviceRead,
      (packets[deviceRead] as string).replace(/\r\nState: INUSE(?=\r\n|$)/, "\r\nState: NOT_INUSE"),
    ],
  ]);
  const dropped = new Set<number>();
  if (read.member !== undefined)
    memberWindow(read, read.member, parsed, packets, newstate, fail, rewritten, dropped);
  return packets.flatMap((packet, index) => (dropped.has(index) ? [] : [rewritten.get(index) ?? packet]));
}

/** The queue member's part of the rule: the Dest state of its placing events, its status pair. */
function memberWindow(
  read: EarlyDeviceRead,
  member: { readonly queue: string; readonly interface: string },
  parsed: readonly Map<string, string>[],
  packets: readonly string[],
  newstate: number,
  fail: (what: string) => never,
  rewritten: Map<number, string>,
  dropped: Set<number>,
): void {
  const avail = `Queue:${member.queue}_avail`;
  const hungUp = parsed.findIndex(
    (headers, index) =>
      index > newstate && headers.get("Event") === "Hangup" && headers.get("Channel") === `${read.call};1`,
  );
  if (hungUp < 0) fail("its ;1 never hung up");
  for (const event of ["AgentCalled", "DialBegin"]) {
    const index = parsed.findIndex(
      (headers) => headers.get("Event") === event && headers.get("DestChannel") === `${read.call};1`,
    );
    if (index < 0 || index > newstate) fail(`no ${event} before its ;1 went Ringing`);
    if (parsed[index]?.get("DestChannelStateDesc") !== "Down") fail(`its ${event} does not show ;1 Down`);
    rewritten.set(
      index,
      (packets[index] as string)
        .replace(/\r\nDestChannelState: 0(?=\r\n)/, "\r\nDestChannelState: 5")
        .replace(/\r\nDestChannelStateDesc: Down(?=\r\n)/, "\r\nDestChannelStateDesc: Ringing"),
    );
  }
  const statuses = parsed
    .map((headers, index) => ({ headers, index }))
    .filter(
      ({ headers, index }) =>
        index > newstate &&
        headers.get("Event") === "QueueMemberStatus" &&
        headers.get("Queue") === member.queue &&
        headers.get("Interface") === member.interface,
    );
  const [busy, free] = statuses;
  if (busy === undefined || busy.headers.get("Status") !== "2" || busy.index > hungUp)
    fail("no QueueMemberStatus Status 2 while it rang");
  if (free === undefined || free.headers.get("Status") !== "1" || free.index < hungUp)
    fail("no QueueMemberStatus Status 1 after it hung up");
  const followingAvail = (index: number) =>
    parsed[index + 1]?.get("Event") === "DeviceStateChange" && parsed[index + 1]?.get("Device") === avail;
  const busyIndex = (busy as { index: number }).index;
  const freeIndex = (free as { index: number }).index;
  if (followingAvail(busyIndex) !== followingAvail(freeIndex)) fail(`one ${avail} change without the other`);
  dropped.add(busyIndex);
  dropped.add(freeIndex);
  if (followingAvail(busyIndex)) {
    dropped.add(busyIndex + 1);
    dropped.add(freeIndex + 1);
  }
}
