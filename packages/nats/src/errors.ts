/**
 * The errors of `@amikit/nats`. They extend `AmiError`, like the client's, so one `instanceof AmiError`
 * check covers both.
 */
import { AmiError } from "@amikit/client";

/** The relay's or the remote client's configuration is invalid (a bad server name, a missing secret…). */
export class AmiRelayConfigError extends AmiError {
  override readonly name: string = "AmiRelayConfigError";
}

/** The relay refused an action that is not on the server's allow-list. Nothing was sent to Asterisk. */
export class AmiActionNotAllowedError extends AmiError {
  override readonly name: string = "AmiActionNotAllowedError";
  /** The action refused. */
  readonly action: string;
  /** The server it was meant for. */
  readonly server: string;

  constructor(action: string, server: string) {
    super(`The action ${action} is not on the relay's allow-list for server "${server}"`);
    this.action = action;
    this.server = server;
  }
}

/**
 * No relay answered for the server (none is running, or NATS is unreachable), or the relay failed in
 * a way that is not an AMI error. The action may or may not have run when `maybeSent` is true.
 */
export class AmiRelayError extends AmiError {
  override readonly name: string = "AmiRelayError";
  /** The server the request was for. */
  readonly server: string;

  constructor(message: string, server: string, options?: ErrorOptions) {
    super(message, options);
    this.server = server;
  }
}
