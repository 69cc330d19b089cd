import {
  check,
  refusedPort,
  type TransportConformanceCase,
  waitUntil,
  withinTime,
} from "@amikit/transport/conformance";
import { createFakeAsterisk, type FakeAsterisk } from "../fake-asterisk.ts";
import { clientBackpressureCase } from "./client-backpressure-case.ts";
import { clientHalfCloseCase } from "./client-half-close-case.ts";

/** A packet as the client hands it out: header names exactly as sent, values strings (or arrays). */
type Packet = Readonly<Record<string, unknown>>;

/** Reads a typed response or event by header name. */
const fields = (packet: object | undefined): Packet => (packet ?? {}) as Packet;

/**
 * The part of `@amikit/client`'s `AmiClient` the end-to-end cases use, declared structurally because this
 * package cannot depend on the client (the client tests with this package).
 */
export interface EndToEndClient {
  action(name: "Ping"): Promise<object>;
  list(name: "CoreShowChannels"): Promise<{
    readonly response: object;
    readonly events: readonly object[];
    readonly complete: object | undefined;
  }>;
  command(command: string): Promise<readonly string[]>;
  originate(params: {
    Channel: string;
    Application: string;
    Data: string;
    CallerID: string;
  }): Promise<object>;
  send(fields: Readonly<Record<string, string>>, options?: { readonly timeout?: number }): Promise<object>;
  readonly events$: { subscribe(next: (event: Packet) => void): { unsubscribe(): void } };
  /** Actions issued and not yet finished. */
  readonly pendingActions: number;
  close(): Promise<void>;
}

/** What the cases pass to the runtime's `connect()`. */
export interface EndToEndConnectOptions {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly secret: string;
  /** `false`, or a reconnect policy (the cases that need one give short, jitter-free delays). */
  readonly reconnect:
    | false
    | { readonly initialDelay: number; readonly maxDelay: number; readonly jitter: number };
  readonly connectTimeout: number;
  /** Bytes of actions that may wait to be written (the client's default when absent). */
  readonly maxWriteQueueBytes?: number;
}

/** A runtime package's `connect()`: creates a client over its transport, connects and logs in. */
export type EndToEndConnect = (options: EndToEndConnectOptions) => Promise<EndToEndClient>;

async function withFake(body: (fake: FakeAsterisk, options: EndToEndConnectOptions) => Promise<void>) {
  const fake = createFakeAsterisk({ timeScale: 0.01 });
  try {
    const { host, port } = await fake.listen({ host: "127.0.0.1", port: 0 });
    await body(fake, {
      host,
      port,
      username: "admin",
      secret: "amipass",
      reconnect: false,
      connectTimeout: 5000,
    });
  } finally {
    await fake.close();
  }
}

/** Runs `body` with a logged-in client, closing it afterwards. */
async function withClient(
  connect: EndToEndConnect,
  body: (client: EndToEndClient, fake: FakeAsterisk) => Promise<void>,
): Promise<void> {
  await withFake(async (fake, options) => {
    const client = await connect(options);
    try {
      await body(client, fake);
    } finally {
      await client.close();
    }
  });
}

