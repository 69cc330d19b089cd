// The greeting check: a peer whose first line is not an AMI greeting never receives the Login (and so
// never the secret). Raw TCP servers on 127.0.0.1 play SSH, SMTP, Redis and a "yes to everything" peer.
import type { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { createClient } from "./client.ts";
import { AmiConnectionError, AmiGreetingError, AmiTimeoutError } from "./errors.ts";
import { DEFAULT_GREETING, isGreeting, shortQuote } from "./greeting.ts";
import type { AmiClientOptions } from "./options.ts";
import { collect, onCleanup } from "./test-support/harness.ts";
import { rawServer, tcpTransport } from "./test-support/tcp-transport.ts";

const SECRET = "s3cret-never-sent";

function clientFor(port: number, options: Partial<AmiClientOptions> = {}) {
  const client = createClient({
    transport: tcpTransport(),
    host: "127.0.0.1",
    port,
    username: "admin",
    secret: SECRET,
    connectTimeout: 3000,
    reconnect: false,
    ...options,
  });
  onCleanup(() => client.close());
  return client;
}

/** Connects, expecting a failure; returns it with the state sequence seen. */
async function failedConnect(port: number, options: Partial<AmiClientOptions> = {}) {
  const client = clientFor(port, options);
  const states = collect(client.state$);
  const error = await client.connect().then(
    () => undefined,
    (reason: unknown) => reason as Error,
  );
  await client.close();
  return { error, states: states.map((s) => (s.error ? `${s.status}(error)` : s.status)) };
}

/** A peer that answers every AMI action it reads with a success, echoing its ActionID. */
function answerEverything(socket: Socket, text: string): void {
  for (const match of text.matchAll(/ActionID: (\S+)/g)) {
    socket.write(`Response: Success\r\nActionID: ${match[1]}\r\nMessage: Authentication accepted\r\n\r\n`);
  }
}

describe("the greeting is checked before anything is sent", () => {
  const peers: [string, string, string | undefined, string][] = [
    ["SSH", "SSH-2.0-OpenSSH_9.2p1\r\n", "Protocol mismatch.\r\n", '"SSH-2.0-OpenSSH_9.2p1"'],
    [
      "SMTP",
      "220 mail ESMTP Postfix\r\n",
      "502 5.5.2 Error: command not recognized\r\n",
      '"220 mail ESMTP Postfix"',
    ],
    [
      "a peer that says Response: Success to anything",
      "Response: Success\r\nMessage: Authentication accepted\r\n\r\n",
      undefined,
      '"Response: Success"',
    ],
  ];
  for (const [name, greeting, reply, quoted] of peers) {
    it(`${name}: AmiGreetingError "not an AMI server", and no Login nor Secret ever reaches it`, async () => {
      const server = await rawServer({
        greet: (socket) => socket.write(greeting),
        answer: (socket, text) =>
          reply === undefined ? answerEverything(socket, text) : socket.write(reply),
      });
      const { error, states } = await failedConnect(server.port);
      expect(error).toBeInstanceOf(AmiGreetingError);
      expect(error).toBeInstanceOf(AmiConnectionError);
      expect(error?.message).toContain(`127.0.0.1:${server.port} is not an AMI server`);
      expect(error?.message).toContain(quoted);
      expect((error as AmiGreetingError).received).toBe(quoted);
      expect(error?.message).not.toContain(SECRET);
      expect(server.received()).not.toMatch(/Secret|Action: Login/i);
      expect(server.received()).toBe("");
      expect(states).toEqual(["idle", "connecting", "closed(error)"]);
    });
  }

  it("Redis (silent until spoken to): the existing typed timeout, and nothing is sent", async () => {
    const server = await rawServer({ answer: (socket) => socket.write("-ERR unknown command\r\n") });
    const { error, states } = await failedConnect(server.port, { connectTimeout: 150 });
    expect(error).toBeInstanceOf(AmiConnectionError);
    expect(error).not.toBeInstanceOf(AmiGreetingError);
    expect(error?.cause).toBeInstanceOf(AmiTimeoutError);
    expect(error?.message).toMatch(/greeting/);
    expect(server.received()).toBe("");
    expect(states).toEqual(["idle", "connecting", "closed(error)"]);
  });

  it("quotes at most a short, escaped prefix of a long hostile first line", async () => {
    const line = `\u001b[2J${"A".repeat(10_000)}"\\`;
    const server = await rawServer({ greet: (socket) => socket.write(`${line}\r\n`) });
    const { error } = await failedConnect(server.port);
    expect(error).toBeInstanceOf(AmiGreetingError);
    expect(error?.message.length).toBeLessThan(400);
    expect(error?.message).toContain('"\\u001b[2JAAAA');
    expect(error?.message).toContain("…");
    expect(error?.message).not.toContain("\u001b");
  });

  it("a first line that does not end within 1 KiB fails at once instead of being buffered to maxPacketBytes", async () => {
    const server = await rawServer({ greet: (socket) => socket.write("\u0000\u0001binary".repeat(200)) });
    const started = Date.now();
    const { error } = await failedConnect(server.port, { connectTimeout: 5000 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(AmiGreetingError);
    expect((error as AmiGreetingError).received).toMatch(/^"\\u0000\\u0001binary/);
    expect(server.received()).toBe("");
  });

  it("the greeting option lets a proxy's own greeting through (RegExp or function)", async () => {
    const server = await rawServer({
      greet: (socket) => socket.write("AMI-Proxy/2.1 ready\r\n"),
      answer: answerEverything,
    });
    const rejected = await failedConnect(server.port);
    expect(rejected.error).toBeInstanceOf(AmiGreetingError);
    expect(server.received()).toBe("");

    for (const greeting of [/^AMI-Proxy\/\d/g, (line: string) => line.startsWith("AMI-Proxy/")]) {
      const client = clientFor(server.port, { greeting });
      await client.connect();
      expect(client.state.status).toBe("connected");
      expect(client.greeting).toBe("AMI-Proxy/2.1 ready");
      await client.close();
    }
    expect(server.received()).toMatch(/Action: Login/);
  });

  it("a greeting function that throws fails the connect with its error as the cause", async () => {
    const server = await rawServer({ greet: (socket) => socket.write("Asterisk Call Manager/11.0.0\r\n") });
    const oops = new Error("oops");
    const { error } = await failedConnect(server.port, {
      greeting: () => {
        throw oops;
      },
    });
    expect(error).toBeInstanceOf(AmiGreetingError);
    expect(error?.cause).toBe(oops);
    expect(server.received()).toBe("");
  });
});

describe("isGreeting and shortQuote", () => {
  it("accepts Asterisk's and astmanproxy's greetings by default, nothing else", () => {
    for (const line of [
      "Asterisk Call Manager/11.0.0",
      "Asterisk Call Manager/1.1",
      "Asterisk Call Manager Proxy/1.22",
    ])
      expect(isGreeting(line, DEFAULT_GREETING), line).toBe(true);
    for (const line of [
      "SSH-2.0-OpenSSH_9.2p1",
      "220 mail ESMTP",
      "-ERR",
      "Response: Success",
      "asterisk call manager/1",
      "",
    ])
      expect(isGreeting(line, DEFAULT_GREETING), line).toBe(false);
  });

  it("does not depend on (nor move) a global RegExp's lastIndex", () => {
    const check = /^Proxy/g;
    expect([isGreeting("Proxy 1", check), isGreeting("Proxy 1", check)]).toEqual([true, true]);
    expect(check.lastIndex).toBe(0);
  });

  it("quotes short, escaped, and marks a cut", () => {
    expect(shortQuote("ok")).toBe('"ok"');
    expect(shortQuote('a"b\\c\r\n\t\u0000é')).toBe('"a\\"b\\\\c\\r\\n\\t\\u0000\\u00e9"');
    expect(shortQuote("x".repeat(100))).toBe(`"${"x".repeat(40)}"…`);
  });
});
