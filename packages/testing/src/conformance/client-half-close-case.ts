import { check, sleep, waitUntil } from "@amikit/transport/conformance";
import type { EndToEndConnect } from "./client-cases.ts";
import { startHalfClosingAmiServer } from "./half-closing-ami-server.ts";

const MiB = 1024 * 1024;
/** How soon after the server's FIN the client must have logged in again (its backoff starts at 50 ms). */
const RECONNECT_BOUND = 3000;

/**
 * A server that ends its side (FIN) while the client's writes are backed up, and never reads again. AMI
 * has no half-duplex use, so the session is over: the client must see the connection end and reconnect,
 * with keepalive off, instead of staying "connected" to a server that will never answer. @internal
 */
export const clientHalfCloseCase = {
  name:
    "a server that ends its side (FIN) while the client's writes are backed up: the client reconnects " +
    "(keepalive off), answers come on the new connection, and every action on the old one ends",
  async run(connect: EndToEndConnect): Promise<void> {
    const server = await startHalfClosingAmiServer();
    try {
      const client = await connect({
        host: server.host,
        port: server.port,
        username: "admin",
        secret: "amipass",
        reconnect: { initialDelay: 50, maxDelay: 200, jitter: 0 },
        connectTimeout: 5000,
      });
      try {
        await server.stalled;
        // 1 MiB actions the server never reads: the OS buffers fill, the client's writes back up.
        const payload = "p".repeat(MiB);
        let settled = 0;
        const outcomes: string[] = [];
        const backedUp = 8;
        for (let n = 0; n < backedUp; n++) {
          client.send({ Action: "Ping", Payload: payload }, { timeout: 10_000 }).then(
            () => {
              settled++;
              outcomes.push("answered");
            },
            (error: Error) => {
              settled++;
              outcomes.push(error.name);
            },
          );
        }
        await sleep(300);
        check(
          !outcomes.includes("answered"),
          "an action was answered by a server that reads nothing (test setup)",
        );
        check(
          server.logins() === 1,
          `the client logged in ${server.logins()} times before the FIN (test setup)`,
        );

        const endedAt = Date.now();
        server.halfClose();
        await waitUntil(
          () => server.logins() >= 2,
          RECONNECT_BOUND,
          "the client to log in again after the server ended its side while writes were backed up",
        );
        const reconnectedAfter = Date.now() - endedAt;
        const pong = (await client.send({ Action: "Ping" }, { timeout: 5000 })) as { Response?: unknown };
        check(pong.Response === "Success", `Ping on the new connection answered ${JSON.stringify(pong)}`);
        // The actions backed up on the old connection end well before their own 10 s timeout.
        await waitUntil(
          () => settled === backedUp,
          RECONNECT_BOUND,
          "the actions backed up on the ended connection to settle",
        );
        check(
          !outcomes.includes("answered"),
          `an action never read by the server was reported answered: ${outcomes.join(", ")}`,
        );
        check(client.pendingActions === 0, `${client.pendingActions} actions still pending`);
        check(reconnectedAfter < RECONNECT_BOUND, `reconnected ${reconnectedAfter} ms after the FIN`);
      } finally {
        await client.close();
      }
    } finally {
      await server.close();
    }
  },
};
