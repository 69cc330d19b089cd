/** The errors @amikit/live raises. */
import { AmiError } from "@amikit/client";
import type { LiveDomain } from "./reducers/domains.ts";

/**
 * The account may not run a snapshot action a tracked domain needs (`Permission denied`): the live state
 * would silently stay empty, so the sync stops with this error instead. `missingClass` names the
 * manager.conf `write` class(es) to grant (any one of them is enough), `domain` the domain that needs it.
 */
export class LivePermissionError extends AmiError {
  override readonly name = "LivePermissionError";
  /** The domain whose snapshot was refused. */
  readonly domain: LiveDomain;
  /** The action Asterisk refused. */
  readonly action: string;
  /** The `write` class(es) the action needs, any one of them (e.g. `"system,reporting"`). */
  readonly missingClass: string;

  constructor(domain: LiveDomain, action: string, missingClass: string, options?: { cause?: unknown }) {
    super(
      `Permission denied for ${action}, which tracking ${domain} needs: give the AMI account the ` +
        `"${missingClass}" write class in manager.conf (any one of them), or leave ${domain} out of the tracked domains`,
      options,
    );
    this.domain = domain;
    this.action = action;
    this.missingClass = missingClass;
  }
}
