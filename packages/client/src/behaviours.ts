/**
 * What each kind of request does with what arrives for it: a plain answer, CLI output, a list, or an
 * async Originate's `OriginateResponse`. Each is a {@link PendingBehaviour}: it reads what arrives, tells
 * its caller, and returns a verdict; the pending table makes the transition.
 */
import type { AmiPacket } from "@amikit/codec";
import {
  AnswerEntry,
  type EventVerdict,
  type PendingBehaviour,
  type PendingEntry,
  type ResponseVerdict,
} from "./correlation.ts";
import { AmiActionError, AmiOriginateError } from "./errors.ts";
import { closesList, isErrorResponse, opensList } from "./lists.ts";
import type { AmiEvent, AmiResponse } from "./types.ts";

/**
 * One answer: resolves it, or rejects `Response: Error` with `AmiActionError`. One object per action
 * with two slots (the action's name is the entry's), no closures: thousands may be in flight at once.
 *
 * @internal
 */
export class SingleAnswer implements PendingBehaviour {
  readonly #resolve: (response: AmiResponse) => void;
  readonly #reject: (error: Error) => void;

  constructor(resolve: (response: AmiResponse) => void, reject: (error: Error) => void) {
    this.#resolve = resolve;
    this.#reject = reject;
  }

  response(packet: AmiPacket, entry: PendingEntry): ResponseVerdict {
    if (isErrorResponse(packet)) {
      this.#reject(new AmiActionError(entry.action, entry.id, packet.toObject()));
    } else {
      this.succeeded();
      this.#resolve(packet.toObject());
    }
    return "settled";
  }

  fail(error: Error): void {
    this.#reject(error);
  }

  /** Called before a successful answer resolves. */
  protected succeeded(): void {}
}

/**
 * One answer settling a native promise (`action()`, `send()`): the pending entry itself (no behaviour
 * object of its own), and it keeps only the promise's `resolve` — a failure resolves the promise with a
 * thenable that rejects it, so the promise's `reject` function is not kept alive per action in flight
 * (56 bytes less each; the rejection reaches the caller one microtask later).
 *
 * @internal
 */
export class PromiseAnswer extends AnswerEntry {
  readonly #resolve: (response: AmiResponse | PromiseLike<AmiResponse>) => void;

  /** `resolve` must be a native promise's resolving function (it must adopt a thenable). */
  constructor(resolve: (response: AmiResponse | PromiseLike<AmiResponse>) => void) {
    super();
    this.#resolve = resolve;
  }

  response(packet: AmiPacket, entry: PendingEntry): ResponseVerdict {
    if (isErrorResponse(packet)) {
      this.#resolve(rejecting(new AmiActionError(entry.action, entry.id, packet.toObject())));
    } else {
      this.succeeded();
      this.#resolve(packet.toObject());
    }
    return "settled";
  }

  fail(error: Error): void {
    this.#resolve(rejecting(error));
  }

  /** Called before a successful answer resolves. */
  protected succeeded(): void {}
}

/**
 * A {@link PromiseAnswer} that calls `onSuccess` before resolving (an action with parameters, which may
 * be an Events or Filter a reconnect must restore).
 *
 * @internal
 */
export class TrackedPromiseAnswer extends PromiseAnswer {
  readonly #onSuccess: () => void;

  constructor(resolve: (response: AmiResponse | PromiseLike<AmiResponse>) => void, onSuccess: () => void) {
    super(resolve);
    this.#onSuccess = onSuccess;
  }

  protected override succeeded(): void {
    this.#onSuccess();
  }
}

/** A thenable that rejects whatever adopts it with `error` (a promise resolved with it rejects). */
function rejecting(error: Error): PromiseLike<never> {
  return {
    // biome-ignore lint/suspicious/noThenProperty: a thenable on purpose, adopted by a native promise.
    then: (_resolve, reject) => {
      reject?.(error);
      return undefined as unknown as PromiseLike<never>;
    },
  } as PromiseLike<never>;
}

