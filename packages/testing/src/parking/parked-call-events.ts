import type { FieldList } from "../fields.ts";
import type { ParkedUser, ParkingLot } from "./parking-lots.ts";

/** @internal The parked-call events res/parking publishes (parking_manager.c `parked_call_message_response`). */
export type ParkedCallEvent = "ParkedCall" | "ParkedCallTimeOut" | "ParkedCallGiveUp" | "UnParkedCall";

/**
 * @internal The parked-call block (res/parking/parking_manager.c `manager_build_parked_call_string`): the
 * parkee's snapshot prefixed `Parkee`, the retriever's prefixed `Retriever` when there is one, then
 * ParkerDialString, Parkinglot, ParkingSpace, ParkingTimeout (seconds left) and ParkingDuration (seconds
 * parked). The documented `Parker*` snapshot is never sent (park.jsonl).
 */
export function parkedCallFields(
  lot: ParkingLot,
  user: ParkedUser,
  vars: readonly string[],
  now: number,
  retriever?: FieldList,
): FieldList {
  const duration = Math.floor((now - user.parkedAt) / 1000);
  return [
    ...user.parkee.snapshot(vars, "Parkee"),
    ...(retriever ?? []),
    ["ParkerDialString", user.parkerDialString],
    ["Parkinglot", lot.name],
    ["ParkingSpace", String(user.space)],
    ["ParkingTimeout", String(Math.max(0, user.timeout - duration))],
    ["ParkingDuration", String(duration)],
  ];
}

/** @internal A parked-call event as broadcast (`Privilege: call,all`). */
export function parkedCallEvent(
  event: ParkedCallEvent,
  lot: ParkingLot,
  user: ParkedUser,
  vars: readonly string[],
  now: number,
  retriever?: FieldList,
): FieldList {
  return [["Event", event], ["Privilege", "call,all"], ...parkedCallFields(lot, user, vars, now, retriever)];
}
