/**
 * Which actions a relay runs for remote callers. The default lets through only actions that read:
 * every list action of the definitions (their answers are lists of items; none of them changes
 * anything) plus the single-answer actions below that only report state. Actions that change calls or
 * configuration (`Originate`, `Hangup`, `Redirect`, `Command`, `UpdateConfig`…) must be named in the
 * server's `allow` list. The definitions do not record action privileges (Asterisk's XML has none), so
 * the read-only singles are listed by hand.
 */
import { actionMetadata } from "@amikit/definitions";

/** Single-answer actions that only read state (each is `read`-class or unprivileged in `manager.c`). */
const READ_ONLY_SINGLES = [
  "Ping",
  "CoreSettings",
  "CoreStatus",
  "ListCommands",
  "Status",
  "Getvar",
  "ExtensionState",
  "PresenceState",
  "MailboxCount",
  "MailboxStatus",
  "QueueSummary",
  "BridgeInfo",
  "DBGet",
  "ModuleCheck",
  "PJSIPShowEndpoint",
  "SIPshowpeer",
  "IAXnetstats",
  "VoicemailUserStatus",
  "FAXSession",
  "FAXStats",
] as const;

/** The default allow-list: every list action of the definitions plus the read-only single actions. */
export function defaultAllowedActions(): readonly string[] {
  const names = new Set<string>(READ_ONLY_SINGLES);
  for (const [name, metadata] of Object.entries(actionMetadata)) {
    if (metadata.listItemEvents.length > 0) names.add(name);
  }
  return [...names].sort();
}

/** Case-insensitive membership test over an allow-list (`"*"` in it allows everything). @internal */
export function allowListChecker(allow: readonly string[] | undefined): (action: string) => boolean {
  const names = new Set((allow ?? defaultAllowedActions()).map((name) => name.toLowerCase()));
  if (names.has("*")) return () => true;
  return (action) => names.has(action.toLowerCase());
}
