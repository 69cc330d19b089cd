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
 * @internal `SessionTV` of a security event: Asterisk reports `&s->session->sessionstart_tv`, which is only set
 * by a successful `authenticate()` (main/manager.c); before that the zeroed struct prints as the epoch. The
 * `+0000` assumes the server runs in UTC, as the recorded one does (`ast_json_timeval(tv, NULL)` uses local time).
 */
function sessionTvField(sessionTv: number | undefined): [string, string] {
  return ["SessionTV", formatEventTime(sessionTv ?? 0)];
}

/**
 * @internal `RequestBadFormat` (unknown action, missing Action) and `RequestNotAllowed` (permission denied,
 * also any action but Login/Logoff/Challenge before login). Header order from the `sec_events[]` table in
 * main/security_events.c (`security_event_to_ami_blob`: required IEs, then optional IEs): RequestNotAllowed
 * has AccountID among the required IEs (after EventVersion); RequestBadFormat has it as an optional IE after
 * SessionTV (as recorded in errors.jsonl). `report_req_not_allowed` / `report_req_bad_format` pass
 * `s->session->username`, a char array, so AccountID is present and empty before login.
 */
export function requestEvent(
  name: "RequestBadFormat" | "RequestNotAllowed",
  session: SessionCore,
  requestType: string,
  now: number,
  sessionTv: number | undefined,
): FieldList {
  const head: FieldList = [
    ["Event", name],
    ["Privilege", "security,all"],
    ["EventTV", formatEventTime(now)],
    ["Severity", "Error"],
    ["Service", "AMI"],
    ["EventVersion", "1"],
  ];
  const accountId: [string, string] = ["AccountID", session.username ?? ""];
  if (name === "RequestNotAllowed") {
    return [
      ...head,
      accountId,
      ...sessionAddresses(session),
      ["RequestType", requestType],
      sessionTvField(sessionTv),
    ];
  }
  return [
    ...head,
    ...sessionAddresses(session),
    ["RequestType", requestType],
    sessionTvField(sessionTv),
    accountId,
  ];
}

/**
 * @internal `InvalidAccountID` (`report_invalid_user`: no such user) / `InvalidPassword`
 * (`report_inval_password`: wrong plain `Secret`) for a failed Login, as main/manager.c `authenticate()` reports
 * them. Header order from `sec_events[]` in main/security_events.c; `InvalidPassword` is EventVersion 2
 * (`AST_SECURITY_EVENT_INVAL_PASSWORD_VERSION`), its optional Challenge/ReceivedChallenge/ReceivedHash are not
 * set by AMI. AccountID is the Username the client sent. Not in the recordings (the failing session cannot
 * read them).
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
    sessionTvField(undefined),
  ];
}

/**
 * @internal `ChallengeResponseFailed` for an md5 Login whose Key is wrong (`report_failed_challenge_response`
 * in main/manager.c). Unlike the other login failures its AccountID is `s->session->username`, still empty
 * before login — not the Username sent. Challenge, Response (the Key sent) and ExpectedResponse (the right
 * md5) are required IEs in `sec_events[]`. Not in the recordings.
 */
export function challengeResponseFailedEvent(
  session: SessionCore,
  challenge: string,
  response: string,
  expectedResponse: string,
  now: number,
): FieldList {
  return [
    ["Event", "ChallengeResponseFailed"],
    ["Privilege", "security,all"],
    ["EventTV", formatEventTime(now)],
    ["Severity", "Error"],
    ["Service", "AMI"],
    ["EventVersion", "1"],
    ["AccountID", session.username ?? ""],
    ...sessionAddresses(session),
    ["Challenge", challenge],
    ["Response", response],
    ["ExpectedResponse", expectedResponse],
    sessionTvField(undefined),
  ];
}
