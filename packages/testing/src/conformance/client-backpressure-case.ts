import { check, sleep, waitUntil } from "@amikit/transport/conformance";
import type { EndToEndConnect } from "./client-cases.ts";
import { startStallingAmiServer } from "./stalling-ami-server.ts";

const MiB = 1024 * 1024;
/** Per-action timeout: long enough to see the refusal come first, short enough for the case. */
const TIMEOUT = 2000;

/** The write path over real sockets: a server that stops reading right after the Login. @internal */
export const clientBackpressureCase = {
  name:
    "a server that stops reading: the action beyond maxWriteQueueBytes fails at once with AmiWriteQueueFullError, " +
    "every action ends, and those that timed out while queued never reach the server once it reads again",
  async run(connect: EndToEndConnect): Promise<void> {
    const server = await startStallingAmiServer();
    try {
      const client = await connect({
        host: server.host,
        port: server.port,
        username: "admin",
        secret: "amipass",
        reconnect: false,
        connectTimeout: 5000,
        maxWriteQueueBytes: MiB,
      });
      try {
        await server.stalled;
        const body = "x".repeat(1000);
        const errors = new Map<string, Error[]>();
        let issued = 0;
        let answered = 0;
        const started = Date.now();
        let firstRefusal = -1;
        const failed = (error: Error) => {
          if (error.name === "AmiWriteQueueFullError" && firstRefusal < 0)
            firstRefusal = Date.now() - started;
          errors.set(error.name, [...(errors.get(error.name) ?? []), error]);
        };
        // ~1 KiB actions, 512 per turn, until the client refuses one: the OS buffers fill first (a few
        // MiB on loopback), then the client's own queue, which holds at most 1 MiB.
        while (firstRefusal < 0 && issued < 100_000 && Date.now() - started < TIMEOUT / 2) {
          for (let n = 0; n < 512; n++) {
            issued++;
            client
              .send({ Action: "UserEvent", UserEvent: "Load", Body: body }, { timeout: TIMEOUT })
              .then(() => answered++, failed);
          }
          await sleep(1);
        }
        check(
          firstRefusal >= 0,
          `no action was refused after ${issued} actions of 1 KiB to a server reading nothing: the write queue is unbounded`,
        );
        check(firstRefusal < TIMEOUT, `the first refusal came after ${firstRefusal} ms, not at once`);
        const refusal = (errors.get("AmiWriteQueueFullError") ?? [])[0] as Error & { limit?: unknown };
        check(refusal.limit === MiB, `the refusal names the limit ${String(refusal.limit)}, not ${MiB}`);

        // Every action ends: answered (none: the server reads nothing), refused, or timed out.
        await waitUntil(() => client.pendingActions === 0, TIMEOUT + 3000, "every action to end");
        const settled = () => answered + [...errors.values()].reduce((sum, list) => sum + list.length, 0);
        await waitUntil(() => settled() === issued, 1000, "every promise to settle");
        const names = [...errors.keys()].sort().join(", ");
        check(
          names === "AmiTimeoutError, AmiWriteQueueFullError",
          `the actions failed with ${names}, expected only AmiTimeoutError and AmiWriteQueueFullError`,
        );
        const timedOut = (errors.get("AmiTimeoutError") ?? []) as (Error & { actionId?: string })[];
        const notSent = timedOut.filter((error) => error.message.includes("it was not sent"));
        check(notSent.length > 0, "no action timed out while waiting in the client's queue");

        // The server reads again: what the OS had taken arrives, then the late action; never the dropped ones.
        server.resume();
        const late = (await client.send({ Action: "UserEvent", UserEvent: "Late" }, { timeout: 10_000 })) as {
          ActionID?: string;
        };
        const read = new Set(server.actions.map((packet) => packet.actionId));
        check(read.has(late.ActionID), "the server did not read the late action");
        const leaked = notSent.filter((error) => read.has(error.actionId));
        check(
          leaked.length === 0,
          `${leaked.length} actions that timed out before they were written reached the server anyway`,
        );
      } finally {
        await client.close();
      }
    } finally {
      await server.close();
    }
  },
};
