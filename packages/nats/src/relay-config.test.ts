import { describe, expect, it } from "vitest";
import { AmiRelayConfigError, parseRelayConfig } from "./index.ts";

const env = { AMIKIT_SECRET_PBX_A: "s3cret-a", B_SECRET: "s3cret-b", NATS_TOKEN: "tok" };

describe("parseRelayConfig", () => {
  it("reads servers, takes secrets from the environment and applies the NATS settings", () => {
    const parsed = parseRelayConfig(
      JSON.stringify({
        nats: { servers: ["nats://127.0.0.1:4222"], tokenEnv: "NATS_TOKEN" },
        bufferSize: 5000,
        servers: [
          { name: "pbx-a", host: "pbx-a.example.net", username: "relay" },
          {
            name: "pbx_b",
            port: 5039,
            tls: true,
            username: "relay",
            secretEnv: "B_SECRET",
            allow: ["Originate"],
          },
        ],
      }),
      env,
    );
    expect(parsed.nats).toEqual({ servers: ["nats://127.0.0.1:4222"], token: "tok" });
    expect(parsed.relay.bufferSize).toBe(5000);
    expect(parsed.relay.servers).toEqual([
      { name: "pbx-a", host: "pbx-a.example.net", username: "relay", secret: "s3cret-a" },
      { name: "pbx_b", port: 5039, tls: true, username: "relay", secret: "s3cret-b", allow: ["Originate"] },
    ]);
  });

  it.each([
    ["not JSON", "{", /not valid JSON/],
    [
      "a secret in the file",
      JSON.stringify({ servers: [{ name: "a", username: "u", secret: "x" }] }),
      /secretEnv/,
    ],
    ["a missing variable", JSON.stringify({ servers: [{ name: "zz", username: "u" }] }), /AMIKIT_SECRET_ZZ/],
    [
      "a bad server name",
      JSON.stringify({ servers: [{ name: "a.b", username: "u" }] }),
      /Invalid server name/,
    ],
    ["an unknown key", JSON.stringify({ servers: [], extra: 1 }), /Unknown key "extra"/],
    ["no servers", JSON.stringify({ servers: [] }), /non-empty array/],
    [
      "a wrong type",
      JSON.stringify({ bufferSize: "10", servers: [{ name: "pbx-a", username: "u" }] }),
      /bufferSize/,
    ],
  ])("rejects %s with a typed error", (_, text, message) => {
    expect(() => parseRelayConfig(text, env)).toThrow(AmiRelayConfigError);
    expect(() => parseRelayConfig(text, env)).toThrow(message);
  });

  it("never puts a secret into an error message", () => {
    const text = JSON.stringify({ servers: [{ name: "pbx-a", username: "u", authType: "sha" }] });
    expect(() => parseRelayConfig(text, env)).toThrow(/authType/);
    try {
      parseRelayConfig(text, env);
    } catch (error) {
      expect(String((error as Error).message)).not.toContain("s3cret-a");
    }
  });
});
