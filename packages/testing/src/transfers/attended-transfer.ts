import { BridgeState } from "../channels/bridge.ts";
import { bridgeCreate, bridgeDestroy, bridgeMember } from "../channels/bridge-events.ts";
import type { ChannelState } from "../channels/channel.ts";
import {
  deviceStateChange,
  dialEnd,
  holdEvent,
  localBridge,
  newCallerid,
  newConnectedLine,
  newstate,
  unholdEvent,
  varSet,
} from "../channels/channel-events.ts";
import { dtmfEnd } from "../channels/features.ts";
import { LocalCall } from "../channels/local-call.ts";
import type { LocalDialler } from "../channels/local-dial.ts";
import { dialledLocal } from "../channels/originate-response.ts";
import type { FieldList } from "../fields.ts";
import type { ServerCore } from "../server-core.ts";
import { attendedTransferEvent, bridgeMerge } from "./transfer-events.ts";

/** @internal The Dial bridge an attended transfer starts from, as `Dial(Local/…)` hands it over. */
export interface AttendedTransferStart {
  readonly server: ServerCore;
  readonly vars: readonly string[];
  /** The channel that ran Dial and now transfers (Atxfer's `Channel`). */
  readonly transferer: ChannelState;
  /** The dialled Local call: its ;1 is in `bridge` with the transferer. */
  readonly transfereeOne: ChannelState;
  readonly transfereeTwo: ChannelState;
  readonly transfereeCall: LocalCall;
  readonly bridge: BridgeState;
  /** Takes a channel out of `bridge` (BridgeLeave). */
  leave(channel: ChannelState): void;
  /** The transfer is done: the transferer's Dial returns; `bridge` lives on without it. */
  dialReturns(): void;
}

/** Transferers in a consultation call: hanging one up completes its transfer. */
const consultations = new WeakMap<ChannelState, () => void>();

/**
 * @internal Completes the attended transfer `channel` is consulting for, as hanging the transferer up does
 * in Asterisk (main/bridge_basic.c: the transferer hangs up → the transfer completes). False when `channel`
 * consults for none.
 */
export function completeAttendedTransfer(channel: ChannelState): boolean {
  const complete = consultations.get(channel);
  if (complete === undefined) return false;
  consultations.delete(channel);
  complete();
  return true;
}

/** Pauses of the recorded feature: `*` → 160 ms → `2` → 100 ms → Hold → 60 ms per digit of the target. */
const AFTER_STAR = 0.16;
const BEFORE_HOLD = 0.1;
const PER_DIGIT = 0.06;

/**
 * @internal An attended transfer started by Atxfer (attended-transfer.jsonl): the feature code `*2` and the
 * target's digits arrive as DTMF on the transferer (DTMFEnd, `Direction: Received`), the transferer goes on
 * hold, a Local call to `exten@context` is made, and its ;1 and the transferer meet in a second bridge.
 * Hanging the transferer up then merges the second bridge into the first: the target's ;1 joins the
 * transferee, AttendedTransfer is raised and the transferer's Dial returns. See FACTS.md.
 */
export async function startAttendedTransfer(
  start: AttendedTransferStart,
  context: string,
  exten: string,
): Promise<void> {
  const { server, vars, transferer } = start;
  const emit = (fields: FieldList) => server.emitFields(fields);
  const sleep = (seconds: number) => server.channels.sleep(seconds);
  const alive = () => server.channels.find(transferer.name)?.channel === transferer;
  const digit = (value: string) => emit(dtmfEnd(transferer, vars, value, 0, "Received"));
  digit("*");
  await sleep(AFTER_STAR);
  if (!alive()) return;
  digit("2");
  await sleep(BEFORE_HOLD);
  if (!alive()) return;
  transferer.onHold = true;
  emit(holdEvent(transferer, vars, ""));
  for (const each of exten) {
    await sleep(PER_DIGIT);
    if (!alive()) return;
    digit(each);
  }
  const target = new LocalCall(
    server,
    dialledLocal(`Local/${exten}@${context}`),
    { exten, context },
    consultationLeg(start, () => target),
  );
  if (!target.routable) {
    // No such extension: the transferer is taken off hold and stays with the transferee (UNVERIFIED).
    transferer.onHold = false;
    emit(unholdEvent(transferer, vars));
    return;
  }
  void target.start();
}

/**
 * The dialler side of the consultation call: how its first events look, how its answer bridges it with the
 * transferer, and what its hang-up does once the transfer is complete.
 */