const definitions: readonly { name: string; run(connect: EndToEndConnect): Promise<void> }[] = [
  {
    name: "connect() logs in over TCP; Ping answers Pong; close() logs off",
    run: (connect) =>
      withFake(async (fake, options) => {
        const client = await connect(options);
        const pong = fields(await client.action("Ping"));
        check(pong.Response === "Success" && pong.Ping === "Pong", `Ping answered ${JSON.stringify(pong)}`);
        const loggingOff = fake.nextAction("Logoff");
        await client.close();
        await loggingOff;
        await waitUntil(() => fake.openSessions.length === 0, 5000, "the fake to see the connection end");
      }),
  },
  {
    name: "events$ delivers events exactly as sent (UTF-8, leading zeros kept as strings)",
    run: (connect) =>
      withClient(connect, async (client, fake) => {
        const received: Packet[] = [];
        const subscription = client.events$.subscribe((event) => {
          if (event.Event === "UserEvent") received.push(event);
        });
        try {
          fake.emit({
            Event: "UserEvent",
            Privilege: "user,all",
            UserEvent: "amikit-e2e",
            Payload: "мир",
            Code: "007",
          });
          await waitUntil(() => received.length > 0, 5000, "the UserEvent on events$");
          const [event] = received;
          check(event?.UserEvent === "amikit-e2e", `got ${JSON.stringify(event)}`);
          check(event.Payload === "мир" && event.Code === "007", `values changed: ${JSON.stringify(event)}`);
        } finally {
          subscription.unsubscribe();
        }
      }),
  },
  {
    name: "originate() resolves with the OriginateResponse; list() returns the live channels and Complete",
    run: (connect) =>
      withClient(connect, async (client) => {
        const names = new Set<unknown>();
        const subscription = client.events$.subscribe((event) => names.add(event.Event));
        try {
          const response = fields(
            await client.originate({
              Channel: "Local/echo@test",
              Application: "Wait",
              Data: "100",
              CallerID: '"amikit" <2000>',
            }),
          );
          check(response.Event === "OriginateResponse", `originate() gave ${JSON.stringify(response)}`);
          check(response.Response === "Success", `the call failed: ${JSON.stringify(response)}`);
          check(names.has("Newchannel"), `no Newchannel event arrived (got ${[...names].join(", ")})`);
          const list = await client.list("CoreShowChannels");
          const opening = fields(list.response);
          const complete = fields(list.complete);
          check(opening.EventList === "start", `the answer opened no list: ${JSON.stringify(opening)}`);
          check(list.events.length >= 1, "CoreShowChannels listed no channel while a call was up");
          check(
            list.events.every((event) => fields(event).Event === "CoreShowChannel"),
            "the list holds events that are not CoreShowChannel",
          );
          check(
            complete.ListItems === String(list.events.length),
            `Complete says ${String(complete.ListItems)} items, the list has ${list.events.length}`,
          );
        } finally {
          subscription.unsubscribe();
        }
      }),
  },
  {
    name: "command() returns the CLI output lines",
    run: (connect) =>
      withClient(connect, async (client) => {
        const lines = await client.command("core show version");
        check(
          lines.some((line) => line.startsWith("Asterisk 22.10.1")),
          `core show version printed ${JSON.stringify(lines)}`,
        );
      }),
  },
  {
    name: "a wrong secret makes connect() reject with AmiAuthError",
    run: (connect) =>
      withFake(async (_fake, options) => {
        const error = await connect({ ...options, secret: "wrong" }).then(
          () => undefined,
          (reason: unknown) => reason,
        );
        check(error instanceof Error, "connect() with a wrong secret resolved");
        check(error.name === "AmiAuthError", `expected AmiAuthError, got ${error.name}: ${error.message}`);
        check(!error.message.includes("wrong"), "the error message shows the secret");
      }),
  },
  {
    name: 'a closed port makes connect() reject with AmiConnectionError caused by code "refused"',
    async run(connect) {
      const port = await refusedPort();
      const options = {
        host: "127.0.0.1",
        port,
        username: "admin",
        secret: "amipass",
        reconnect: false as const,
      };
      const error = await connect({ ...options, connectTimeout: 5000 }).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      check(error instanceof Error, "connect() to a closed port resolved");
      check(
        error.name === "AmiConnectionError",
        `expected AmiConnectionError, got ${error.name}: ${error.message}`,
      );
      const cause = error.cause as { code?: unknown } | undefined;
      check(
        cause?.code === "refused",
        `the cause is not the transport's "refused" error: ${String(error.cause)}`,
      );
    },
  },
  clientBackpressureCase,
  clientHalfCloseCase,
];

/**
 * End-to-end cases for a runtime package's `connect()`: a real client over the runtime's transport against
 * `@amikit/testing`'s fake Asterisk on 127.0.0.1 — login, Ping, events, Originate, a list, Command, a wrong
 * secret, a refused connection — a server that stops reading (the write path stays bounded) and one that
 * then ends its side (the client reconnects). Run them
 * like {@link transportConformanceCases}.
 *
 * @param connect - the runtime package's `connect`
 */
export function clientEndToEndCases(connect: EndToEndConnect): readonly TransportConformanceCase[] {
  return definitions.map((definition) => ({
    name: definition.name,
    timeout: 16_000,
    run: () => withinTime(definition.name, 15_000, () => definition.run(connect)),
    skipReason: () => Promise.resolve(undefined),
  }));
}
