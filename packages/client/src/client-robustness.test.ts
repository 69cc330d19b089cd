import { AmiFieldLimitError } from "@amikit/codec";
import { describe, expect, it } from "vitest";
import { createClient } from "./client.ts";
import { AmiActionError, AmiConnectionError, AmiValidationError } from "./errors.ts";
import { connected, onCleanup, until } from "./test-support/harness.ts";
import type { AmiTransport } from "./transport.ts";

describe("bad input and broken transports", () => {
  it("an oversized packet from the server drops the connection with a typed cause, then reconnects", async () => {
    const { fake, client } = await connected({}, { maxPacketBytes: 1024 });
    fake.emit({ Event: "UserEvent", Privilege: "user,all", Blob: "x".repeat(4096) });
    await until(() => client.state.status === "reconnecting", "the connection to be dropped");
    const error = client.state.error as AmiConnectionError;
    expect(error).toBeInstanceOf(AmiConnectionError);
    expect(error.message).toMatch(/malformed AMI stream: AMI packet too large/);
    expect((error.cause as Error).name).toBe("AmiFrameTooLargeError");
    await until(() => client.state.status === "connected", "reconnected");
    await expect(client.action("Ping")).resolves.toMatchObject({ Ping: "Pong" });
  });

  it("a packet with more lines than maxPacketFields drops the connection with AmiFieldLimitError, then reconnects", async () => {
    const { fake, client } = await connected({}, { maxPacketFields: 50 });
    const seen: string[] = [];
    const subscription = client.events$.subscribe((event) => {
      if (event.Event === "UserEvent") seen.push(String(event.UserEvent));
    });
    onCleanup(() => subscription.unsubscribe());
    // 50 lines in all (Event, Privilege, UserEvent and 47 Line headers): at the limit, delivered.
    fake.emit({ Event: "UserEvent", Privilege: "user,all", UserEvent: "fits", Line: Array(47).fill("a") });
    await until(() => seen.includes("fits"), "the event at the limit");
    fake.emit({ Event: "UserEvent", Privilege: "user,all", UserEvent: "dense", Line: Array(48).fill("a") });
    await until(() => client.state.status === "reconnecting", "the connection to be dropped");
    const error = client.state.error as AmiConnectionError;
    expect(error).toBeInstanceOf(AmiConnectionError);
    expect(error.message).toMatch(/malformed AMI stream: AMI packet has too many lines/);
    expect(error.cause).toBeInstanceOf(AmiFieldLimitError);
    expect((error.cause as AmiFieldLimitError).limit).toBe(50);
    expect(seen).toEqual(["fits"]);
    await until(() => client.state.status === "connected", "reconnected");
    await expect(client.action("Ping")).resolves.toMatchObject({ Ping: "Pong" });
  });

  it("a transport whose open() throws synchronously yields AmiConnectionError, not a crash", async () => {
    const transport: AmiTransport = {
      specificationVersion: "v1",
      name: "throws",
      open() {
        throw new TypeError("boom");
      },
    };
    const client = createClient({ transport, username: "a", secret: "b" });
    onCleanup(() => client.close());
    const error = (await client.connect().catch((e) => e)) as AmiConnectionError;
    expect(error).toBeInstanceOf(AmiConnectionError);
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it("a failing write ends the actions it carried with AmiConnectionError", async () => {
    const encoder = new TextEncoder();
    let writes = 0;
    const transport: AmiTransport = {
      specificationVersion: "v1",
      name: "flaky",
      async open(_target, handlers) {
        setTimeout(() => handlers.onData(encoder.encode("Asterisk Call Manager/11.0.0\r\n")), 0);
        return {
          secure: false,
          async write(chunk: Uint8Array) {
            writes += 1;
            if (writes > 1) throw new Error("EPIPE");
            const id = new TextDecoder().decode(chunk).match(/ActionID: (.*)\r\n/)?.[1];
            setTimeout(
              () => handlers.onData(encoder.encode(`Response: Success\r\nActionID: ${id}\r\n\r\n`)),
              0,
            );
          },
          async close() {
            handlers.onClose();
          },
        };
      },
    };
    const client = createClient({ transport, username: "a", secret: "b", reconnect: false });
    onCleanup(() => client.close());
    await client.connect();
    const results = await Promise.all([
      client.action("Ping").catch((e) => e),
      client.action("Ping").catch((e) => e),
    ]);
    for (const error of results) {
      expect(error).toBeInstanceOf(AmiConnectionError);
      expect(error.cause?.message).toBe("EPIPE");
    }
    expect(writes).toBe(2); // both actions went out in one write
    expect(client.pendingActions).toBe(0);
  });

  it("refuses Logoff as an action (close() is the way), and odd per-call timeouts", async () => {
    const { fake, client } = await connected();
    await expect(client.action("Logoff")).rejects.toThrow(/use client.close\(\)/);
    await expect(client.send({ Action: "logoff" })).rejects.toBeInstanceOf(AmiValidationError);
    await expect(client.action("Ping", {}, { timeout: 0 })).rejects.toBeInstanceOf(AmiValidationError);
    expect(fake.received.some((a) => a.name.toLowerCase() === "logoff")).toBe(false);
    // A timeout beyond what timers can hold is capped, not fired at once.
    await expect(client.action("Ping", {}, { timeout: Number.POSITIVE_INFINITY })).resolves.toMatchObject({
      Ping: "Pong",
    });
  });

  it("ignores answers nobody waits for and responses without an ActionID", async () => {
    const { fake, client } = await connected();
    const session = fake.openSessions[0];
    session?.send({ Response: "Success", ActionID: "not-mine", Message: "stray" });
    session?.send({ Response: "Success", Message: "no id" });
    await expect(client.action("Ping")).resolves.toMatchObject({ Ping: "Pong" });
    expect(client.state.status).toBe("connected");
  });
});

describe("server text in error messages", () => {
  it("a megabyte Message or Command output is cut to 500 characters in the error, whole on response", async () => {
    const { fake, client } = await connected();
    const huge = "m".repeat(1_000_000);
    fake.handle("Fails", { Response: "Error", Message: huge });
    const error = (await client.action("Fails").catch((e) => e)) as AmiActionError;
    expect(error).toBeInstanceOf(AmiActionError);
    expect(error.message.length).toBeLessThan(600);
    expect(error.message).toContain("(1000000 characters;");
    expect(error.response.Message).toBe(huge);
    fake.handle("Short", { Response: "Error", Message: "Channel not specified" });
    await expect(client.action("Short")).rejects.toMatchObject({ message: "Channel not specified" });
  });
});
