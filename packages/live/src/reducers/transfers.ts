/** `BlindTransfer` and `AttendedTransfer` are recorded on the transferer's call (its `Linkedid`). */
import type { AmiEvent } from "@amikit/client";
import type { LiveTransfer } from "../model/call.ts";
import type { LiveState } from "../model/state.ts";
import { addTransfer } from "./calls.ts";
import { flag, optional, text } from "./fields.ts";

/** Applies `BlindTransfer` or `AttendedTransfer`. */
export function reduceTransfer(state: LiveState, event: AmiEvent, at: number): LiveState {
  const blind = text(event, "Event") === "BlindTransfer";
  const prefix = blind ? "Transferer" : "OrigTransferer";
  const linkedid =
    optional(event, `${prefix}Linkedid`) ??
    optional(event, "TransfereeLinkedid") ??
    state.channels.get(text(event, `${prefix}Uniqueid`))?.linkedid;
  if (linkedid === undefined) return state;
  const extension = text(event, "Extension");
  const transfer: LiveTransfer = {
    kind: blind ? "blind" : "attended",
    at,
    result: text(event, "Result"),
    isExternal: flag(event, "IsExternal"),
    transferer: optional(event, `${prefix}Uniqueid`),
    transferee: optional(event, "TransfereeUniqueid"),
    target: blind
      ? extension === ""
        ? undefined
        : `${extension}@${text(event, "Context")}`
      : optional(event, "TransferTargetUniqueid"),
    destinationType: blind ? undefined : optional(event, "DestType"),
  };
  return addTransfer(state, linkedid, transfer);
}
