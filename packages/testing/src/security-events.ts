import { formatEventTime } from "./clock.ts";
import type { FieldList } from "./fields.ts";
import type { SessionCore } from "./session.ts";

function address(kind: string, host: string, port: number): string {
  return `IPV4/${kind}/${host}/${port}`;
}

function sessionAddresses(session: SessionCore): FieldList {
  return [
    ["SessionID", session.sessionId],
    ["LocalAddress", address("TCP", session.endpoint.localAddress, session.endpoint.localPort)],
    ["RemoteAddress", address("TCP", session.endpoint.remoteAddress, session.endpoint.remotePort)],
  ];
}

/** @internal `SuccessfulAuth`, header for header as Asterisk 22 sends it after a Login. */
export function successfulAuthEvent(session: SessionCore, now: number, sessionTv: number): FieldList {
  return [
    ["Event", "SuccessfulAuth"],
    ["Privilege", "security,all"],
    ["EventTV", formatEventTime(now)],
    ["Severity", "Informational"],
    ["Service", "AMI"],
    ["EventVersion", "1"],
    ["AccountID", session.username ?? ""],
    ...sessionAddresses(session),
    ["UsingPassword", "0"],
    ["SessionTV", formatEventTime(sessionTv)],
  ];
}

/**
 * @internal `RequestBadFormat` (unknown action, missing Action) and `RequestNotAllowed` (permission
 * denied), in the header order recorded for RequestBadFormat; AccountID only once the session has a user.
 */
export function requestEvent(
  name: "RequestBadFormat" | "RequestNotAllowed",
  session: SessionCore,
  requestType: string,
  now: number,
  sessionTv: number | undefined,
): FieldList {
  const fields: FieldList = [
    ["Event", name],
    ["Privilege", "security,all"],
    ["EventTV", formatEventTime(now)],
    ["Severity", "Error"],
    ["Service", "AMI"],
    ["EventVersion", "1"],
    ...sessionAddresses(session),
    ["RequestType", requestType],
  ];
  if (sessionTv !== undefined) fields.push(["SessionTV", formatEventTime(sessionTv)]);
  if (session.username !== undefined) fields.push(["AccountID", session.username]);
  return fields;
}

/**
 * @internal `InvalidAccountID` / `InvalidPassword` for a failed Login. Not in the recordings (the failing
 * session cannot read them); the shape follows the other security events.
 */
export function failedLoginEvent(
  name: "InvalidAccountID" | "InvalidPassword",
  session: SessionCore,
  accountId: string,
  now: number,
): FieldList {
  return [
    ["Event", name],
    ["Privilege", "security,all"],
    ["EventTV", formatEventTime(now)],
    ["Severity", "Error"],
    ["Service", "AMI"],
    ["EventVersion", name === "InvalidPassword" ? "2" : "1"],
    ["AccountID", accountId],
    ...sessionAddresses(session),
  ];
}
