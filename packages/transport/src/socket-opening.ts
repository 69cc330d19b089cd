import type { AmiSocket, AmiSocketHandlers, AmiTarget } from "./contract.ts";
import { type Deadline, startDeadline } from "./deadline.ts";
import { toSocketError } from "./map-error.ts";
import { AmiSocketError } from "./socket-error.ts";
import { formatTarget } from "./target.ts";

/**
 * Where a connection is in its life: `connecting` (TCP), `handshaking` (TLS), `open`, `closing` (our
 * `close()` was called) and `closed`. It only ever moves forward.
 */
export type SocketPhase = "connecting" | "handshaking" | "open" | "closing" | "closed";

/**
 * One connection attempt and, once open, the connection: the state machine every runtime adapter shares.
 * The adapter reports what its runtime's socket does (connected, handshake done, bytes, errors, closed);
 * the opening keeps the phase, settles `open()` exactly once, and calls `onData` / `onClose` as the
 * contract asks (`onClose` exactly once, only after `open()` resolved).
 */
export interface SocketOpening {
  /** The target as `host:port` (IPv6 in brackets), for messages. */
  readonly where: string;
  /** The current phase. */
  readonly phase: SocketPhase;
  /** Whether `open()` has not settled yet (phase `connecting` or `handshaking`). */
  readonly connecting: boolean;
  /**
   * The attempt's deadline: its `signal` aborts when `connectTimeout` elapses or the caller aborts (the
   * opening then rejects `open()` and tears down by itself); `race()` a step of a promise-based runtime
   * API against it.
   */
  readonly deadline: Deadline;
  /** The first error of the open connection (a runtime error, or a throwing `onData`), reported by `onClose`. */
  readonly failure: Error | undefined;
  /** Resolves once the connection is gone (after {@link SocketOpening.ended}, or a failed attempt). */
  readonly closed: Promise<void>;
  /** The TCP connection is up and a TLS handshake follows. */
  handshaking(): void;
  /** The connection is usable: `open()` resolves with `socket` (ignored unless still connecting). */
  established(socket: AmiSocket): void;
  /**
   * The attempt failed: `open()` rejects (an error that is not an `AmiSocketError` is mapped, as a TLS
   * failure during the handshake) and the adapter's teardown runs. Ignored once `open()` has settled.
   */
  fail(error: unknown): void;
  /**
   * Hands bytes read to `onData` while open (else drops them). Returns `false` if `onData` threw: the
   * adapter must then end the connection, and `onClose` reports that error.
   */
  deliver(chunk: Uint8Array): boolean;
  /** An error on the open connection (mapped if needed); the first one is what `onClose` reports. */
  noteError(error: unknown): void;
  /**
   * Our `close()` was called: if the connection was open, `onClose()` fires (clean) and the phase becomes
   * `closing`; returns whether it was open, that is whether the adapter must now shut the socket down.
   */
  closing(): boolean;
  /**
   * The peer ended its side of the connection (end-of-stream: FIN, a read of nothing, TLS close_notify),
   * after every byte it sent was passed to {@link SocketOpening.deliver}. AMI has no half-duplex use: a
   * server that ends its side will never answer again, and it may never read what is still queued. So
   * the connection is over at once: if it was open, `onClose` fires (with the first noted error, else
   * clean), the phase becomes `closing` and writes from now on reject with code `closed`. Returns whether
   * it was open, that is whether the adapter must now destroy the socket (not end it gracefully, which
   * would wait to flush bytes the peer will not read) and reject its pending writes.
   */
  peerEnded(): boolean;
  /**
   * The runtime's socket is gone. While connecting, the attempt fails (with `error`, or "closed before it
   * was established"); while open, `onClose` fires with the first noted error, else `error` (mapped).
   */
  ended(error?: unknown): void;
}

/** Options of {@link openSocket}. */
export interface OpenSocketOptions {
  /**
   * Maps a runtime error that is not already an `AmiSocketError`; default {@link toSocketError}, which
   * reads Node-style `code`s (as `node:net` and `Bun.connect` report them).
   */
  readonly mapError?: (error: unknown, where: string, duringHandshake: boolean) => AmiSocketError;
}

