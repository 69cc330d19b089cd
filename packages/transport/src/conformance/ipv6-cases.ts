import { check, checkSameBytes, waitUntil } from "./assert.ts";
import type { CaseDefinition } from "./case.ts";
import { testCertificates } from "./certificates.ts";
import { ipv6LoopbackUnavailable, withPeerServer } from "./peer-server.ts";
import { concat, patternBytes, recordHandlers } from "./recorder.ts";

const greeting = new TextEncoder().encode("Asterisk Call Manager/11.0.0\r\n");

/** Dialling the IPv6 loopback `::1`: the host is a bare address (no brackets). @internal */
export const ipv6Cases: readonly CaseDefinition[] = [
  {
    name: "open() dials the IPv6 loopback ::1: bytes flow both ways, close() ends it",
    skipReason: ipv6LoopbackUnavailable,
    async run({ transport }) {
      await withPeerServer({ host: "::1", greeting, echo: true }, async (server) => {
        const recorder = recordHandlers();
        const socket = await transport.open(
          { host: "::1", port: server.port, connectTimeout: 5000 },
          recorder,
        );
        check(socket.secure === false, `secure is ${socket.secure} on a plain TCP connection`);
        const peer = await server.accepted();
        const remote = peer.socket.remoteAddress ?? "";
        check(remote === "::1", `the peer saw a connection from ${remote}, not from ::1`);
        const payload = patternBytes(100_000, 9);
        await socket.write(payload);
        const expected = concat([greeting, payload]);
        await waitUntil(() => recorder.receivedLength() >= expected.length, 10_000, "the echo over ::1");
        checkSameBytes(recorder.received(), expected, "bytes received over ::1");
        await socket.close();
        await peer.closed;
        check(
          recorder.closes.length === 1 && recorder.closes[0] === undefined,
          "onClose was not called exactly once, without error, after close()",
        );
      });
    },
  },
  {
    name: "TLS to ::1 verifies the certificate's IPv6 address entry (ca only, no serverName)",
    skipReason: ipv6LoopbackUnavailable,
    async run({ transport }) {
      const certificates = await testCertificates();
      const tls = { cert: certificates.serverCert, key: certificates.serverKey };
      await withPeerServer({ host: "::1", tls, greeting, echo: true }, async (server) => {
        const recorder = recordHandlers();
        const socket = await transport.open(
          { host: "::1", port: server.port, tls: { ca: certificates.ca }, connectTimeout: 5000 },
          recorder,
        );
        check(socket.secure === true, `secure is ${socket.secure} on a TLS connection`);
        const payload = patternBytes(20_000, 3);
        await socket.write(payload);
        const expected = concat([greeting, payload]);
        await waitUntil(
          () => recorder.receivedLength() >= expected.length,
          10_000,
          "the echo over TLS on ::1",
        );
        checkSameBytes(recorder.received(), expected, "bytes received over TLS on ::1");
        await socket.close();
      });
    },
  },
];
