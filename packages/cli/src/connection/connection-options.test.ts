import { describe, expect, it } from "vitest";
import { UsageError } from "../cli-errors.ts";
import { describeTarget, parseAmiUrl, resolveConnectionSettings } from "./connection-options.ts";

describe("parseAmiUrl", () => {
  it("reads user, secret, host and port, percent-decoding the credentials", () => {
    expect(parseAmiUrl("ami://admin:p%40ss%3Aword@pbx.example:5038")).toEqual({
      tls: false,
      host: "pbx.example",
      port: 5038,
      username: "admin",
      secret: "p@ss:word",
    });
  });

  it("treats amis:// as TLS and unwraps an IPv6 host", () => {
    expect(parseAmiUrl("amis://admin@[::1]")).toEqual({ tls: true, host: "::1", username: "admin" });
  });

  it("rejects other schemes and garbage with a UsageError that does not echo the secret", () => {
    expect(() => parseAmiUrl("http://admin:hunter2@host")).toThrow(UsageError);
    expect(() => parseAmiUrl("http://admin:hunter2@host")).not.toThrow(/hunter2/);
    expect(() => parseAmiUrl("not a url")).toThrow(/invalid URL/);
    expect(() => parseAmiUrl("ami://admin@host/path")).toThrow(/path/);
  });
});

describe("resolveConnectionSettings", () => {
  it("takes flags over the URL over the environment over the defaults", () => {
    const env = {
      AMI_HOST: "env-host",
      AMI_PORT: "6000",
      AMI_USERNAME: "env-user",
      AMI_SECRET: "env-secret",
    };
    expect(resolveConnectionSettings({}, env)).toEqual({
      host: "env-host",
      port: 6000,
      tls: false,
      username: "env-user",
      secret: "env-secret",
      authType: "plain",
    });
    expect(resolveConnectionSettings({ url: "ami://url-user:url-secret@url-host:7000" }, env)).toMatchObject({
      host: "url-host",
      port: 7000,
      username: "url-user",
      secret: "url-secret",
    });
    expect(
      resolveConnectionSettings(
        { url: "ami://url-user@url-host:7000", host: "flag-host", port: "8000" },
        env,
      ),
    ).toMatchObject({ host: "flag-host", port: 8000, username: "url-user", secret: "env-secret" });
  });

  it("defaults to 127.0.0.1:5038, or 5039 with TLS, and leaves the secret absent for a prompt", () => {
    expect(resolveConnectionSettings({ username: "admin" }, {})).toEqual({
      host: "127.0.0.1",
      port: 5038,
      tls: false,
      username: "admin",
      authType: "plain",
    });
    expect(resolveConnectionSettings({ username: "admin" }, { AMI_TLS: "yes" })).toMatchObject({
      tls: true,
      port: 5039,
    });
    expect(resolveConnectionSettings({ url: "amis://admin@h" }, {})).toMatchObject({ tls: true, port: 5039 });
  });

  it("turns TLS on for any --tls-* flag or AMI_TLS_* variable, flags winning, and pairs cert with key", () => {
    expect(resolveConnectionSettings({ username: "a", tlsCa: "/ca.pem" }, {})).toMatchObject({
      tls: true,
      port: 5039,
      tlsSettings: { caFile: "/ca.pem" },
    });
    expect(
      resolveConnectionSettings(
        { username: "a", tlsServerName: "pbx.example", tlsInsecure: true },
        { AMI_TLS_CA: "/env-ca.pem", AMI_TLS_SERVER_NAME: "env.example" },
      ).tlsSettings,
    ).toEqual({ caFile: "/env-ca.pem", serverName: "pbx.example", insecure: true });
    expect(
      resolveConnectionSettings({}, { AMI_URL: "ami://a@h", AMI_TLS_CERT: "/c.pem", AMI_TLS_KEY: "/k.pem" }),
    ).toMatchObject({ tls: true, tlsSettings: { certFile: "/c.pem", keyFile: "/k.pem" } });
    // An explicit ami:// URL or AMI_TLS=0 keeps plain TCP despite AMI_TLS_* in the environment.
    const plain = resolveConnectionSettings({ url: "ami://a@h" }, { AMI_TLS_CA: "/ca.pem" });
    expect(plain.tls).toBe(false);
    expect(plain.tlsSettings).toBeUndefined();
    expect(resolveConnectionSettings({ username: "a" }, { AMI_TLS: "0", AMI_TLS_CA: "/ca.pem" }).tls).toBe(
      false,
    );
    expect(() => resolveConnectionSettings({ username: "a", tlsKey: "/k.pem" }, {})).toThrow(
      /--tls-key needs --tls-cert/,
    );
    expect(() => resolveConnectionSettings({ username: "a" }, { AMI_TLS_CERT: "/c.pem" })).toThrow(
      /--tls-cert needs --tls-key/,
    );
  });

  it("accepts AMI_URL as a whole", () => {
    expect(resolveConnectionSettings({}, { AMI_URL: "ami://u:s@h:1234" })).toMatchObject({
      host: "h",
      port: 1234,
      username: "u",
    });
  });

  it("reports what is missing or malformed", () => {
    expect(() => resolveConnectionSettings({}, {})).toThrow(/no user name/);
    expect(() => resolveConnectionSettings({ username: "a", port: "x" }, {})).toThrow(/not a port number/);
    expect(() => resolveConnectionSettings({ username: "a", port: "70000" }, {})).toThrow(/out of range/);
    expect(() => resolveConnectionSettings({ username: "a", auth: "sha" }, {})).toThrow(/plain" or "md5/);
  });

  it("describes the target without the secret", () => {
    const settings = resolveConnectionSettings({ url: "ami://admin:topsecret@[::1]:5038" }, {});
    expect(describeTarget(settings)).toBe("admin@[::1]:5038");
  });
});
