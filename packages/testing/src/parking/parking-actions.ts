import { BridgeState as Bridge, type ParkRelease } from "../channels/bridge.ts";
import { bridgeCreate, bridgeDestroy, bridgeMember } from "../channels/bridge-events.ts";
import type { ChannelState } from "../channels/channel.ts";
import { deviceStateChange, newConnectedLine, newexten, varSet } from "../channels/channel-events.ts";
import type { LocalDialler } from "../channels/local-dial.ts";
import type { FieldList } from "../fields.ts";
import type { ActionRequest } from "../request.ts";
import type { ServerCore } from "../server-core.ts";
import { parkedCallEvent, parkedCallFields } from "./parked-call-events.ts";
import { type ParkedUser, type ParkingLot, parkingLotsOf, type RetrieverHost } from "./parking-lots.ts";

// The parking actions as res/parking/parking_manager.c answers them (manager_parking_lot_list,
// manager_parking_status, manager_park); layouts and event order as recorded in park.jsonl.

/** Parkinglots: one Parkinglot (Name, StartSpace, StopSpace, Timeout) per lot. */
export function parkinglots(request: ActionRequest, server: ServerCore): void {
  const items = [...parkingLotsOf(server).values()].map(
    (lot): FieldList => [
      ["Event", "Parkinglot"],
      ["Name", lot.name],
      ["StartSpace", String(lot.startSpace)],
      ["StopSpace", String(lot.stopSpace)],
      ["Timeout", String(lot.timeout)],
    ],
  );
  request.list(items, { message: "Parking lots will follow", complete: "ParkinglotsComplete" });
}

/**
 * ParkedCalls: a ParkedCall (the parked-call block, ActionID last) per parked call of every lot, or of the
 * `ParkingLot` named (`Requested parking lot could not be found.` if there is none such);
 * ParkedCallsComplete adds `Total`.
 */
export function parkedCalls(request: ActionRequest, server: ServerCore): void {
  const lots = parkingLotsOf(server);
  const name = request.nonEmpty("ParkingLot");
  const selected =
    name === undefined ? [...lots.values()] : [lots.get(name)].filter((lot) => lot !== undefined);
  if (name !== undefined && selected.length === 0) {
    request.error("Requested parking lot could not be found.");
    return;
  }
  request.respondFields([
    ["Response", "Success"],
    ["EventList", "start"],
    ["Message", "Parked calls will follow"],
  ]);
  const id = request.actionId;
  const idField: FieldList = id === undefined ? [] : [["ActionID", id]];
  const now = server.channels.now();
  let total = 0;
  for (const lot of selected) {
    for (const user of lot.users) {
      total++;
      request.session.sendFields([
        ["Event", "ParkedCall"],
        ...parkedCallFields(lot, user, server.options.channelvars, now),
        ...idField,
      ]);
    }
  }
  request.session.sendFields([
    ["Event", "ParkedCallsComplete"],
    ...idField,
    ["EventList", "Complete"],
    ["ListItems", String(total)],
    ["Total", String(total)],
  ]);
}

/**
 * Park: `Channel not specified`, `Invalid Timeout value.`, `Channel does not exist: <name>`, then the
 * channel goes to the lot's first free space (`Parkinglot`, default `default`) for `Timeout` ms (the lot's
 * `parkingtime` when absent or 0). The fake parks the answered peer of a `Dial(Local/…)` bridge; any
 * other channel (or a full or unknown lot) gets `Park action failed` (with the newline Asterisk sends).
 */
export function park(request: ActionRequest, server: ServerCore): void {
  const name = request.nonEmpty("Channel");
  if (name === undefined) {
    request.error("Channel not specified");
    return;
  }
  const timeoutText = request.nonEmpty("Timeout");
  let timeout: number | undefined;
  if (timeoutText !== undefined) {
    const parsed = /^\s*[+-]?\d+/.exec(timeoutText);
    if (parsed === null) {
      request.error("Invalid Timeout value.");
      return;
    }
    const ms = Number.parseInt(parsed[0], 10);
    // parking_manager.c: a positive value is milliseconds, at least one second.
    if (ms > 0) timeout = Math.max(1, Math.floor(ms / 1000));
  }
  const found = server.channels.find(name);
  if (found === undefined) {
    request.error(`Channel does not exist: ${name}`);
    return;
  }
  const parkee = found.channel;
  const lot = parkingLotsOf(server).get(request.nonEmpty("Parkinglot") ?? "default");
  const space = lot?.freeSpace();
  const from = parkee.bridgeId === "" ? undefined : server.channels.findBridge(parkee.bridgeId);
  const release = lot === undefined || space === undefined ? undefined : from?.park?.(parkee);
  if (lot === undefined || space === undefined || release === undefined) {
    request.error("Park action failed\n");
    return;
  }
  request.success("Park successful\n");
  const timeoutChannel = request.nonEmpty("TimeoutChannel") ?? request.nonEmpty("Channel2");
  parkCall(server, lot, space, parkee, release, timeoutChannel, timeout ?? lot.timeout);
}

