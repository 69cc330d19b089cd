import { md5Hex } from "../md5.ts";
import { parseClasses } from "../privileges.ts";
import type { ActionRequest } from "../request.ts";
import { failedLoginEvent, successfulAuthEvent } from "../security-events.ts";
import type { ServerCore } from "../server-core.ts";

/** Login: plain (`Secret`) or md5 (`AuthType: MD5`, `Key: md5(challenge + secret)`). */
export function login(request: ActionRequest, server: ServerCore): void | Promise<void> {
  const session = request.session;
  if (session.authenticated) {
    request.success("Already authenticated");
    return;
  }
  const username = request.get("Username") ?? "";
  const user = server.user(username);
  const authType = (request.get("AuthType") ?? "").toLowerCase();
  let accepted = false;
  if (user !== undefined) {
    if (authType === "md5") {
      const key = request.get("Key");
      accepted =
        session.challenge !== undefined &&
        key !== undefined &&
        md5Hex(session.challenge + user.secret) === key.trim().toLowerCase();
    } else if (authType === "" || authType === "plain") {
      accepted = request.get("Secret") === user.secret;
    }
  }
  if (user === undefined || !accepted) {
    const now = Date.now();
    server.emitFields(
      failedLoginEvent(user === undefined ? "InvalidAccountID" : "InvalidPassword", session, username, now),
    );
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
