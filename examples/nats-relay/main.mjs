// Two simulated Asterisk servers relayed to NATS JetStream, read by two remote clients.
//
//   node main.mjs                              # starts its own nats-server (Debian: apt-get install nats-server)
//   NATS_URL=nats://127.0.0.1:4222 node main.mjs   # uses yours (JetStream on)
//
// Environment: NATS_URL, EXAMPLE_SECONDS (how long to tail; default 3).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRemoteClient, startRelay } from "@amikit/nats";
import { nodeTransport } from "@amikit/node";
import { createFakeAsterisk } from "@amikit/testing";
import { connect } from "@nats-io/transport-node";

const { url, stop: stopNats } = await natsServer();
const nats = await connect({ servers: url });
console.log(`NATS at ${url}`);

// Two simulated Asterisk servers on 127.0.0.1 (calls run 10× faster than real time).
const pbxA = createFakeAsterisk({ timeScale: 0.1, systemName: "pbx-a" });
const pbxB = createFakeAsterisk({ timeScale: 0.1, systemName: "pbx-b" });
const a = await pbxA.listen({ host: "127.0.0.1", port: 0 });
const b = await pbxB.listen({ host: "127.0.0.1", port: 0 });

// The relay: one AMI login per server, every event stored in JetStream (stream AMI_<server>).
// Secrets come from the environment in production (`amikit relay --config relay.json`).
const relay = await startRelay({
  nats,
  transport: nodeTransport(),
  servers: [
    { name: "pbx-a", host: a.host, port: a.port, username: "admin", secret: "amipass", allow: ["Originate"] },
    { name: "pbx-b", host: b.host, port: b.port, username: "admin", secret: "amipass" },
  ],
});
relay.status$.subscribe((status) =>
  console.log(`relay   ${status.server}  ${status.status}  epoch ${status.epoch}`),
);

// The relay logs in to each server in the background: wait for both before sending actions through it
// (the relay fails an action at once while its server is disconnected, and never retries one).
while (!relay.servers.every((server) => relay.lastStatus(server)?.status === "connected")) {
  await new Promise((resolve) => setTimeout(resolve, 20));
}

// Consumers: any number, anywhere on the NATS network. Same surface as a direct client.
const crm = await createRemoteClient({ nats, server: "pbx-a", durable: "example-crm" });
const wallboard = await createRemoteClient({ nats, server: "pbx-b" });
crm.on("Newchannel", "Hangup").subscribe((event) => console.log(`pbx-a   ${event.Event}  ${event.Channel}`));
wallboard
  .on("Newchannel", "Hangup")
  .subscribe((event) => console.log(`pbx-b   ${event.Event}  ${event.Channel}`));

// Actions through the relay: Originate is allowed on pbx-a only; lists arrive whole.
const answer = await crm.originate({ Channel: "Local/wait@test", Application: "Wait", Data: "1" });
console.log(`pbx-a   OriginateResponse: ${answer.Response}`);
try {
  await wallboard.originate({ Channel: "Local/wait@test", Application: "Wait", Data: "1" });
} catch (error) {
  console.log(`pbx-b   refused: ${error.name}`);
}
await pbxB.emit({ Event: "Newchannel", Privilege: "call,all", Channel: "PJSIP/bob-00000001" });
const channels = await wallboard.list("CoreShowChannels");
console.log(`pbx-b   CoreShowChannels: ${channels.events.length} channels`);

await new Promise((resolve) => setTimeout(resolve, Number(process.env.EXAMPLE_SECONDS ?? 3) * 1000));
await crm.close();
await wallboard.close();
await relay.close();
await nats.close();
await pbxA.close();
await pbxB.close();
await stopNats();
console.log("Closed");

/** NATS_URL, or a nats-server started here on a free port with a temporary store. */
async function natsServer() {
  if (process.env.NATS_URL) return { url: process.env.NATS_URL, stop: async () => {} };
  const binary = ["/usr/bin/nats-server", "/usr/sbin/nats-server", "/usr/local/bin/nats-server"].find(
    existsSync,
  );
  if (binary === undefined) {
    console.error("Set NATS_URL, or install nats-server (apt-get install -y nats-server)");
    process.exit(1);
  }
  const port = await new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
  const store = mkdtempSync(join(tmpdir(), "amikit-nats-example-"));
  const child = spawn(binary, ["-a", "127.0.0.1", "-p", String(port), "-js", "-sd", store], {
    stdio: "ignore",
  });
  const url = `nats://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await (await connect({ servers: url, reconnect: false })).close();
      break;
    } catch (error) {
      if (attempt > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url,
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
      rmSync(store, { recursive: true, force: true });
    },
  };
}