/** The parking flow of park.jsonl, from the parkee's BLINDTRANSFER to its ParkedCall. */
function parkCall(
  server: ServerCore,
  lot: ParkingLot,
  space: number,
  parkee: ChannelState,
  release: ParkRelease,
  timeoutChannel: string | undefined,
  timeout: number,
): void {
  const vars = server.options.channelvars;
  const emit = (fields: FieldList) => server.emitFields(fields);
  const setVar = (name: string, value: string) => {
    parkee.variables.set(name, value);
    emit(varSet(parkee, vars, name, value));
  };
  // Without TimeoutChannel the parker is the parkee itself (manager_park passes chan as the parker).
  const parker = timeoutChannel ?? parkee.name;
  if (timeoutChannel !== undefined) setVar("BLINDTRANSFER", timeoutChannel);
  let bridge = lot.bridge;
  if (bridge === undefined) {
    bridge = new Bridge(globalThis.crypto.randomUUID(), {
      type: "parking",
      technology: "holding_bridge",
      creator: "Parking",
      name: lot.name,
    });
    lot.bridge = bridge;
    server.channels.addBridge(bridge);
    emit(bridgeCreate(bridge));
  }
  if (timeoutChannel !== undefined) setVar("BLINDTRANSFER", timeoutChannel);
  release.leaveParkee();
  const user: ParkedUser = {
    parkee,
    space,
    parkerDialString: parker.replace(/-[0-9a-f]{8}(;\d)?$/, ""),
    parkedAt: server.channels.now(),
    timeout,
    retrieve: (retriever, host) => retrieve(retriever, host),
  };
  lot.users.push(user);
  emit(deviceStateChange(lot.device(space), "INUSE"));
  const holding = bridge;
  holding.members.push(parkee);
  parkee.bridgeId = holding.uniqueid;
  emit(bridgeMember("BridgeEnter", holding, parkee, vars));
  if (timeoutChannel !== undefined) setVar("BLINDTRANSFER", "");
  setVar("BRIDGEPEER", "");
  emit(parkedCallEvent("ParkedCall", lot, user, vars, server.channels.now()));
  release.release();

  let done = false;
  const unpark = () => {
    done = true;
    lot.users.splice(lot.users.indexOf(user), 1);
    emit(deviceStateChange(lot.device(space), "NOT_INUSE"));
    const index = holding.members.indexOf(parkee);
    if (index >= 0) holding.members.splice(index, 1);
    parkee.bridgeId = "";
    emit(bridgeMember("BridgeLeave", holding, parkee, vars));
  };
  // The parked call's ;2 hangs up (its dialplan ends): ParkedCallGiveUp, then the parkee leaves.
  const parking: LocalDialler = {
    caller: parkee,
    peerAnswered() {},
    peerHungUp() {
      if (done) return;
      emit(parkedCallEvent("ParkedCallGiveUp", lot, user, vars, server.channels.now()));
      unpark();
    },
    // Both halves are gone: the Local device goes NOT_INUSE once per half (park.jsonl).
    peerGone(device) {
      emit(deviceStateChange(device, "NOT_INUSE"));
      emit(deviceStateChange(device, "NOT_INUSE"));
    },
    adopt() {},
  };
  release.call.handOver(parking);

  /**
   * ParkedCall() (park.jsonl): a basic bridge, the space's device NOT_INUSE, UnParkedCall, the parkee moves
   * from the lot into the bridge, the retriever enters; BRIDGEPEER and connected lines are exchanged. When
   * the retriever hangs up, the parkee is left alone: it leaves, the bridge goes and its call hangs up.
   */
  const retrieve = async (retriever: ChannelState, host: RetrieverHost): Promise<void> => {
    const bridge = new Bridge(globalThis.crypto.randomUUID());
    server.channels.addBridge(bridge);
    emit(bridgeCreate(bridge));
    const now = server.channels.now();
    const unparked = parkedCallEvent(
      "UnParkedCall",
      lot,
      user,
      vars,
      now,
      retriever.snapshot(vars, "Retriever"),
    );
    done = true;
    lot.users.splice(lot.users.indexOf(user), 1);
    emit(deviceStateChange(lot.device(space), "NOT_INUSE"));
    emit(unparked);
    const enter = (channel: ChannelState) => {
      bridge.members.push(channel);
      channel.bridgeId = bridge.uniqueid;
      emit(bridgeMember("BridgeEnter", bridge, channel, vars));
    };
    const leave = (channel: ChannelState) => {
      const index = bridge.members.indexOf(channel);
      if (index < 0) return;
      bridge.members.splice(index, 1);
      channel.bridgeId = "";
      emit(bridgeMember("BridgeLeave", bridge, channel, vars));
    };
    holding.members.splice(holding.members.indexOf(parkee), 1);
    parkee.bridgeId = "";
    emit(bridgeMember("BridgeLeave", holding, parkee, vars));
    enter(parkee);
    enter(retriever);
    const setOn = (channel: ChannelState, name: string, value: string) => {
      channel.variables.set(name, value);
      emit(varSet(channel, vars, name, value));
    };
    setOn(parkee, "BRIDGEPEER", retriever.name);
    setOn(retriever, "BRIDGEPEER", parkee.name);
    const parkeeId = { number: parkee.callerIdNum, name: parkee.callerIdName };
    const retrieverId = { number: retriever.callerIdNum, name: retriever.callerIdName };
    parkee.connectedLineNum = retrieverId.number;
    parkee.connectedLineName = retrieverId.name;
    emit(newConnectedLine(parkee, vars));
    const parkeePartner = server.channels.find(parkee.name.replace(/;1$/, ";2"))?.channel;
    if (parkeePartner !== undefined && parkeePartner !== parkee) parkeePartner.pendingCallerId = retrieverId;
    retriever.connectedLineNum = parkeeId.number;
    retriever.connectedLineName = parkeeId.name;
    emit(newConnectedLine(retriever, vars));
    host.partner.pendingCallerId = parkeeId;

    let broken!: () => void;
    const bridgeBroken = new Promise<void>((resolve) => {
      broken = resolve;
    });
    let over = false;
    const breakUp = (gone: ChannelState, stays: ChannelState) => {
      if (over) return;
      over = true;
      host.setLeaveHook(undefined);
      setOn(stays, "BRIDGEPEER", "");
      setOn(gone, "BRIDGEPEER", "");
      leave(gone);
      leave(stays);
      server.channels.removeBridge(bridge);
      emit(bridgeDestroy(bridge));
    };
    // The retriever hangs up: it leaves; then, alone, the parkee leaves, the bridge goes and its call ends.
    host.setLeaveHook(() => {
      if (over) return;
      over = true;
      setOn(retriever, "BRIDGEPEER", "");
      setOn(parkee, "BRIDGEPEER", "");
      leave(retriever);
      void Promise.resolve().then(() => {
        leave(parkee);
        server.channels.removeBridge(bridge);
        emit(bridgeDestroy(bridge));
        release.call.dropFromBridge();
      });
      broken();
    });
    // The parkee's own call ends first (UNVERIFIED: not recorded): the retriever's dialplan goes on.
    release.call.handOver({
      caller: parkee,
      peerAnswered() {},
      peerHungUp() {
        breakUp(parkee, retriever);
        broken();
      },
      peerGone: parking.peerGone,
      adopt() {},
    });
    await Promise.race([bridgeBroken, host.ended]);
  };
  // Timed out: the comeback variables, the parkee leaves and runs `s@<comebackcontext>` (comebacktoorigin=no).
  void server.channels.sleep(timeout).then(() => {
    if (done || server.channels.find(parkee.name) === undefined) return;
    setVar("PARKING_SPACE", String(space));
    setVar("PARKEDLOT", lot.name);
    setVar("PARKER", user.parkerDialString);
    setVar("PARKER_FLAT", user.parkerDialString.replaceAll("/", "_"));
    setVar("BRIDGE_FEATURES", "");
    unpark();
    parkee.context = lot.comebackContext;
    parkee.exten = "s";
    parkee.priority = 1;
    emit(newexten(parkee, vars));
    emit(parkedCallEvent("ParkedCallTimeOut", lot, user, vars, server.channels.now()));
    void release.call.transferOne(lot.comebackContext, "s");
  });
}

/**
 * @internal `ParkedCall(lot,space)` on `retriever` (the lot `default` and its first parked call when not
 * given): answers the channel, then bridges it with the parked call until one side hangs up. With no such
 * call it returns at once (Asterisk plays `pbx-invalidpark` and hangs up; UNVERIFIED: not recorded).
 */
export async function parkedCallApp(
  server: ServerCore,
  retriever: ChannelState,
  data: string,
  host: RetrieverHost,
): Promise<void> {
  const [lotName = "", spaceText = ""] = data.split(",").map((part) => part.trim());
  const lot = parkingLotsOf(server).get(lotName === "" ? "default" : lotName);
  const user = spaceText === "" ? lot?.users[0] : lot?.users.find((each) => String(each.space) === spaceText);
  if (user === undefined) return;
  await user.retrieve(retriever, host);
}
