import { md5Hex } from "@amikit/codec";
import type { FieldList } from "../fields.ts";
import { parseClasses } from "../privileges.ts";
import type { ActionRequest } from "../request.ts";
import { challengeResponseFailedEvent, failedLoginEvent, successfulAuthEvent } from "../security-events.ts";
import type { ServerCore } from "../server-core.ts";

/** Login: plain (`Secret`) or md5 (`AuthType: MD5`, `Key: md5(challenge + secret)`). */
export function login(request: ActionRequest, server: ServerCore): void | Promise<void> {
  const session = request.session;
  if (session.authenticated) {
    request.success("Already authenticated");
    return;
  }
  const username = request.get("Username") ?? "";
  // As main/manager.c authenticate(): no Username → fails with no security event; unknown user →
  // report_invalid_user (InvalidAccountID); AuthType MD5 → the Key must equal md5(challenge + secret) as
  // lowercase hex (strcmp, case-sensitive), a wrong one → report_failed_challenge_response
  // (ChallengeResponseFailed), a missing Key or no Challenge yet → fails with no event; any other AuthType
  // (or none) → plain Secret, a wrong one → report_inval_password (InvalidPassword).
  const user = username.length === 0 ? undefined : server.user(username);
  let failure: FieldList | undefined;
  let accepted = false;
  const now = Date.now();
  if (username.length === 0) {
    // no event
  } else if (user === undefined) {
    failure = failedLoginEvent("InvalidAccountID", session, username, now);
  } else if ((request.get("AuthType") ?? "").toLowerCase() === "md5") {
    const key = request.get("Key") ?? "";
    if (key.length > 0 && session.challenge !== undefined && session.challenge.length > 0) {
      const expected = md5Hex(session.challenge + user.secret);
      accepted = key === expected;
      if (!accepted) failure = challengeResponseFailedEvent(session, session.challenge, key, expected, now);
    }
  } else {
    accepted = (request.get("Secret") ?? "") === user.secret;
    if (!accepted) failure = failedLoginEvent("InvalidPassword", session, username, now);
  }
  if (user === undefined || !accepted) {
    if (failure !== undefined) server.emitFields(failure);
    const fail = () => {
      request.error("Authentication failed");
      void session.close();
    };
    const delay = server.options.authFailureDelay;
    if (delay <= 0) {
      fail();
      return;
    }
    return new Promise((resolve) => {
      setTimeout(() => {
        fail();
        resolve();
      }, delay);
    });
  }

  session.authenticated = true;
  session.authenticatedAt = Date.now();
  session.username = username;
  session.user = user;
  session.readClasses = parseClasses(user.read ?? "");
  session.writeClasses = parseClasses(user.write ?? "");
  const events = request.get("Events");
  if (events !== undefined && events.trim().length > 0) session.eventMask = parseClasses(events);
  request.success("Authentication accepted");
  if (session.eventMask.has("system") && session.readClasses.has("system")) {
    const uptime = String(server.uptimeSeconds());
    session.sendFields([
      ["Event", "FullyBooted"],
      ["Privilege", "system,all"],
      ["Uptime", uptime],
      ["LastReload", uptime],
      ["Status", "Fully Booted"],
    ]);
  }
  server.emitFields(successfulAuthEvent(session, Date.now(), session.authenticatedAt));
}

/** Challenge: hands out the session's md5 challenge (one per session, as Asterisk keeps it). */
export function challenge(request: ActionRequest, server: ServerCore): void {
  if ((request.get("AuthType") ?? "").toLowerCase() !== "md5") {
    request.error("Must specify AuthType");
    return;
  }
  const session = request.session;
  if (session.challenge === undefined) {
    const configured = server.options.challenge;
    session.challenge =
      typeof configured === "function"
        ? configured()
        : (configured ?? String(Math.floor(Math.random() * 2_147_483_647)));
  }
  request.respondFields([
    ["Response", "Success"],
    ["Challenge", session.challenge],
  ]);
}

/** Logoff: `Response: Goodbye`, then the server closes the connection. */
export function logoff(request: ActionRequest): void {
  request.respondFields([
    ["Response", "Goodbye"],
    ["Message", "Thanks for all the fish."],
  ]);
  void request.session.close();
}
