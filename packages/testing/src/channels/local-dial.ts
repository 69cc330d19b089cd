import type { FieldList } from "../fields.ts";
import type { ServerCore } from "../server-core.ts";
import { startAttendedTransfer } from "../transfers/attended-transfer.ts";
import { BridgeState } from "./bridge.ts";
import { bridgeDestroy, bridgeMember } from "./bridge-events.ts";
import type { ChannelState } from "./channel.ts";
import {
  deviceStateChange,
  dialBegin,
  dialEnd,
  localBridge,
  newCallerid,
  newConnectedLine,
  newexten,
  unholdEvent,
  varSet,
} from "./channel-events.ts";
import { LocalCall } from "./local-call.ts";
import { dialledLocal, parseLocal } from "./originate-response.ts";

/** @internal The channel running `Dial(Local/…)`, as the dialled Local call reports to it. */
export interface LocalDialler {
  readonly caller: ChannelState;
  /** The dialled call answered (its two Newstate are out): answer the caller, bridge the two. */
  peerAnswered(peerOne: ChannelState, peerTwo: ChannelState): void;
  /** The dialled call's ;2 hung up: its ;1 leaves the bridge (its Hangup follows). */
  peerHungUp(peerOne: ChannelState): void;
  /** The dialled call is gone: the caller leaves, the bridge is destroyed, Dial returns. */
  peerGone(device: string): void;
  /** A Local call optimised away hands its peer over: from now on `peerCall` is this Dial's peer. */
  adopt(peerCall: LocalCall): void;
  /** The dialled call's first events after its two Newchannel, instead of a Dial's (an attended transfer). */
  introduce?(one: ChannelState, two: ChannelState): FieldList[];
  /** The dialled call's ;2 ran Ringing(): its ;1 has gone Ringing (Queue() sends DialState; Dial ignores it). */
  peerRinging?(peerOne: ChannelState): void;
  /** Whether `peerAnswered` itself puts ;1 up (its Newstate), rather than the answering call. */
  readonly answersOne?: boolean;
  /**
   * Whether the dialled ;2 runs its dialplan only once the dialler has finished placing its calls (Queue():
   * app_queue's ast_call returns before the ;2 thread core_local.c started gets to its first priority), so
   * that a call cancelled in the same instant has not run it yet.
   */
  readonly dialplanStartsLater?: boolean;
}

/** @internal A Dial whose caller and peer are bridged: what optimising its caller's Local call away needs. */
export interface BridgedDial {
  readonly bridge: BridgeState;
  /** The peer's ;1 (in `bridge` with the caller). */
  readonly peerOne: ChannelState;
  readonly peerCall: LocalCall;
  /** When Dial started and when the peer answered (ms since the epoch). */
  readonly dialledAt: number;
  readonly answeredAt: number;
}

/** @internal What `Dial()` needs from the call whose channel runs it. */
export interface DialHost {
  readonly server: ServerCore;
  readonly vars: readonly string[];
  /** Resolves when the calling call ends. */
  readonly ended: Promise<void>;
  isEnded(): boolean;
  /** The dialled call while it lasts (so that ending the caller's call ends it too). */
  setPeer(peer: LocalCall | undefined): void;
  /** The peer answered: the caller goes up and `bridge` is created (completing an Originate). */
  answerBy(caller: ChannelState, bridge: BridgeState): void;
  /** The peer's ;1 is in the bridge: a dialled call tells its own dialler it answered. */
  propagateAnswer(): void;
  /** Caller and peer are bridged (a dialled Local call may now be optimised away). */
  bridged(dial: BridgedDial): void;
  /** A device whose DeviceStateChange comes when the calling call ends. */
  deferDevice(device: string): void;
}

/** The variables app_dial.c clears on the caller when Dial starts, in the order recorded. */
const CLEARED_ON_START = [
  "DIALSTATUS",
  "DIALEDPEERNUMBER",
  "DIALEDPEERNAME",
  "ANSWEREDTIME",
  "ANSWEREDTIME_MS",
  "DIALEDTIME",
  "DIALEDTIME_MS",
  "RINGTIME",
  "RINGTIME_MS",
  "PROGRESSTIME",
  "PROGRESSTIME_MS",
];

/**
 * @internal `Dial(Local/exten@context[,timeout[,options]])` on `caller`: a Local call runs the target's
 * dialplan; when its ;2 answers, the caller and the peer's ;1 are bridged (a basic two-party bridge) until
 * one side hangs up. Event for event as bridge-two-party.jsonl; resolves when Dial returns. Not modelled:
 * other technologies, several targets (`&`), the timeout and the options — such a Dial sets
 * `DIALSTATUS=CHANUNAVAIL` and returns at once.
 */
