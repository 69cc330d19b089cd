import type { AmiPacket } from "@amikit/codec";
import { type FakeFields, type FieldList, toFieldList, withActionId } from "./fields.ts";
import type { FakeSession, SessionCore } from "./session.ts";

/** Options of {@link FakeActionRequest.list}. */
export interface FakeListOptions {
  /** The `Message:` of the opening response. Default `"Events will follow"`. */
  readonly message?: string;
  /** The name of the closing event, e.g. `CoreShowChannelsComplete`. */
  readonly complete: string;
  /** Extra headers of the closing event, after `ListItems:` (e.g. `{ Items: "2" }` for StatusComplete). */
  readonly completeFields?: FakeFields;
}

/** One action a client sent, handed to a handler registered with `fake.handle(...)`. */
export interface FakeActionRequest {
  /** The action name as the client wrote it (`Action:` header). */
  readonly name: string;
  /** The decoded request packet (all headers, in wire order). */
  readonly packet: AmiPacket;
  /** The request's `ActionID`, if it had one. */
  readonly actionId: string | undefined;
  /** The connection it came on. */
  readonly session: FakeSession;
  /** The value of a request header (case-insensitive), or `undefined`. */
  get(name: string): string | undefined;
  /**
   * Writes a response. `ActionID` is inserted after the first header (as Asterisk does) unless the
   * fields hold one or the request had none.
   */
  respond(fields: FakeFields): void;
  /** Writes `Response: Success`, the ActionID, `Message:` (when given), then `extra`. */
  success(message?: string, extra?: FakeFields): void;
  /** Writes `Response: Error`, the ActionID and `Message: <message>`. */
  error(message: string): void;
  /** Writes an event to this session only, unfiltered (list items and the like), exactly as given. */
  event(fields: FakeFields): void;
  /**
   * Answers as a list action does in Asterisk 22: `Response: Success` / `EventList: start` / `Message`,
   * then each item (with `ActionID` inserted after `Event:`), then the `complete` event with
   * `EventList: Complete` and `ListItems: <n>`.
   */
  list(items: readonly FakeFields[], options: FakeListOptions): void;
  /** Runs the fake's built-in behaviour for this action (what would happen without the handler). */
  fallback(): Promise<void>;
}

/**
 * A scripted action: answer by calling methods on `request` (now or later), or return fields to send as
 * the response. Returning nothing and never answering leaves the action unanswered (to test timeouts).
 * A returned promise holds the session's next action back until it settles, like Asterisk's session thread.
 */
export type FakeActionHandler = (
  request: FakeActionRequest,
) => FakeFields | undefined | Promise<FakeFields | undefined>;

/** @internal The request object, with the internals the built-in actions use. */
export class ActionRequest implements FakeActionRequest {
  readonly name: string;
  readonly packet: AmiPacket;
  readonly session: SessionCore;
  readonly #fallback: () => void | Promise<void>;

  constructor(name: string, packet: AmiPacket, session: SessionCore, fallback: () => void | Promise<void>) {
    this.name = name;
    this.packet = packet;
    this.session = session;
    this.#fallback = fallback;
  }

  get actionId(): string | undefined {
    return this.packet.get("ActionID");
  }

  get(name: string): string | undefined {
    return this.packet.get(name);
  }

  /** @internal Writes pairs as the response. */
  respondFields(fields: FieldList): void {
    this.session.sendFields(withActionId(fields, this.actionId));
  }

  respond(fields: FakeFields): void {
    this.respondFields(toFieldList(fields));
  }

  success(message?: string, extra?: FakeFields): void {
    const fields: FieldList = [["Response", "Success"]];
    if (message !== undefined) fields.push(["Message", message]);
    if (extra !== undefined) fields.push(...toFieldList(extra));
    this.respondFields(fields);
  }

  error(message: string): void {
    this.respondFields([
      ["Response", "Error"],
      ["Message", message],
    ]);
  }

  event(fields: FakeFields): void {
    this.session.sendFields(toFieldList(fields));
  }

  list(items: readonly FakeFields[], options: FakeListOptions): void {
    this.respondFields([
      ["Response", "Success"],
      ["EventList", "start"],
      ["Message", options.message ?? "Events will follow"],
    ]);
    for (const item of items) this.session.sendFields(withActionId(toFieldList(item), this.actionId));
    const complete: FieldList = [["Event", options.complete]];
    if (this.actionId !== undefined) complete.push(["ActionID", this.actionId]);
    complete.push(["EventList", "Complete"], ["ListItems", String(items.length)]);
    if (options.completeFields !== undefined) complete.push(...toFieldList(options.completeFields));
    this.session.sendFields(complete);
  }

  async fallback(): Promise<void> {
    await this.#fallback();
  }

  /** @internal Shorthand for a header value that must be present and non-empty. */
  nonEmpty(name: string): string | undefined {
    const value = this.get(name);
    return value === undefined || value.length === 0 ? undefined : value;
  }
}
