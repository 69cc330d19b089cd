import net from "node:net";

/**
 * `count-baseline`: the transport's limit. Reads the socket and counts `\r\n\r\n` without decoding
 * anything; it cannot tell an event from a response, so it stops after the expected number of packets.
 * Its Ping run writes all Pings in one write and counts the answers' terminators.
 * @type {import("./client.mjs").E2eClient}
 */
export default {
  name: "count-baseline",
  label: "`count-baseline`",
  packageName: undefined,
  how: "`net.connect`, Login written by hand, then only counts `\\r\\n\\r\\n` in the bytes (decodes nothing; knows the expected count); Ping: all Pings pre-encoded in one `socket.write`, answers counted.",
  countsOnly: true,
  async connect({ port, onEvent }) {
    const socket = net.connect(port, "127.0.0.1");
    socket.setNoDelay(true);
    /** The last (up to 3) bytes of the previous read, to find a terminator split across reads. */
    let tail = new Uint8Array(0);
    let packets = 0;
    let loggedIn = () => {};
    /** @type {(count: number) => void} */
    let onPackets = () => {};
    socket.on("data", (chunk) => {
      let found = countStraddling(tail, chunk);
      for (let index = chunk.indexOf(13); index >= 0 && index + 3 < chunk.length; ) {
        if (chunk[index + 1] === 10 && chunk[index + 2] === 13 && chunk[index + 3] === 10) {
          found++;
          index = chunk.indexOf(13, index + 4);
        } else {
          index = chunk.indexOf(13, index + 1);
        }
      }
      tail =
        chunk.length >= 3 ? chunk.slice(chunk.length - 3) : Uint8Array.from([...tail, ...chunk].slice(-3));
      if (found === 0) return;
      if (packets === 0) {
        packets = 1;
        found--;
        loggedIn();
      }
      packets += found;
      for (let index = 0; index < found; index++) onEvent(undefined);
      onPackets(found);
    });
    await new Promise((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    const login = new Promise((resolve) => {
      loggedIn = () => resolve(undefined);
    });
    socket.write("Action: Login\r\nActionID: login\r\nUsername: bench\r\nSecret: bench\r\n\r\n");
    await login;
    return {
      pingAll(count) {
        let answered = 0;
        const done = new Promise((resolve) => {
          onPackets = (found) => {
            answered += found;
            if (answered >= count) resolve(undefined);
          };
        });
        const parts = [];
        for (let id = 0; id < count; id++) parts.push(`Action: Ping\r\nActionID: ${id}\r\n\r\n`);
        socket.write(parts.join(""));
        return done;
      },
      close: () => socket.destroy(),
    };
  },
};

const TERMINATOR = [13, 10, 13, 10];

/**
 * Terminators that start in `tail` (the previous read's last bytes) and end in `chunk`.
 * @param {Uint8Array} tail
 * @param {Uint8Array} chunk
 */
function countStraddling(tail, chunk) {
  let found = 0;
  for (let start = 0; start < tail.length; start++) {
    let ok = true;
    for (let offset = 0; offset < 4 && ok; offset++) {
      const at = start + offset;
      const byte = at < tail.length ? tail[at] : chunk[at - tail.length];
      ok = byte === TERMINATOR[offset];
    }
    if (ok && start + 4 > tail.length) found++;
  }
  return found;
}
