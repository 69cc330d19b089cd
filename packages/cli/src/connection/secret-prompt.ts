import { CliFailure } from "../cli-errors.ts";
import { ExitCode } from "../exit-codes.ts";

/** The terminal input a secret is read from. */
export interface SecretInput {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  on(event: "data", listener: (chunk: Uint8Array | string) => void): unknown;
  off(event: "data", listener: (chunk: Uint8Array | string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

/** Where the prompt is written (stderr, so stdout stays clean for pipes). */
export interface PromptOutput {
  write(text: string): unknown;
}

/**
 * Asks for a secret on the terminal without echoing it: the terminal is put in raw mode, typed characters
 * are collected (Backspace deletes, Enter ends, Ctrl-C or Ctrl-D abort) and nothing of them is written.
 *
 * @throws CliFailure - with exit code 2 when stdin is not a terminal (nowhere to ask), or when aborted.
 */
export function promptSecret(input: SecretInput, output: PromptOutput, label: string): Promise<string> {
  if (input.isTTY !== true || input.setRawMode === undefined) {
    return Promise.reject(
      new CliFailure(
        ExitCode.usage,
        "no secret: set AMI_SECRET or put it in the URL (ami://user:secret@host) — stdin is not a terminal to ask",
      ),
    );
  }
  const setRawMode = input.setRawMode.bind(input);
  // Echo goes off before the prompt shows, so not even keys typed at once can appear.
  setRawMode(true);
  output.write(label);
  input.resume();
  return new Promise((resolve, reject) => {
    let secret = "";
    const decoder = new TextDecoder();
    const finish = (error?: Error) => {
      input.off("data", onData);
      setRawMode(false);
      input.pause();
      output.write("\n");
      if (error === undefined) resolve(secret);
      else reject(error);
    };
    const onData = (chunk: Uint8Array | string) => {
      const text = typeof chunk === "string" ? chunk : decoder.decode(chunk);
      for (const character of text) {
        if (character === "\r" || character === "\n") return finish();
        if (character === "\u0003" || character === "\u0004") {
          return finish(new CliFailure(ExitCode.usage, "no secret given (prompt aborted)"));
        }
        if (character === "\u007f" || character === "\b") secret = secret.slice(0, -1);
        else if (character >= " ") secret += character;
      }
    };
    input.on("data", onData);
  });
}