export async function dialLocal(host: DialHost, caller: ChannelState, data: string): Promise<void> {
  const { server, vars } = host;
  const emit = (fields: FieldList) => server.emitFields(fields);
  const setVar = (channel: ChannelState, name: string, value: string) => {
    channel.variables.set(name, value);
    emit(varSet(channel, vars, name, value));
  };
  for (const name of CLEARED_ON_START) setVar(caller, name, "");
  const [target = ""] = data.split(",");
  const local = target.includes("&") ? undefined : parseLocal(target);
  const dialledAt = Date.now();
  let answeredAt: number | undefined;
  let bridge: BridgeState | undefined;
  let returned!: () => void;
  const gone = new Promise<void>((resolve) => {
    returned = resolve;
  });
  const dialler: LocalDialler = {
    caller,
    peerAnswered(peerOne, peerTwo) {
      answeredAt = Date.now();
      // The peer's ;1 ran AppDial on the caller's extension; once answered its extension is cleared.
      peerOne.exten = "";
      setVar(caller, "DIALSTATUS", "ANSWER");
      // One DeviceStateChange per channel gone up; a peer that dials on has announced its ;2 already.
      for (const channel of [peerTwo, peerOne].filter((half) => !half.inUseAnnounced)) {
        channel.inUseAnnounced = true;
        emit(deviceStateChange(channel.device, "INUSE"));
      }
      setVar(caller, "DIALEDPEERNAME", peerOne.name);
      setVar(caller, "DIALEDPEERNUMBER", target.slice("Local/".length));
      emit(dialEnd(peerOne, vars, "ANSWER", caller));
      const created = new BridgeState(globalThis.crypto.randomUUID());
      bridge = created;
      host.answerBy(caller, created);
      emit(newexten(peerOne, vars));
      const enter = (channel: ChannelState) => {
        created.members.push(channel);
        channel.bridgeId = created.uniqueid;
        emit(bridgeMember("BridgeEnter", created, channel, vars));
      };
      enter(peerOne);
      // A caller that was itself dialled answers its own dialler now, before it enters (local-optimization).
      host.propagateAnswer();
      enter(caller);
      setVar(peerOne, "BRIDGEPEER", caller.name);
      setVar(caller, "BRIDGEPEER", peerOne.name);
      created.blindTransfer = (transferer, context, exten) => {
        if (transferer !== caller || peer === undefined) return false;
        transfer(peerOne, peer, context, exten);
        return true;
      };
      created.attendedTransfer = (transferer, context, exten) => {
        if (transferer !== caller || peer === undefined) return false;
        created.blindTransfer = undefined;
        created.attendedTransfer = undefined;
        void startAttendedTransfer(
          {
            server,
            vars,
            transferer: caller,
            transfereeOne: peerOne,
            transfereeTwo: peerTwo,
            transfereeCall: peer,
            bridge: created,
            leave,
            dialReturns: () => {
              // The transferee stays in the bridge: it is no longer this Dial's.
              bridge = undefined;
              host.setPeer(undefined);
              returned();
            },
          },
          context,
          exten,
        );
        return true;
      };
      // The Park action on the peer's ;1 (park.jsonl): parking takes the peer's call over; once it is
      // parked the caller leaves the emptied bridge and Dial returns, as after a blind transfer.
      created.park = (parkee) => {
        if (parkee !== peerOne || peer === undefined) return undefined;
        const parkedCall = peer;
        created.blindTransfer = undefined;
        created.attendedTransfer = undefined;
        created.park = undefined;
        return {
          call: parkedCall,
          leaveParkee: () => leave(peerOne),
          release: () => {
            setVar(caller, "BRIDGEPEER", "");
            leave(caller);
            server.channels.removeBridge(created);
            transferred = true;
            host.setPeer(undefined);
            returned();
          },
        };
      };
      if (peer !== undefined) {
        host.bridged({
          bridge: created,
          peerOne,
          peerCall: peer,
          dialledAt,
          answeredAt: answeredAt ?? dialledAt,
        });
      }
    },
    peerHungUp(peerOne) {
      setVar(peerOne, "BRIDGEPEER", "");
      setVar(caller, "BRIDGEPEER", "");
      leave(peerOne);
    },
    peerGone(device) {
      leave(caller);
      if (bridge !== undefined) {
        server.channels.removeBridge(bridge);
        emit(bridgeDestroy(bridge));
      }
      host.deferDevice(device);
      host.setPeer(undefined);
      returned();
    },
    adopt(peerCall) {
      if (bridge !== undefined) bridge.blindTransfer = undefined;
      host.setPeer(peerCall);
    },
  };
  /**
   * The caller blind-transfers the peer's ;1 to `exten@context` (blind-transfer.jsonl): Unhold on the
   * caller, BLINDTRANSFER on both, the caller's BRIDGEPEER cleared, BlindTransfer, the peer's BRIDGEPEER
   * cleared, the peer's Newexten in its new place, both leave the bridge, and Dial returns; the peer runs
   * the new dialplan on its own. BridgeDestroy follows the caller's soft hangup.
   */
  const transfer = (peerOne: ChannelState, peerCall: LocalCall, context: string, exten: string) => {
    const created = bridge as BridgeState;
    created.blindTransfer = undefined;
    emit(unholdEvent(caller, vars));
    setVar(peerOne, "BLINDTRANSFER", caller.name);
    setVar(caller, "BLINDTRANSFER", peerOne.name);
    setVar(caller, "BRIDGEPEER", "");
    emit(blindTransferEvent(caller, peerOne, created, vars, context, exten));
    setVar(peerOne, "BRIDGEPEER", "");
    peerOne.context = context;
    peerOne.exten = exten;
    peerOne.priority = 1;
    emit(newexten(peerOne, vars));
    leave(peerOne);
    leave(caller);
    server.channels.removeBridge(created);
    transferred = true;
    host.setPeer(undefined);
    void peerCall.transferOne(context, exten);
    returned();
  };
  let transferred = false;
  const leave = (channel: ChannelState) => {
    const index = bridge?.members.indexOf(channel) ?? -1;
    if (bridge === undefined || index < 0) return;
    bridge.members.splice(index, 1);
    channel.bridgeId = "";
    emit(bridgeMember("BridgeLeave", bridge, channel, vars));
  };
  const peer = local === undefined ? undefined : new LocalCall(server, dialledLocal(target), local, dialler);
  if (peer === undefined || !peer.routable) {
    setVar(caller, "DIALSTATUS", "CHANUNAVAIL");
    return;
  }
  host.setPeer(peer);
  void peer.start();
  await Promise.race([gone, host.ended]);
  if (host.isEnded()) return;
  const now = Date.now();
  const talked = now - (answeredAt ?? now);
  setVar(caller, "ANSWEREDTIME", String(Math.floor(talked / 1000)));
  setVar(caller, "ANSWEREDTIME_MS", String(talked));
  setVar(caller, "DIALEDTIME", String(Math.floor((now - dialledAt) / 1000)));
  setVar(caller, "DIALEDTIME_MS", String(now - dialledAt));
  setVar(caller, "DIALSTATUS", answeredAt === undefined ? "NOANSWER" : "ANSWER");
  // After a blind transfer the emptied bridge goes once Dial has returned (recorded just after the
  // caller's SoftHangupRequest).
  if (transferred && bridge !== undefined) emit(bridgeDestroy(bridge));
}

