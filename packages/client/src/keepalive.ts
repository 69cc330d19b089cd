/**
 * Keepalive: a `Ping` every interval while connected. Any answer (even an error) proves the connection
 * alive; no answer within the timeout means it is dead, and the owner drops it (and reconnects).
 */
import { AmiConnectionError, AmiTimeoutError } from "./errors.ts";

/** Sends one Ping with the given timeout; resolves on any answer. @internal */
export type SendPing = (timeout: number) => Promise<unknown>;

/** Pings one connection until stopped. @internal */
export class Keepalive {
  readonly #interval: number;
  readonly #timeout: number;
  readonly #ping: SendPing;
  readonly #dead: (error: AmiConnectionError) => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;

  constructor(interval: number, timeout: number, ping: SendPing, dead: (error: AmiConnectionError) => void) {
    this.#interval = interval;
    this.#timeout = timeout;
    this.#ping = ping;
    this.#dead = dead;
  }

  /** Starts pinging (the first Ping goes out one interval from now). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule();
  }

  /** Stops pinging; an outstanding Ping's outcome is ignored. */
  stop(): void {
    this.#running = false;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#ping(this.#timeout).then(
        () => {
          if (this.#running) this.#schedule();
        },
        (error: unknown) => {
          if (!this.#running) return;
          if (error instanceof AmiTimeoutError) {
            this.stop();
            this.#dead(
              new AmiConnectionError(
                `keepalive: no answer to Ping within ${this.#timeout} ms; connection presumed dead`,
                {
                  cause: error,
                },
              ),
            );
          } else if (!(error instanceof AmiConnectionError)) {
            // Anything else (closed client…) ends the keepalive quietly; connection loss is reported elsewhere.
            this.stop();
          } else {
            this.stop();
          }
        },
      );
    }, this.#interval);
  }
}