/**
 * The shared core of a runtime adapter's `open()`: starts the deadline (`target.connectTimeout`, the
 * caller's `signal`), calls `start` to create the runtime's socket, and returns the promise `open()`
 * returns. `start` wires the runtime's callbacks to the {@link SocketOpening} and returns the teardown
 * that destroys the runtime's socket when the attempt fails (timeout, abort, error). An already aborted
 * `signal` rejects at once, without calling `start`.
 *
 * @param target - where to connect
 * @param handlers - the contract's `onData` / `onClose`
 * @param signal - the caller's signal, if any
 * @param start - creates the runtime socket; returns its teardown
 * @param options - error mapping
 * @returns what `open()` returns
 *
 * @example
 * ```ts
 * open: (target, handlers, signal) =>
 *   openSocket(target, handlers, signal, (opening) => {
 *     const socket = net.connect({ host: target.host, port: target.port });
 *     socket.on("connect", () => opening.established(wrap(socket, opening)));
 *     socket.on("error", (error) => (opening.connecting ? opening.fail(error) : opening.noteError(error)));
 *     socket.on("close", () => opening.ended());
 *     return () => socket.destroy();
 *   }),
 * ```
 */
export function openSocket(
  target: AmiTarget,
  handlers: AmiSocketHandlers,
  signal: AbortSignal | undefined,
  start: (opening: SocketOpening) => () => void,
  options: OpenSocketOptions = {},
): Promise<AmiSocket> {
  const where = formatTarget(target.host, target.port);
  const mapError = options.mapError ?? toSocketError;
  const deadline = startDeadline(where, target.connectTimeout, signal);
  if (deadline.signal.aborted) {
    deadline.dispose();
    return Promise.reject(deadline.signal.reason);
  }
  return new Promise<AmiSocket>((resolve, reject) => {
    let phase: SocketPhase = "connecting";
    let failure: Error | undefined;
    let teardown: () => void = () => {};
    let resolveClosed: () => void = () => {};
    const closed = new Promise<void>((done) => {
      resolveClosed = done;
    });
    const connecting = (): boolean => phase === "connecting" || phase === "handshaking";
    const asSocketError = (error: unknown, duringHandshake: boolean): AmiSocketError =>
      error instanceof AmiSocketError ? error : mapError(error, where, duringHandshake);

    const opening: SocketOpening = {
      where,
      deadline,
      closed,
      get phase() {
        return phase;
      },
      get connecting() {
        return connecting();
      },
      get failure() {
        return failure;
      },
      handshaking() {
        if (phase === "connecting") phase = "handshaking";
      },
      established(socket) {
        if (!connecting()) return;
        phase = "open";
        deadline.dispose();
        resolve(socket);
      },
      fail(error) {
        if (!connecting()) return;
        const socketError = asSocketError(error, phase === "handshaking");
        phase = "closed";
        deadline.dispose();
        teardown();
        resolveClosed();
        reject(socketError);
      },
      deliver(chunk) {
        if (phase !== "open") return true;
        try {
          handlers.onData(chunk);
          return true;
        } catch (error) {
          // A throwing handler ends the connection; onClose reports its error.
          failure ??= error instanceof Error ? error : new Error(String(error));
          return false;
        }
      },
      noteError(error) {
        if (phase === "open") failure ??= asSocketError(error, false);
      },
      closing() {
        if (phase !== "open") return false;
        phase = "closing";
        handlers.onClose();
        return true;
      },
      peerEnded() {
        if (phase !== "open") return false;
        phase = "closing";
        handlers.onClose(failure);
        return true;
      },
      ended(error) {
        if (connecting()) {
          opening.fail(error ?? new Error("the connection closed before it was established"));
          return;
        }
        const wasOpen = phase === "open";
        phase = "closed";
        resolveClosed();
        if (wasOpen)
          handlers.onClose(failure ?? (error === undefined ? undefined : asSocketError(error, false)));
      },
    };

    deadline.signal.addEventListener("abort", () => opening.fail(deadline.signal.reason), { once: true });
    try {
      teardown = start(opening);
    } catch (error) {
      opening.fail(error);
      return;
    }
    // `start` may have failed synchronously, before its teardown existed.
    if (!opening.connecting && opening.phase === "closed") teardown();
  });
}
