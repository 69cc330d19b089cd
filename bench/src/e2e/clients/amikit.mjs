import { objectMultimap } from "../../decode/drivers/object-fields.mjs";
import { MARKER_EVENT_NAME, START_EVENT_NAME } from "../replay-server.mjs";

/**
 * The event names of the stream (call-burst's, most frequent first, and the replay server's two
 * markers), cut into the 10 groups of the `on10` variant: nine subscribers of one name each, the tenth
 * of the rest, so that every event reaches exactly one subscriber.
 */
const ON10_GROUPS = [
  ["DeviceStateChange"],
  ["Newexten"],
  ["Newchannel"],
  ["VarSet"],
  ["NewCallerid"],
  ["NewConnectedLine"],
  ["Newstate"],
  ["Hangup"],
  ["LocalBridge"],
  [
    "OriginateResponse",
    "DialBegin",
    "DialEnd",
    "HangupRequest",
    "SoftHangupRequest",
    "UserEvent",
    "FullyBooted",
    "SuccessfulAuth",
    START_EVENT_NAME,
    MARKER_EVENT_NAME,
  ],
];

/** @type {import("./client.mjs").E2eClient} */
export default {
  name: "amikit",
  label: "amikit (`@amikit/client` + `@amikit/node`)",
  packageName: "@amikit/client",
  how: '`createClient({ transport: nodeTransport(), reconnect: false })`, `events$.subscribe(…)`, `connect()`; Ping: `client.action("Ping")`.',
  exactKeys: true,
  variants: {
    on10: "10 subscribers `client.on(name)`: nine of one event name each (the stream's nine most frequent), the tenth `on(…)` of the other names, so every event reaches exactly one of them.",
    reader:
      "one `for await (const event of client.events())` reader (default bound: 10 000 events, overflow `error`).",
  },
  async connect({ port, onEvent, variant }) {
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
    if (variant === "on10") {
      for (const names of ON10_GROUPS) client.on(...names).subscribe(onEvent);
    } else if (variant === "reader") {
      const reader = client.events();
      (async () => {
        for await (const event of reader) onEvent(event);
      })().catch((error) => onEvent({ Event: MARKER_EVENT_NAME, readerError: String(error) }));
    } else if (variant === undefined) client.events$.subscribe(onEvent);
    else throw new Error(`amikit: unknown variant ${variant}`);
    await client.connect();
    return {
      ping: () => client.action("Ping"),
      close: () => client.close(),
    };
  },
  fields: (event) => objectMultimap(event, new Set(), false),
};
