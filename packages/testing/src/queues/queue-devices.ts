import { deviceStateChange } from "../channels/channel-events.ts";
import type { FieldList } from "../fields.ts";
import { memberEvent } from "./queue-events.ts";
import {
  isAvailable,
  memberDeviceKey,
  type QueueMemberState,
  type QueueRegistry,
  type QueueState,
} from "./queue-state.ts";

// A member's Status follows its device, in every queue it is in (apps/app_queue.c `device_state_cb`).

/**
 * Publishes `Queue:<queue>_avail` when it changes: NOT_INUSE while some member is available and not in a
 * call, else INUSE (app_queue.c `device_state_cb`; a cached device state reaches AMI only when it changes).
 */
export function updateAvailDevice(queue: QueueState, emit: (fields: FieldList) => void): void {
  const avail = queue.members.some((member) => isAvailable(member) && !member.inCall) ? "NOT_INUSE" : "INUSE";
  if (avail === queue.avail) return;
  queue.avail = avail;
  emit(deviceStateChange(`Queue:${queue.name}_avail`, avail));
}

/**
 * A member device changed state (app_queue.c `device_state_cb` → `update_status`): the state is kept for
 * members added later (`create_queue_member` reads the device), and in every queue, in configuration
 * order, the first member on that device takes it — QueueMemberStatus there and that queue's `_avail`
 * device when its Status changed (the fake sends none for a state it already had). `except` is left to its caller (the member whose own event differs).
 */
export function memberDeviceChanged(
  registry: QueueRegistry,
  stateInterface: string,
  status: number,
  emit: (fields: FieldList) => void,
  except?: QueueMemberState,
): void {
  const key = memberDeviceKey(stateInterface);
  registry.devices.set(key, status);
  for (const queue of registry.list()) {
    const member = queue.members.find((candidate) => memberDeviceKey(candidate.stateInterface) === key);
    if (member === undefined || member === except || member.status === status) continue;
    member.status = status;
    emit(memberEvent("QueueMemberStatus", queue, member));
    updateAvailDevice(queue, emit);
  }
}
