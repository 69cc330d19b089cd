import net from "node:net";

const GREETING = "Asterisk Call Manager/11.0.0\r\n";
/** The event that ends every stream: clients stop when they see it. */
export const MARKER_EVENT_NAME = "BenchEnd";
export const MARKER = Buffer.from(`Event: ${MARKER_EVENT_NAME}\r\nPrivilege: user,all\r\n\r\n`);
/** The event between a stream's warm-up and its timed part: clients start the clock when they see it. */
export const START_EVENT_NAME = "BenchStart";
export const START_MARKER = Buffer.from(`Event: ${START_EVENT_NAME}\r\nPrivilege: user,all\r\n\r\n`);

/**
 * What the server does after a successful Login:
 * - `stream`: write `warmup` (if any) then the start marker, then `bytes`, then the end marker, in
 *   `chunkBytes` writes, as fast as the socket takes them (up to 1 MiB queued ahead of the kernel);
 * - `pieces`: write each piece, wait for its write callback and 1 ms, so pieces usually arrive as separate
 *   reads (used to split UTF-8 characters across reads; TCP may still merge some), then the marker;
 * - `idle`: nothing (Ping benchmark).
 * - `mute`: nothing, and no action but Login is answered (memory per pending action).
 * Ping is always answered, except in `mute`.
 * @typedef {{ kind: "stream", bytes: Buffer, chunkBytes: number, warmup?: Buffer } | { kind: "pieces", pieces: Buffer[] } | { kind: "idle" } | { kind: "mute" }} Scenario
 */

/**
 * A replay server on 127.0.0.1 standing in for Asterisk: greets, accepts any Login, answers Ping (and
 * any other action with a plain Success), then plays the current scenario. One connection at a time is
 * what the benchmark uses, but several work.
 * @returns {Promise<{ port: number, setScenario(scenario: Scenario): void, close(): Promise<void> }>}
 */
export async function startReplayServer() {
  /** @type {Scenario} */
  let scenario = { kind: "idle" };
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.setNoDelay(true);
    const current = scenario;
    let pending = "";
    let streaming = false;
    socket.setEncoding("utf8");
    socket.write(GREETING);
    socket.on("data", (text) => {
      pending += text;
      let reply = "";
      let end = pending.indexOf("\r\n\r\n");
      let start = 0;
      let startStream = false;
      let logoff = false;
      while (end >= 0) {
        const answer = answerAction(pending.slice(start, end));
        if (current.kind !== "mute" || answer.login) reply += answer.text;
        if (answer.login && !streaming) {
          streaming = true;
          startStream = true;
        }
        if (answer.logoff) logoff = true;
        start = end + 4;
        end = pending.indexOf("\r\n\r\n", start);
      }
      pending = pending.slice(start);
      if (reply !== "") socket.write(reply);
      if (logoff) socket.end();
      else if (startStream) play(socket, current).catch(() => socket.destroy());
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("replay server has no port");
  return {
    port: address.port,
    setScenario(next) {
      scenario = next;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

/**
 * @param {string} packet one action, without its blank line
 * @returns {{ text: string, login: boolean, logoff: boolean }}
 */
function answerAction(packet) {
  let action = "";
  let actionId;
  for (const line of packet.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === "action") action = value.toLowerCase();
    else if (key === "actionid") actionId = value;
  }
  const id = actionId === undefined ? "" : `ActionID: ${actionId}\r\n`;
  if (action === "login") {
    return {
      text: `Response: Success\r\n${id}Message: Authentication accepted\r\n\r\n`,
      login: true,
      logoff: false,
    };
  }
  if (action === "ping") {
    return {
      text: `Response: Success\r\n${id}Ping: Pong\r\nTimestamp: 1795712935.000000\r\n\r\n`,
      login: false,
      logoff: false,
    };
  }
  if (action === "logoff") {
    return {
      text: `Response: Goodbye\r\n${id}Message: Thanks for all the fish.\r\n\r\n`,
      login: false,
      logoff: true,
    };
  }
  return { text: `Response: Success\r\n${id}Message: Accepted\r\n\r\n`, login: false, logoff: false };
}

/**
 * @param {net.Socket} socket
 * @param {Scenario} scenario
 */
async function play(socket, scenario) {
  if (scenario.kind === "stream") {
    const { bytes, chunkBytes, warmup } = scenario;
    if (warmup !== undefined) {
      await writeAll(socket, warmup, chunkBytes);
      if (!socket.write(START_MARKER)) await drained(socket);
    }
    await writeAll(socket, bytes, chunkBytes);
    socket.write(MARKER);
  } else if (scenario.kind === "pieces") {
    for (const piece of scenario.pieces) {
      if (socket.destroyed) return;
      await new Promise((resolve) => socket.write(piece, resolve));
      // A pause long enough that the client has usually read this piece before the next one arrives.
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    socket.write(MARKER);
  }
}

/**
 * Bytes a stream keeps queued in the server's socket ahead of the kernel. Waiting for `drain` after
 * each 64 KiB write (as the server did until issue 16's cold pass) let the kernel's send buffer run
 * dry while the server's event loop came round to the next write: a cold amikit client sat idle
 * for ~10 % of its timed pass (39 ms of 374 in a CPU profile; 18 ms with this queue), and every
 * client faster than the server's pace was measured at the server's pace.
 */
const AHEAD_BYTES = 1 << 20;

/**
 * Writes `bytes` in `chunkBytes` pieces as fast as the socket takes them, keeping up to
 * {@link AHEAD_BYTES} queued so that the client never waits for the server.
 * @param {net.Socket} socket
 * @param {Buffer} bytes
 * @param {number} chunkBytes
 */
async function writeAll(socket, bytes, chunkBytes) {
  for (let offset = 0; offset < bytes.length && !socket.destroyed; offset += chunkBytes) {
    socket.write(bytes.subarray(offset, offset + chunkBytes));
    if (socket.writableLength > AHEAD_BYTES) await drained(socket);
  }
}

/** @param {net.Socket} socket */
function drained(socket) {
  return new Promise((resolve) => {
    const done = () => {
      socket.off("drain", done);
      socket.off("close", done);
      resolve(undefined);
    };
    socket.on("drain", done);
    socket.on("close", done);
  });
}

/**
 * Cuts a corpus into pieces that end inside a multi-byte UTF-8 character wherever a packet has one
 * (after the first byte of its first such character), so that character arrives split across two reads.
 * @param {Buffer} bytes
 */
export function splitInsideCharacters(bytes) {
  const pieces = [];
  let start = 0;
  let cutInPacket = false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index] ?? 0;
    if (!cutInPacket && byte >= 0xc0) {
      pieces.push(bytes.subarray(start, index + 1));
      start = index + 1;
      cutInPacket = true;
    } else if (byte === 10 && bytes[index - 1] === 13 && bytes[index - 2] === 10 && bytes[index - 3] === 13) {
      cutInPacket = false;
    }
  }
  if (start < bytes.length) pieces.push(bytes.subarray(start));
  return pieces;
}
