/** The terminal side of `amikit top`: a full screen redrawn in place, throttled, with `q` to quit. */
import type { TextInput, TextOutput } from "../context.ts";

const ESC = "\u001b[";
/** Switch to the alternate screen and hide the cursor (the user's scrollback stays untouched). */
const ENTER = `${ESC}?1049h${ESC}?25l`;
/** Show the cursor again and return to the normal screen. */
const LEAVE = `${ESC}?25h${ESC}?1049l`;

/** `q`, `Q`, Ctrl-C and Ctrl-D, as raw-mode input delivers them. */
const QUIT_KEYS = new Set(["q", "Q", "\u0003", "\u0004"]);

/** A full-screen view that is redrawn in place. */
export interface TopScreen {
  /** Replaces what is on the screen with these lines (cut to the terminal's height). */
  draw(lines: readonly string[]): void;
  /** Restores the terminal (normal screen, cursor shown). Idempotent. */
  close(): void;
}

/**
 * Takes over the terminal: the alternate screen with the cursor hidden; every {@link TopScreen.draw}
 * moves the cursor home and overwrites line by line (erasing each line's rest and everything below),
 * so nothing flickers or scrolls.
 */
export function openScreen(stdout: TextOutput): TopScreen {
  let open = true;
  stdout.write(ENTER);
  return {
    draw(lines) {
      if (!open) return;
      const rows = (stdout as { rows?: number }).rows;
      const shown = rows !== undefined && rows > 0 ? lines.slice(0, rows) : lines;
      stdout.write(`${ESC}H${shown.map((line) => `${line}${ESC}K`).join("\r\n")}${ESC}J`);
    },
    close() {
      if (!open) return;
      open = false;
      stdout.write(LEAVE);
    },
  };
}

/** Runs a function at most once per interval, however often it is asked for. */
export interface Throttle {
  /** Runs it now if it has not run within the interval, else once when the interval ends. */
  request(): void;
  /** Cancels a pending run. */
  cancel(): void;
}

/**
 * Creates a {@link Throttle}: the first request runs at once, requests within `intervalMs` of a run are
 * merged into one run at the end of the interval.
 */
export function createThrottle(run: () => void, intervalMs: number): Throttle {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending = false;
  const tick = () => {
    if (!pending) {
      timer = undefined;
      return;
    }
    pending = false;
    run();
    timer = setTimeout(tick, intervalMs);
  };
  return {
    request() {
      pending = true;
      if (timer === undefined) tick();
    },
    cancel() {
      pending = false;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/**
 * Reads single keys from a terminal (raw mode) and calls `onQuit` for `q`, `Q`, Ctrl-C or Ctrl-D (in raw
 * mode Ctrl-C is a byte, not SIGINT). Returns the function that gives the terminal back (cooked mode,
 * input paused so the process can exit). Does nothing when the input is not a terminal.
 */
export function listenForQuit(stdin: TextInput, onQuit: () => void): () => void {
  if (stdin.isTTY !== true || stdin.setRawMode === undefined) return () => {};
  const onData = (data: unknown) => {
    // A chunk is a string or bytes, whose String() is their UTF-8 text.
    if ([...String(data)].some((key) => QUIT_KEYS.has(key))) onQuit();
  };
  stdin.setRawMode(true);
  stdin.on("data", onData);
  stdin.resume();
  return () => {
    stdin.removeListener("data", onData);
    stdin.setRawMode?.(false);
    stdin.pause();
  };
}
