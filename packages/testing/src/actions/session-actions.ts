import { formatTimestamp } from "../clock.ts";
import { ACTION_PRIVILEGES, intersects, PERMISSION_CLASSES, parseClasses } from "../privileges.ts";
import type { ActionRequest } from "../request.ts";
import type { ServerCore } from "../server-core.ts";

/** Ping: `Ping: Pong` and the server time. */
export function ping(request: ActionRequest): void {
  request.respondFields([
    ["Response", "Success"],
    ["Ping", "Pong"],
    ["Timestamp", formatTimestamp(Date.now())],
  ]);
}

/** Events: sets the session's event mask (`on`, `off`, or a class list); answers `Events: On|Off`. */
export function events(request: ActionRequest): void {
  const mask = request.get("EventMask") ?? "";
  request.session.eventMask = parseClasses(mask.trim().length === 0 ? "on" : mask);
  request.respondFields([
    ["Response", "Success"],
    ["Events", request.session.eventMask.size > 0 ? "On" : "Off"],
  ]);
}

/** Filter: `Operation: Add` with a regular expression (`!` prefix to exclude) over the event text. */
export function filter(request: ActionRequest): void {
  const operation = request.get("Operation") ?? "";
  if (operation.toLowerCase() !== "add") {
    request.error("Unknown operation");
    return;
  }
  const source = request.get("Filter") ?? "";
  const exclude = source.startsWith("!");
  const expression = exclude ? source.slice(1) : source;
  if (expression.length === 0) {
    request.error("Filter was formatted incorrectly");
    return;
  }
  let pattern: RegExp;
  try {
    pattern = new RegExp(expression);
  } catch {
    request.error("Filter did not compile.  Check the syntax of the filter given.");
    return;
  }
  request.session.filters.push({ source, exclude, pattern });
  request.success("Success");
}

/** UserEvent: acks `Event Sent`, then raises `UserEvent` with every other request header, ActionID included. */
export function userEvent(request: ActionRequest, server: ServerCore): void {
  request.success("Event Sent");
  const fields: [string, string][] = [
    ["Event", "UserEvent"],
    ["Privilege", "user,all"],
    ["UserEvent", request.get("UserEvent") ?? ""],
  ];
  for (const [name, value] of request.packet.fields) {
    const lower = name.toLowerCase();
    if (lower !== "action" && lower !== "userevent") fields.push([name, value]);
  }
  server.emitFields(fields);
}

/**
 * CoreStatus, header for header as main/manager.c action_corestatus (Asterisk 22 source; not recorded):
 * CoreStartupDate/Time, CoreReloadDate/Time, CoreCurrentCalls = ast_active_channels() — the number of live
 * CHANNELS (a Local call counts 2), not calls — and CoreProcessedCalls. Times are the server's local time;
 * the fake prints UTC.
 */
export function coreStatus(request: ActionRequest, server: ServerCore): void {
  const started = new Date(server.startedAt - server.options.initialUptime * 1000).toISOString();
  const date = started.slice(0, 10);
  const time = started.slice(11, 19);
  request.respondFields([
    ["Response", "Success"],
    ["CoreStartupDate", date],
    ["CoreStartupTime", time],
    ["CoreReloadDate", date],
    ["CoreReloadTime", time],
    ["CoreCurrentCalls", String(server.channels.list().length)],
    ["CoreProcessedCalls", String(server.channels.processedCalls)],
  ]);
}

/** `system,call,all` / `<none>`, as Asterisk's `authority_to_str` prints a privilege. */
function privilegeText(privilege: string): string {
  const classes = parseClasses(privilege);
  if (classes.size === 0) return "<none>";
  return [...PERMISSION_CLASSES.filter((name) => classes.has(name)), "all"].join(",");
}

/**
 * ListCommands: one `Name: Synopsis (Priv: classes)` header per action the user may send, sorted by name
 * as Asterisk keeps its action list. Scripted actions are listed with a synopsis of their own.
 */
export function listCommands(request: ActionRequest, server: ServerCore): void {
  const entries = new Map<string, [name: string, synopsis: string, privilege: string]>();
  for (const [key, [name, synopsis]] of Object.entries(server.builtinSynopses())) {
    entries.set(key, [name, synopsis, ACTION_PRIVILEGES[key] ?? ""]);
  }
  for (const [key, handler] of server.handlers) {
    entries.set(key, [
      handler.name,
      entries.get(key)?.[1] ?? "Scripted by the test.",
      handler.privilege ?? ACTION_PRIVILEGES[key] ?? "",
    ]);
  }
  const fields: [string, string][] = [["Response", "Success"]];
  const allowed = [...entries.values()].filter(
    ([, , privilege]) =>
      privilege === "" || intersects(parseClasses(privilege), request.session.writeClasses),
  );
  allowed.sort(([a], [b]) =>
    a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0,
  );
  for (const [name, synopsis, privilege] of allowed)
    fields.push([name, `${synopsis} (Priv: ${privilegeText(privilege)})`]);
  request.respondFields(fields);
}