/**
 * `BlindTransfer` (main/stasis_bridges.c `blind_transfer_to_ami`, as recorded in blind-transfer.jsonl):
 * Result, the transferer's and the transferee's snapshots (prefixed), the bridge, IsExternal, where to.
 */
function blindTransferEvent(
  transferer: ChannelState,
  transferee: ChannelState,
  bridge: BridgeState,
  vars: readonly string[],
  context: string,
  exten: string,
): FieldList {
  return [
    ["Event", "BlindTransfer"],
    ["Privilege", "call,all"],
    ["Result", "Success"],
    ...transferer.snapshot(vars, "Transferer"),
    ...transferee.snapshot(vars, "Transferee"),
    ...bridge.snapshot(),
    ["IsExternal", "Yes"],
    ["Context", context],
    ["Extension", exten],
  ];
}

/**
 * @internal The first events of a Local call made by `Dial(Local/exten@context)` from `caller`, after its
 * two Newchannel (bridge-two-party.jsonl): ;1 takes the caller's extension as its caller ID number and the
 * caller's ID as connected line, and runs AppDial in the caller's extension; ;2 takes the caller's ID, with
 * that extension as connected-line number; then LocalBridge and DialBegin (caller, then `Dest` ;1).
 * `dialString` is what Dial was given after `Local/` (`talk@test`, `tone@test/n`).
 */
export function dialledIntroduction(
  one: ChannelState,
  two: ChannelState,
  caller: ChannelState,
  dialString: string,
  vars: readonly string[],
): FieldList[] {
  const events: FieldList[] = [];
  one.variables.set("DIALEDPEERNUMBER", dialString);
  events.push(varSet(one, vars, "DIALEDPEERNUMBER", dialString));
  one.exten = caller.exten;
  one.callerIdNum = caller.exten;
  one.callerIdName = caller.callerIdName;
  one.connectedLineNum = caller.callerIdNum;
  one.connectedLineName = caller.callerIdName;
  one.application = "AppDial";
  one.applicationData = "(Outgoing Line)";
  events.push(newexten(one, vars), newCallerid(one, vars), newConnectedLine(one, vars));
  two.variables.set("DIALEDPEERNUMBER", dialString);
  events.push(varSet(two, vars, "DIALEDPEERNUMBER", dialString));
  two.callerIdNum = caller.callerIdNum;
  two.callerIdName = caller.callerIdName;
  two.connectedLineNum = caller.exten;
  two.connectedLineName = caller.callerIdName;
  events.push(newCallerid(two, vars), newConnectedLine(two, vars));
  events.push(localBridge(one, two, vars, dialString), dialBegin(one, vars, dialString, caller));
  return events;
}
