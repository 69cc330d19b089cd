/** The permission classes of `manager.conf` (`read =` / `write =`) and of event `Privilege:` headers. */
export const PERMISSION_CLASSES = [
  "system",
  "call",
  "log",
  "verbose",
  "command",
  "agent",
  "user",
  "config",
  "dtmf",
  "reporting",
  "cdr",
  "dialplan",
  "originate",
  "agi",
  "cc",
  "aoc",
  "test",
  "security",
  "message",
] as const;

/** @internal A set of lowercase class names; `all` expands to every class. */
export type ClassSet = ReadonlySet<string>;

/** @internal Parses `call,system` / `all` / `on` / `off` into a class set (`on` = all, `off` = none). */
export function parseClasses(list: string | undefined): ClassSet {
  const classes = new Set<string>();
  if (list === undefined) return classes;
  for (const raw of list.split(",")) {
    const name = raw.trim().toLowerCase();
    if (name === "all" || name === "on" || name === "yes" || name === "true") {
      for (const each of PERMISSION_CLASSES) classes.add(each);
    } else if (name.length > 0 && name !== "off" && name !== "no" && name !== "false") {
      classes.add(name);
    }
  }
  return classes;
}

/** @internal The classes an event's `Privilege:` header names, without the `all` Asterisk appends. */
export function eventClasses(privilege: string): ClassSet {
  const classes = new Set<string>();
  for (const raw of privilege.split(",")) {
    const name = raw.trim().toLowerCase();
    if (name.length > 0 && name !== "all") classes.add(name);
  }
  return classes;
}

/** @internal Whether two class sets share a class. */
export function intersects(a: ClassSet, b: ClassSet): boolean {
  for (const name of a) if (b.has(name)) return true;
  return false;
}

/**
 * @internal The write class each built-in action needs, as Asterisk registers it (`manager.c`,
 * `ast_manager_register_xml_core(name, authority, ...)`). An empty string means any logged-in user.
 */
export const ACTION_PRIVILEGES: Readonly<Record<string, string>> = {
  login: "",
  challenge: "",
  logoff: "",
  ping: "",
  events: "",
  listcommands: "",
  waitevent: "",
  filter: "system",
  command: "command",
  originate: "originate",
  userevent: "user",
  getvar: "call,reporting",
  setvar: "call",
  hangup: "system,call",
  status: "system,call,reporting",
  coreshowchannels: "system,reporting",
  corestatus: "system,reporting",
  coresettings: "system,reporting",
  playdtmf: "call", // apps/app_senddtmf.c load_module
  blindtransfer: "call", // main/manager.c __init_manager
  atxfer: "call", // main/manager.c __init_manager (UNVERIFIED: as remembered)
  extensionstate: "call,reporting", // main/manager.c __init_manager (UNVERIFIED: as remembered)
  presencestate: "call,reporting", // main/manager.c __init_manager (UNVERIFIED: as remembered)
  devicestatelist: "call,reporting", // res/res_manager_devicestate.c load_module
  presencestatelist: "call,reporting", // res/res_manager_presencestate.c load_module
  extensionstatelist: "call,reporting", // main/pbx.c ast_extension_state_init
  // apps/app_confbridge.c load_module
  confbridgelist: "reporting",
  confbridgelistrooms: "reporting",
  confbridgemute: "call",
  confbridgeunmute: "call",
  confbridgekick: "call",
  confbridgelock: "call",
  confbridgeunlock: "call",
  // res/parking/parking_manager.c load_parking_manager
  parkinglots: "call",
  parkedcalls: "call",
  park: "call",
  // apps/app_queue.c load_module
  queuestatus: "",
  queuesummary: "",
  queueadd: "agent",
  queueremove: "agent",
  queuepause: "agent",
  queuepenalty: "agent",
  queuememberringinuse: "agent",
  queuelog: "agent",
  queuereset: "",
};
