/**
 * Entry point of the hostile server's own process, started by the soak with `fork()` so that its
 * memory never counts against the client's. It talks to the soak over the IPC channel:
 * `{ type: "start" }` starts the chaos, `{ type: "calm" }` stops it, `{ type: "report" }` asks for the
 * stats; it answers `{ type: "ready", port }` once listening and `{ type: "report", stats }`. It exits
 * when the soak disconnects (or dies), so it can never outlive it.
 */
import { BEHAVIOURS, type Behaviour, DEFAULT_BEHAVIOURS } from "./behaviours.ts";
import { type HostileStats, startHostileServer } from "./hostile-server.ts";

/** A message from the soak to the server process. */
export type ServerCommand =
  | { readonly type: "start" }
  | { readonly type: "calm" }
  | { readonly type: "report" };

/** A message from the server process to the soak. */
export type ServerMessage =
  | { readonly type: "ready"; readonly port: number }
  | { readonly type: "report"; readonly stats: HostileStats };

const [seedText, maxPacketText, paceText, behavioursText = ""] = process.argv.slice(2);
const paceMs = Number(paceText);
const seed = Number(seedText);
const maxPacketBytes = Number(maxPacketText);
if (
  process.send === undefined ||
  !Number.isInteger(seed) ||
  !Number.isInteger(maxPacketBytes) ||
  !(paceMs > 0)
) {
  console.error(
    "server-process: start it with fork(path, [seed, maxPacketBytes, paceMs, behaviours]) from the soak",
  );
  process.exit(2);
}
const send = (message: ServerMessage) => process.send?.(message);

const behaviours = behavioursText
  .split(",")
  .filter((name): name is Behaviour => (BEHAVIOURS as readonly string[]).includes(name));
const server = await startHostileServer({
  seed,
  maxPacketBytes,
  paceMs,
  behaviours: behaviours.length > 0 ? behaviours : DEFAULT_BEHAVIOURS,
});
process.on("message", (message: ServerCommand) => {
  if (message.type === "start") server.startChaos();
  else if (message.type === "calm") server.calm();
  else if (message.type === "report") send({ type: "report", stats: server.stats() });
});
process.on("disconnect", () => {
  void server.close().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
});
send({ type: "ready", port: server.port });
