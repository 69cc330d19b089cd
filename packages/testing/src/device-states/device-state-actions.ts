import type { FieldList } from "../fields.ts";
import type { ActionRequest } from "../request.ts";
import type { ServerCore } from "../server-core.ts";
import { extensionFields, presenceFields } from "./device-state-store.ts";

// The state actions as recorded in device-state.jsonl (messages, item layouts, list order); see FACTS.md.

/** DeviceStateList: one DeviceStateChange per cached device (res_manager_devicestate.c). */
export function deviceStateList(request: ActionRequest, server: ServerCore): void {
  request.list(
    server.deviceStates.cachedDevices().map(
      ([device, state]): FieldList => [
        ["Event", "DeviceStateChange"],
        ["Device", device],
        ["State", state],
      ],
    ),
    { message: "Device State Changes will follow", complete: "DeviceStateListComplete" },
  );
}

/** PresenceStateList: one PresenceStateChange per presence ever set (res_manager_presencestate.c). */
export function presenceStateList(request: ActionRequest, server: ServerCore): void {
  request.list(
    server.deviceStates
      .presences()
      .map(
        ([provider, value]): FieldList => [
          ["Event", "PresenceStateChange"],
          ...presenceFields(provider, value),
        ],
      ),
    { message: "Presence State Changes will follow", complete: "PresenceStateListComplete" },
  );
}

/** ExtensionStateList: one ExtensionStatus per hint, in configuration order (main/manager.c). */
export function extensionStateList(request: ActionRequest, server: ServerCore): void {
  const store = server.deviceStates;
  request.list(
    store
      .hints()
      .map(
        (hint): FieldList => [
          ["Event", "ExtensionStatus"],
          ...extensionFields(
            hint.context,
            hint.exten,
            hint.hint,
            store.extensionState(hint.context, hint.exten),
          ),
        ],
      ),
    { message: "Extension Statuses will follow", complete: "ExtensionStateListComplete" },
  );
}

/**
 * ExtensionState (main/manager.c `action_extensionstate`): `Message: Extension Status` and the
 * extension's hint and state; an extension without a hint answers `Hint: `, `Status: -1`, `StatusText:
 * Unknown` (recorded). `Context` defaults to `default`.
 */
export function extensionState(request: ActionRequest, server: ServerCore): void {
  const exten = request.get("Exten") ?? "";
  const context = request.nonEmpty("Context") ?? "default";
  const store = server.deviceStates;
  const hint = store.hint(context, exten)?.hint ?? "";
  request.respondFields([
    ["Response", "Success"],
    ["Message", "Extension Status"],
    ...extensionFields(context, exten, hint, store.extensionState(context, exten)),
  ]);
}

/**
 * PresenceState (main/manager.c `action_presencestate`): `Message: Presence State`, `State`, then
 * `Subtype` and `Message` + `PresenceMessage` only when not empty (recorded with both). `No provider
 * specified` without `Provider` (UNVERIFIED wording).
 */
export function presenceState(request: ActionRequest, server: ServerCore): void {
  const provider = request.nonEmpty("Provider");
  if (provider === undefined) {
    request.error("No provider specified");
    return;
  }
  const value = server.deviceStates.presence(provider);
  const fields: FieldList = [
    ["Response", "Success"],
    ["Message", "Presence State"],
    ["State", value.status],
  ];
  if (value.subtype !== "") fields.push(["Subtype", value.subtype]);
  if (value.message !== "") fields.push(["Message", value.message], ["PresenceMessage", value.message]);
  request.respondFields(fields);
}