function consultationLeg(start: AttendedTransferStart, targetCall: () => LocalCall): LocalDialler {
  const { server, vars, transferer, transfereeOne, transfereeTwo, transfereeCall } = start;
  const original = start.bridge;
  const emit = (fields: FieldList) => server.emitFields(fields);
  const setVar = (channel: ChannelState, name: string, value: string) => {
    channel.variables.set(name, value);
    emit(varSet(channel, vars, name, value));
  };
  const second = new BridgeState(globalThis.crypto.randomUUID());
  const enter = (bridge: BridgeState, channel: ChannelState) => {
    bridge.members.push(channel);
    channel.bridgeId = bridge.uniqueid;
    emit(bridgeMember("BridgeEnter", bridge, channel, vars));
  };
  const leave = (bridge: BridgeState, channel: ChannelState) => {
    const index = bridge.members.indexOf(channel);
    if (index < 0) return;
    bridge.members.splice(index, 1);
    channel.bridgeId = "";
    emit(bridgeMember("BridgeLeave", bridge, channel, vars));
  };
  let targetOne: ChannelState | undefined;
  let targetTwo: ChannelState | undefined;
  let completed = false;

  /** One party of the merged bridge hung up: the other's call is dropped and the bridge goes. */
  const partyGone = (stayingOne: ChannelState, stayingCall: LocalCall, device: string) => {
    leave(original, stayingOne);
    server.channels.removeBridge(original);
    emit(bridgeDestroy(original));
    stayingCall.dropFromBridge();
    emit(deviceStateChange(device, "NOT_INUSE"));
    emit(deviceStateChange(device, "NOT_INUSE"));
  };
  /** A party's ;2 hung up: its ;1 leaves the merged bridge (BRIDGEPEER of both cleared first). */
  const partyHungUp = (one: ChannelState, other: ChannelState) => {
    setVar(one, "BRIDGEPEER", "");
    setVar(other, "BRIDGEPEER", "");
    leave(original, one);
  };

  const complete = () => {
    const one = targetOne as ChannelState;
    const two = targetTwo as ChannelState;
    completed = true;
    setVar(transferer, "BRIDGEPEER", "");
    emit(bridgeMerge(original, second));
    leave(second, one);
    enter(original, one);
    setVar(transfereeOne, "BRIDGEPEER", one.name);
    setVar(one, "BRIDGEPEER", transfereeOne.name);
    emit(
      attendedTransferEvent(
        {
          transferer,
          originalBridge: original,
          secondBridge: second,
          transferee: transfereeOne,
          target: one,
        },
        vars,
      ),
    );
    // Each side now sees the other as its connected line; their ;2 halves take it as caller ID later.
    one.connectedLineNum = transfereeOne.callerIdNum;
    one.connectedLineName = transfereeOne.callerIdName;
    emit(newConnectedLine(one, vars));
    two.pendingCallerId = { number: transfereeOne.callerIdNum, name: transfereeOne.callerIdName };
    transfereeOne.connectedLineNum = one.callerIdNum;
    transfereeOne.connectedLineName = one.callerIdName;
    emit(newConnectedLine(transfereeOne, vars));
    transfereeTwo.pendingCallerId = { number: one.callerIdNum, name: one.callerIdName };
    leave(second, transferer);
    server.channels.removeBridge(second);
    emit(bridgeDestroy(second));
    transfereeCall.handOver({
      caller: one,
      peerAnswered() {},
      peerHungUp: (peerOne) => partyHungUp(peerOne, one),
      peerGone: (device) => partyGone(one, targetCall(), device),
      adopt() {},
    });
    start.dialReturns();
  };

  return {
    caller: transferer,
    answersOne: true,
    introduce(one, two) {
      targetOne = one;
      targetTwo = two;
      const events: FieldList[] = [];
      const set = (channel: ChannelState, name: string, value: string) => {
        channel.variables.set(name, value);
        events.push(varSet(channel, vars, name, value));
      };
      set(one, "TRANSFERERNAME", transferer.name);
      set(one, "ATTENDEDTRANSFER", transferer.name);
      server.channels.addBridge(second);
      events.push(bridgeCreate(second));
      set(two, "ATTENDEDTRANSFER", transferer.name);
      set(two, "TRANSFERERNAME", transferer.name);
      two.callerIdNum = transferer.callerIdNum;
      two.callerIdName = transferer.callerIdName;
      events.push(newCallerid(two, vars), localBridge(one, two, vars));
      return events;
    },
    peerAnswered(one, two) {
      one.connectedLineNum = transferer.callerIdNum;
      one.connectedLineName = transferer.callerIdName;
      emit(newConnectedLine(one, vars));
      enter(second, one);
      setVar(one, "ATTENDEDTRANSFER", "");
      for (const channel of [two, one]) channel.inUseAnnounced = true;
      emit(deviceStateChange(one.device, "INUSE"));
      start.leave(transferer);
      one.state = 6;
      emit(newstate(one, vars));
      emit(dialEnd(one, vars, "ANSWER"));
      enter(second, transferer);
      setVar(one, "BRIDGEPEER", transferer.name);
      emit(deviceStateChange(one.device, "INUSE"));
      setVar(transferer, "BRIDGEPEER", one.name);
      setVar(one, "BRIDGEPEER", transferer.name);
      setVar(transferer, "BRIDGEPEER", one.name);
      // The transferer now talks to the target: its connected line, and later its partner's caller ID.
      transferer.connectedLineNum = one.callerIdNum;
      transferer.connectedLineName = one.callerIdName;
      emit(newConnectedLine(transferer, vars));
      const partner = server.channels.find(transferer.name.replace(/;2$/, ";1"))?.channel;
      if (partner !== undefined && partner !== transferer) {
        partner.pendingCallerId = { number: transferer.connectedLineNum, name: transferer.connectedLineName };
      }
      consultations.set(transferer, complete);
    },
    peerHungUp(one) {
      if (completed) partyHungUp(one, transfereeOne);
      else leave(second, one); // the target hung up during the consultation: not recorded (UNVERIFIED)
    },
    peerGone(device) {
      if (completed) partyGone(transfereeOne, transfereeCall, device);
      else {
        consultations.delete(transferer);
        emit(deviceStateChange(device, "NOT_INUSE"));
        emit(deviceStateChange(device, "NOT_INUSE"));
      }
    },
    adopt() {},
  };
}
