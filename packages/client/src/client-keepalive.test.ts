import { describe, expect, it } from "vitest";
import { AmiConnectionError } from "./errors.ts";
import { connected, sleep, until } from "./test-support/harness.ts";

describe("keepalive", () => {
  it("pings every interval while connected", async () => {
    const { fake } = await connected({}, { keepalive: 10 });
    await until(() => fake.received.filter((a) => a.name === "Ping").length >= 3, "three keepalive Pings");
  });

  it("treats a missing pong as a dead connection: closes it and reconnects", async () => {
    const { fake, client } = await connected({}, { keepalive: { interval: 10, timeout: 20 } });
    fake.handle("Ping", (request) =>
      request.session.id === 1 ? undefined : request.fallback().then(() => undefined),
    );
    await until(() => client.state.status === "reconnecting", "the dead connection to be noticed");
    expect(client.state.error).toBeInstanceOf(AmiConnectionError);
    expect(client.state.error?.message).toMatch(/keepalive: no answer to Ping within 20 ms/);
    await until(() => client.state.status === "connected" && fake.sessions.length === 2, "reconnected");
    expect(fake.sessions[0]?.closed).toBe(true);
    await sleep(50);
    expect(client.state.status).toBe("connected");
    expect(fake.sessions).toHaveLength(2);
  });

  it("counts any answer, even an error, as alive", async () => {
    const { fake, client } = await connected({}, { keepalive: { interval: 10, timeout: 20 } });
    fake.handle("Ping", { Response: "Error", Message: "Permission denied" });
    await sleep(80);
    expect(client.state.status).toBe("connected");
    expect(fake.sessions).toHaveLength(1);
  });

  it("stops pinging after close()", async () => {
    const { fake, client } = await connected({}, { keepalive: 10 });
    await client.close();
    const pings = fake.received.filter((a) => a.name === "Ping").length;
    await sleep(40);
    expect(fake.received.filter((a) => a.name === "Ping")).toHaveLength(pings);
  });
});
