import { objectMultimap } from "../../decode/drivers/object-fields.mjs";

/** @type {import("./client.mjs").E2eClient} */
export default {
  name: "amikit",
  label: "amikit (`@amikit/client` + `@amikit/node`)",
  packageName: "@amikit/client",
  how: '`createClient({ transport: nodeTransport(), reconnect: false })`, `events$.subscribe(…)`, `connect()`; Ping: `client.action("Ping")`.',
  exactKeys: true,
  async connect({ port, onEvent }) {
    const { createClient } = await import("@amikit/client");
    const { nodeTransport } = await import("@amikit/node");
    const client = createClient({
      transport: nodeTransport(),
      host: "127.0.0.1",
      port,
      username: "bench",
      secret: "bench",
      reconnect: false,
      actionTimeout: 600_000,
    });
    client.events$.subscribe(onEvent);
    await client.connect();
    return {
      ping: () => client.action("Ping"),
      close: () => client.close(),
    };
  },
  fields: (event) => objectMultimap(event, new Set(), false),
};
