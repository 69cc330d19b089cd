/** Answers per event-loop turn: about what one 64 KiB socket read of Ping answers carries. */
const ANSWERS_PER_TURN = 800;

/**
 * `promise-floor`: no socket and no decoding, only what the Ping measurement itself costs a client
 * that answers each call with a promise. `ping()` returns a promise whose resolver waits in a `Map`;
 * the answers come `ANSWERS_PER_TURN` per event-loop turn, each a 4-field object like a decoded Ping
 * answer. No promise-per-action API can be faster than this, or use less memory, under the same
 * `Promise.all` of 100 000 calls.
 * @type {import("./client.mjs").E2eClient}
 */
export default {
  name: "promise-floor",
  label: "`promise-floor` (no socket)",
  packageName: undefined,
  how: `no socket: \`ping()\` returns a promise whose resolver waits in a \`Map\`; ${ANSWERS_PER_TURN} answers per event-loop turn (about one 64 KiB read of Ping answers), each a 4-field object — the harness's own cost, the floor of any promise-per-action API.`,
  pingOnly: true,
  async connect() {
    /** @type {Map<number, (answer: Record<string, string>) => void>} */
    const pending = new Map();
    let issued = 0;
    let answered = 0;
    let scheduled = false;
    const answerSome = () => {
      const end = Math.min(issued, answered + ANSWERS_PER_TURN);
      for (; answered < end; answered++) {
        const resolve = pending.get(answered);
        pending.delete(answered);
        resolve?.({
          Response: "Success",
          ActionID: String(answered),
          Ping: "Pong",
          Timestamp: "1795712935.000000",
        });
      }
      scheduled = answered < issued;
      if (scheduled) setImmediate(answerSome);
    };
    return {
      ping: () =>
        new Promise((resolve) => {
          pending.set(issued++, resolve);
          if (!scheduled) {
            scheduled = true;
            setImmediate(answerSome);
          }
        }),
      close() {},
    };
  },
};
