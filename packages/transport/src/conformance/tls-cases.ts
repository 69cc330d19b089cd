import type { AmiTarget, AmiTlsOptions, AmiTransport } from "../contract.ts";
import { check, checkRejects, checkSameBytes, waitUntil } from "./assert.ts";
import type { CaseDefinition } from "./case.ts";
import { testCertificates } from "./certificates.ts";
import { type PeerServer, withPeerServer } from "./peer-server.ts";
import { concat, patternBytes, recordHandlers } from "./recorder.ts";

const greeting = new TextEncoder().encode("Asterisk Call Manager/11.0.0\r\n");
const connectTimeout = 300;

function tlsTarget(server: PeerServer, tls: boolean | AmiTlsOptions): AmiTarget {
  return { host: server.host, port: server.port, tls, connectTimeout: 5000 };
}

/** Opens with `tls`, checks `secure`, exchanges bytes with the echoing peer, closes cleanly. */
async function exchangeOverTls(
  transport: AmiTransport,
  server: PeerServer,
  tls: AmiTlsOptions,
): Promise<void> {
  const recorder = recordHandlers();
  const socket = await transport.open(tlsTarget(server, tls), recorder);
  check(socket.secure === true, `secure is ${socket.secure} on a TLS connection`);
  const payload = patternBytes(200_000, 5);
  await socket.write(payload);
  const expected = concat([greeting, payload]);
  await waitUntil(() => recorder.receivedLength() >= expected.length, 10_000, "the echo over TLS");
  checkSameBytes(recorder.received(), expected, "bytes received over TLS");
  await socket.close();
  check(
    recorder.closes.length === 1 && recorder.closes[0] === undefined,
    "onClose was not called exactly once, without error, after close()",
  );
}

/** Expects `open()` with `tls` to fail verification with code "tls" and a message naming the target. */
async function expectRejected(
  transport: AmiTransport,
  server: PeerServer,
  tls: boolean | AmiTlsOptions,
  what: string,
): Promise<void> {
  const recorder = recordHandlers();
  const error = await checkRejects(transport.open(tlsTarget(server, tls), recorder), "tls", what);
  check(
    error.message.includes(String(server.port)),
    `the message does not name the target: ${error.message}`,
  );
  check(
    recorder.closes.length === 0 && recorder.chunks.length === 0,
    "handlers were called for a failed open()",
  );
}

/** TLS: verification, options, failures. @internal */
export const tlsCases: readonly CaseDefinition[] = [
  {
    name: "TLS with ca and serverName: secure is true, bytes flow both ways",
    async run({ transport }) {
      const certificates = await testCertificates();
      const tls = { cert: certificates.serverCert, key: certificates.serverKey };
      await withPeerServer({ tls, greeting, echo: true }, (server) =>
        exchangeOverTls(transport, server, { ca: certificates.ca, serverName: "localhost" }),
      );
    },
  },
  {
    name: "TLS without serverName checks the certificate against the host address",
    async run({ transport }) {
      const certificates = await testCertificates();
      const tls = { cert: certificates.serverCert, key: certificates.serverKey };
      await withPeerServer({ tls, greeting, echo: true }, (server) =>
        exchangeOverTls(transport, server, { ca: [certificates.ca] }),
      );
    },
  },
  {
    name: 'TLS rejects a certificate from an untrusted CA with code "tls"',
    async run({ transport }) {
      const certificates = await testCertificates();
      const tls = { cert: certificates.serverCert, key: certificates.serverKey };
      await withPeerServer({ tls, greeting }, async (server) => {
        await expectRejected(
          transport,
          server,
          { ca: certificates.otherCa },
          "a certificate from another CA",
        );
        await expectRejected(transport, server, true, "a certificate no system CA signed");
      });
    },
  },
  {
    name: 'TLS rejects a server name the certificate does not cover with code "tls"',
    async run({ transport }) {
      const certificates = await testCertificates();
      const tls = { cert: certificates.serverCert, key: certificates.serverKey };
      await withPeerServer({ tls, greeting }, (server) =>
        expectRejected(
          transport,
          server,
          { ca: certificates.ca, serverName: "wrong.example" },
          "a certificate for another name",
        ),
      );
    },
  },
  {
    name: 'TLS rejectUnauthorized: false accepts an unverified certificate (or is refused as "unsupported")',
    async run({ transport, supports }) {
      const certificates = await testCertificates();
      const tls = { cert: certificates.serverCert, key: certificates.serverKey };
      await withPeerServer({ tls, greeting, echo: true }, async (server) => {
        if (supports("tls-reject-unauthorized-false")) {
          await exchangeOverTls(transport, server, { rejectUnauthorized: false });
        } else {
          await checkRejects(
            transport.open(tlsTarget(server, { rejectUnauthorized: false }), recordHandlers()),
            "unsupported",
            "rejectUnauthorized: false on a runtime that cannot honour it",
          );
        }
      });
    },
  },
  {
    name: "TLS presents a client certificate to a server that requires one (mutual TLS)",
    async run({ transport }) {
      const certificates = await testCertificates();
      const tls = {
        cert: certificates.serverCert,
        key: certificates.serverKey,
        ca: certificates.ca,
        requestCert: true,
        rejectUnauthorized: true,
      };
      const client = { ca: certificates.ca, cert: certificates.clientCert, key: certificates.clientKey };
      await withPeerServer({ tls, greeting, echo: true }, (server) =>
        exchangeOverTls(transport, server, client),
      );
    },
  },
  {
    name: 'TLS with serverName and a client certificate together (or refused as "unsupported")',
    async run({ transport, supports }) {
      const certificates = await testCertificates();
      const tls = {
        cert: certificates.serverCert,
        key: certificates.serverKey,
        ca: certificates.ca,
        requestCert: true,
        rejectUnauthorized: true,
      };
      const client = {
        ca: certificates.ca,
        serverName: "localhost",
        cert: certificates.clientCert,
        key: certificates.clientKey,
      };
      await withPeerServer({ tls, greeting, echo: true }, async (server) => {
        if (supports("tls-server-name-with-client-certificate")) {
          await exchangeOverTls(transport, server, client);
        } else {
          await checkRejects(
            transport.open(tlsTarget(server, client), recordHandlers()),
            "unsupported",
            "serverName with a client certificate on a runtime that cannot combine them",
          );
        }
      });
    },
  },
  {
    name: 'a TLS handshake the server never answers fails with code "timeout" after connectTimeout',
    async run({ transport }) {
      await withPeerServer({}, async (server) => {
        const recorder = recordHandlers();
        const started = Date.now();
        await checkRejects(
          transport.open({ host: server.host, port: server.port, tls: true, connectTimeout }, recorder),
          "timeout",
          "open() to a TCP listener that never answers the TLS handshake",
        );
        const elapsed = Date.now() - started;
        check(elapsed >= connectTimeout - 50, `rejected after ${elapsed} ms, before connectTimeout elapsed`);
        check(elapsed < connectTimeout + 3000, `rejected after ${elapsed} ms, long after connectTimeout`);
        check(recorder.closes.length === 0, "onClose was called for a connection that never opened");
      });
    },
  },
  {
    name: 'TLS to a plain-text AMI port fails with code "tls"',
    async run({ transport }) {
      await withPeerServer({ greeting }, (server) =>
        expectRejected(transport, server, { serverName: "localhost" }, "TLS to a plain-text server"),
      );
    },
  },
];