/**
 * A {@link SingleAnswer} that calls `onSuccess` before resolving (an action with parameters, which may
 * be an Events or Filter a reconnect must restore).
 *
 * @internal
 */
export class TrackedSingleAnswer extends SingleAnswer {
  readonly #onSuccess: () => void;

  constructor(
    resolve: (response: AmiResponse) => void,
    reject: (error: Error) => void,
    onSuccess: () => void,
  ) {
    super(resolve, reject);
    this.#onSuccess = onSuccess;
  }

  protected override succeeded(): void {
    this.#onSuccess();
  }
}

/**
 * The `Command` action: resolves with the output lines (either output form); a failing command rejects
 * with `AmiActionError` whose message is the CLI's own output.
 *
 * @internal
 */
export function commandOutput(
  resolve: (lines: string[]) => void,
  reject: (error: Error) => void,
): PendingBehaviour {
  return {
    response: (packet, entry) => {
      const output = packet.output ?? [];
      if (isErrorResponse(packet)) {
        const text = output.join("\n").trim();
        reject(new AmiActionError("Command", entry.id, packet.toObject(), text === "" ? undefined : text));
      } else {
        resolve([...output]);
      }
      return "settled";
    },
    fail: reject,
  };
}

/** Callbacks of {@link listAnswer}. @internal */
export interface ListSink {
  /** The answer arrived; `opened` says whether it opened a list (if not, the request is over). */
  response(response: AmiResponse, opened: boolean): void;
  item(event: AmiEvent): void;
  complete(event: AmiEvent): void;
  fail(error: Error): void;
}

/**
 * A list: the answer, then every event with the same ActionID as an item until the closing one. The
 * timeout restarts with each item, so a long list is not cut short.
 *
 * @internal
 */
export function listAnswer(action: string, sink: ListSink): PendingBehaviour {
  return {
    response: (packet, entry): ResponseVerdict => {
      if (isErrorResponse(packet)) {
        sink.fail(new AmiActionError(action, entry.id, packet.toObject()));
        return "settled";
      }
      const opened = opensList(packet);
      sink.response(packet.toObject(), opened);
      return opened ? "listing" : "settled";
    },
    event: (packet, entry): EventVerdict => {
      if (entry.phase !== "listing") return "pass";
      if (closesList(packet)) {
        sink.complete(packet.toObject());
        return "end-of-list";
      }
      sink.item(packet.toObject());
      return "item";
    },
    fail: (error) => sink.fail(error),
  };
}

/**
 * An async Originate: `Response: Error` rejects at once; otherwise the request waits for the
 * `OriginateResponse` event with its ActionID (which still reaches `events$`) and resolves with it, or
 * rejects with `AmiOriginateError` when it says `Response: Failure`. An event that overtakes the answer
 * is kept until the answer arrives.
 *
 * @internal
 */
export function originateOutcome(
  resolve: (event: AmiEvent) => void,
  reject: (error: Error) => void,
): PendingBehaviour {
  let early: AmiPacket | undefined;
  const settle = (event: AmiPacket) => {
    const object = event.toObject() as AmiEvent;
    const outcome = event.get("Response");
    if (outcome !== undefined && outcome.toLowerCase() === "failure") reject(new AmiOriginateError(object));
    else resolve(object);
  };
  return {
    response: (packet, entry): ResponseVerdict => {
      if (isErrorResponse(packet)) {
        reject(new AmiActionError("Originate", entry.id, packet.toObject()));
        return "settled";
      }
      if (early !== undefined) {
        settle(early);
        return "settled";
      }
      return "awaiting-event";
    },
    event: (packet, entry): EventVerdict => {
      if (packet.name.toLowerCase() !== "originateresponse") return "pass";
      if (entry.phase === "sent") {
        early = packet;
        return "pass";
      }
      settle(packet);
      return "outcome";
    },
    fail: reject,
  };
}
