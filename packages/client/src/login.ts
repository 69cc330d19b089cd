/**
 * The login step: plain (`Secret`) or MD5 (`Challenge`, then `Key: md5(challenge + secret)`).
 */
import { type AmiFieldValue, type AmiPacket, md5Hex } from "@amikit/codec";
import { AmiActionError, AmiAuthError } from "./errors.ts";
import { isErrorResponse } from "./lists.ts";
import type { Credentials } from "./options.ts";

/** Sends one action on the connection being logged in and resolves with its answer. @internal */
export type LoginRequest = (
  action: string,
  fields: Readonly<Record<string, AmiFieldValue>>,
) => Promise<AmiPacket>;

/** Parameters of {@link login}. @internal */
export interface LoginParameters {
  readonly credentials: Credentials;
  readonly authType: "plain" | "md5";
  /** The Login `Events` header: `on`, `off` or a class list; absent to leave the server's default (all the user may read). */
  readonly eventMask: string | undefined;
}

/**
 * Logs in. Resolves with the Login answer; rejects with `AmiAuthError` when the server refuses (its
 * `Message`, never the secret, is in the error), or with whatever the request failed with
 * (`AmiConnectionError`, `AmiTimeoutError`).
 *
 * @internal
 */
export async function login(request: LoginRequest, parameters: LoginParameters): Promise<AmiPacket> {
  const { credentials, authType, eventMask } = parameters;
  const { username } = credentials;
  let fields: Record<string, AmiFieldValue>;
  if (authType === "md5") {
    const challenge = await request("Challenge", { AuthType: "MD5" });
    const value = challenge.get("Challenge");
    if (isErrorResponse(challenge) || value === undefined || value === "") {
      const message = challenge.get("Message") ?? "no challenge in the answer";
      throw new AmiAuthError(
        `MD5 login of "${username}" failed at the Challenge step: ${message}`,
        username,
        challenge.toObject(),
      );
    }
    fields = {
      AuthType: "MD5",
      Username: username,
      Key: md5Hex(value + credentials.reveal()),
      Events: eventMask,
    };
  } else {
    fields = { Username: username, Secret: credentials.reveal(), Events: eventMask };
  }
  const answer = await request("Login", fields);
  if (isErrorResponse(answer)) {
    const message = answer.get("Message") ?? "Authentication failed";
    throw new AmiAuthError(`login of "${username}" refused: ${message}`, username, answer.toObject(), {
      cause: new AmiActionError("Login", answer.actionId ?? "", answer.toObject()),
    });
  }
  return answer;
}
