/**
 * The names the relay and the remote client agree on: subjects, stream names and message headers.
 */
import { AmiRelayConfigError } from "./errors.ts";

/** Header names every message the relay stores carries. */
export const RELAY_HEADERS = {
  /** The server's name, as in the relay's config. */
  server: "Ami-Server",
  /** The connection epoch: a number that grows by one with every AMI login to that server. */
  epoch: "Ami-Epoch",
  /** The event's sequence number within its epoch, from 1; status messages carry the last one. */
  sequence: "Ami-Sequence",
  /** `event` or `status`. */
  kind: "Ami-Kind",
} as const;

/** A server name must be one NATS subject token that also fits in a stream name. */
const SERVER_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Checks that `name` can be used as a server name (letters, digits, `_` and `-`; at most 64).
 *
 * @throws {AmiRelayConfigError} it cannot.
 */
export function checkServerName(name: string): string {
  if (typeof name !== "string" || !SERVER_NAME.test(name)) {
    throw new AmiRelayConfigError(
      `Invalid server name ${JSON.stringify(name)}: use 1 to 64 letters, digits, "_" or "-" (it becomes a NATS subject token and part of a stream name)`,
    );
  }
  return name;
}

/** The subjects of one server. */
export interface ServerSubjects {
  /** `ami.<server>.event.<EventName>` for one event name. */
  readonly event: (eventName: string) => string;
  /** `ami.<server>.event.>`: every event of the server. */
  readonly events: string;
  /** `ami.<server>.status`: connection status and gap markers. */
  readonly status: string;
  /** `ami.<server>.action`: actions by request/reply (not stored). */
  readonly action: string;
  /** The JetStream stream that stores the server's events and status: `<streamPrefix><server>`. */
  readonly stream: string;
}

/** Default prefix of the per-server stream names. */
export const DEFAULT_STREAM_PREFIX = "AMI_";

/** Characters that cannot be in a subject token: replaced by `_` in the event-name token. */
const NOT_IN_TOKEN = /[\s.*>]/g;

/** The subjects and stream name of `server` (checked with {@link checkServerName}). */
export function serverSubjects(server: string, streamPrefix = DEFAULT_STREAM_PREFIX): ServerSubjects {
  checkServerName(server);
  const base = `ami.${server}`;
  return {
    event: (eventName) => `${base}.event.${eventName.replace(NOT_IN_TOKEN, "_") || "_"}`,
    events: `${base}.event.>`,
    status: `${base}.status`,
    action: `${base}.action`,
    stream: `${streamPrefix}${server}`,
  };
}
