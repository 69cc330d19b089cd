import { afterEach, describe, expect, it } from "vitest";
import { createFakeAsterisk, type FakeAsterisk } from "./index.ts";
import { WireClient } from "./test-support/wire-client.ts";

let fake: FakeAsterisk;
afterEach(async () => {
  await fake?.close();
});

describe("smoke", () => {
  it("greets and logs in over memory", async () => {
    fake = createFakeAsterisk();
    const client = await WireClient.memory(fake.transport());
    await client.action({ Action: "Login", ActionID: "l1", Username: "admin", Secret: "amipass" });
    await client.packetCount(4);
  });
  it("greets and logs in over tcp", async () => {
    fake = createFakeAsterisk();
    const { port } = await fake.listen();
    const client = await WireClient.tcp(port);
    await client.action({ Action: "Login", ActionID: "l1", Username: "admin", Secret: "amipass" });
    await client.action({ Action: "Ping", ActionID: "p1" });
    await client.response("p1");
    expect(client.packets.length).toBe(5);
  });
});
