import type { AmiClient } from "@amikit/client";
import { type LiveChange, type LivePbx, LivePermissionError, trackPbx } from "@amikit/live";
import { booleanOption, expectPositionals, type ParsedCommandLine, stringOption } from "../arguments.ts";
import { CliFailure } from "../cli-errors.ts";
import { describeTarget } from "../connection/connection-options.ts";
import {
  connectCliClient,
  connectionSettingsOf,
  createCliClient,
  reconnectPolicyOf,
  timeoutOption,
} from "../connection/open-client.ts";
import { createReconnectStatus, type StatusSink, stderrStatusSink } from "../connection/reconnect-status.ts";
import type { CliContext } from "../context.ts";
import { ExitCode } from "../exit-codes.ts";
import { parseTopDomains, type TopSection } from "./top-options.ts";
import { changesDocument, renderFrame, snapshotDocument } from "./top-render.ts";
import { createThrottle, listenForQuit, openScreen } from "./top-screen.ts";

const usage = "top [--domains calls,bridges,queues] [--once] [--json]";

/** How often the terminal view may be redrawn: at most 10 times a second. */
const SCREEN_INTERVAL_MS = 100;
/** How often frames are printed when stdout is not a terminal (and not `--json`). */
const LOG_INTERVAL_MS = 1000;

/** What a running `top` reports when it ends: normally, or with a failure to exit with. */
interface Outcome {
  readonly done: Promise<void>;
  readonly settled: boolean;
  finish(): void;
  fail(error: unknown): void;
}

function createOutcome(): Outcome {
  let settled = false;
  let resolve: () => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  done.catch(() => {}); // awaited by the command
  return {
    done,
    get settled() {
      return settled;
    },
    finish() {
      if (settled) return;
      settled = true;
      resolve();
    },
    fail(error) {
      if (settled) return;
      settled = true;
      reject(error);
    },
  };
}

/**
 * Why the live state could not be synced, as the CLI reports it: a refused snapshot action (the
 * account lacks a class: exit 1, with the class to grant), or a lost connection (exit 3).
 */
function syncFailure(error: unknown, target: string): unknown {
  if (error instanceof CliFailure) return error;
  if (error instanceof LivePermissionError) {
    return new CliFailure(
      ExitCode.amiError,
      `${error.message} (amikit top --domains without ${error.domain === "channels" ? "calls and channels" : error.domain})`,
      { cause: error },
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new CliFailure(ExitCode.connection, `connection to ${target} lost: ${reason}`, { cause: error });
}

/**
 * Waits for the first complete sync. A sync that fails for another reason than permissions is retried by
 * the live state; for `--once` it ends the command with exit 1 and the reason.
 */
function firstSync(pbx: LivePbx, outcome: Outcome, target: string): void {
  const watch = pbx.status$.subscribe((status) => {
    if (status.state === "synced") outcome.finish();
    else if (status.state === "failed" && status.error?.name !== "LivePermissionError") {
      outcome.fail(
        new CliFailure(
          ExitCode.amiError,
          `cannot take a snapshot of ${target}: ${status.error?.message ?? "unknown error"}`,
        ),
      );
    }
  });
  pbx.ready.catch((error: unknown) => outcome.fail(syncFailure(error, target)));
  void outcome.done.finally(() => watch.unsubscribe()).catch(() => {});
}

/**
 * `amikit top`: the PBX's calls, bridges and queues (and, with `--domains`, channels, conferences,
 * device and extension states) from @amikit/live. On a terminal, a full screen redrawn in place as events
 * arrive (at most 10 times a second) until `q` or Ctrl-C; `--once` prints one snapshot after the first
 * sync and exits; `--json` prints JSON (one document with `--once`, else one line per change batch).
 */
export async function runTop(parsed: ParsedCommandLine, context: CliContext): Promise<ExitCode> {
  expectPositionals(parsed, 0, 0, usage);
  const once = booleanOption(parsed, "once");
  const json = booleanOption(parsed, "json");
  const { sections, domains } = parseTopDomains(stringOption(parsed, "domains"));
  const settings = connectionSettingsOf(parsed, context);
  const policy = reconnectPolicyOf(parsed);
  const client = await createCliClient(
    settings,
    context,
    { events: true, reconnect: once ? false : policy },
    timeoutOption(parsed),
  );
  const target = describeTarget(settings);
  // Tracking starts before connecting, so the live state sees the connection's first events.
  const pbx = trackPbx(client, { domains });
  const cleanups: (() => void)[] = [];
  try {
    await connectCliClient(client, settings);
    if (once) {
      const synced = createOutcome();
      firstSync(pbx, synced, target);
      const onInterrupt = () => synced.finish();
      context.io.interrupt.addEventListener("abort", onInterrupt, { once: true });
      cleanups.push(() => context.io.interrupt.removeEventListener("abort", onInterrupt));
      await synced.done;
      if (pbx.status.state !== "synced") return ExitCode.ok;
      printOnce(pbx, sections, target, json, context);
      return ExitCode.ok;
    }
    await follow(client, pbx, sections, target, json, policy, context, cleanups);
    return ExitCode.ok;
  } finally {
    for (const cleanup of cleanups.reverse()) cleanup();
    pbx.close();
    await client.close().catch(() => {});
  }
}

function printOnce(
  pbx: LivePbx,
  sections: readonly TopSection[],
  target: string,
  json: boolean,
  context: CliContext,
): void {
  const now = Date.now();
  const { stdout } = context.io;
  if (json) {
    stdout.write(`${JSON.stringify(snapshotDocument(pbx.snapshot(), sections, pbx.status, now), null, 2)}\n`);
    return;
  }
  const width = stdout.isTTY === true ? (stdout.columns ?? 0) : 0;
  const lines = renderFrame({
    state: pbx.snapshot(),
    sections,
    target,
    status: pbx.status,
    now,
    width,
    colour: context.colour,
  });
  stdout.write(`${lines.join("\n")}\n`);
}

/** Follows the live state until Ctrl-C or `q` (or a failure), in the mode the output calls for. */
async function follow(
  client: AmiClient,
  pbx: LivePbx,
  sections: readonly TopSection[],
  target: string,
  json: boolean,
  policy: ReturnType<typeof reconnectPolicyOf>,
  context: CliContext,
  cleanups: (() => void)[],
): Promise<void> {
  const { stdout } = context.io;
  const outcome = createOutcome();
  const onInterrupt = () => outcome.finish();
  context.io.interrupt.addEventListener("abort", onInterrupt, { once: true });
  cleanups.push(() => context.io.interrupt.removeEventListener("abort", onInterrupt));
  if (context.io.interrupt.aborted) outcome.finish();

  const screen = !json && stdout.isTTY === true;
  let statusNote = "";
  let redraw = () => {};
  // On the full screen the reconnect status shows under the header; elsewhere it goes to stderr.
  const sink: StatusSink = screen
    ? {
        line: (text) => {
          statusNote = text;
          redraw();
        },
        rewrite: (text) => {
          statusNote = text;
          redraw();
        },
        clear: () => {
          statusNote = "";
          redraw();
        },
      }
    : stderrStatusSink(context);
  const status = createReconnectStatus(sink, context.errorColour, target, policy);
  const states = client.state$.subscribe((state) => {
    status.update(state);
    if (status.failure !== undefined) outcome.fail(status.failure);
  });
  cleanups.push(() => states.unsubscribe());
  pbx.ready.catch((error: unknown) => outcome.fail(syncFailure(error, target)));

  if (json) {
    // Ctrl-C before the first sync ends the wait too.
    await Promise.race([pbx.ready, outcome.done]).catch(() => {});
    if (!outcome.settled) followJson(pbx, sections, context, cleanups);
  } else {
    const frame = () => {
      const rows = (stdout as { rows?: number }).rows;
      return renderFrame({
        state: pbx.snapshot(),
        sections,
        target,
        status: pbx.status,
        now: Date.now(),
        width: stdout.isTTY === true ? (stdout.columns ?? 80) : 0,
        colour: context.colour,
        // The status note and the footer (a blank line and the "q to quit" hint) need lines too.
        ...(screen && rows !== undefined && rows > 0
          ? { height: rows - 2 - (statusNote === "" ? 0 : 1) }
          : {}),
      });
    };
    let draw: () => void;
    if (screen) {
      const view = openScreen(stdout);
      cleanups.push(() => view.close());
      draw = () => {
        const lines = frame();
        if (statusNote !== "") lines.splice(1, 0, statusNote);
        lines.push("", context.colour.dim("q or Ctrl-C to quit"));
        view.draw(lines);
      };
      cleanups.push(listenForQuit(context.io.stdin, () => outcome.finish()));
      const onResize = () => redraw();
      const resizable = stdout as { on?: (event: string, listener: () => void) => unknown };
      const unresizable = stdout as { off?: (event: string, listener: () => void) => unknown };
      resizable.on?.call(stdout, "resize", onResize);
      cleanups.push(() => unresizable.off?.call(stdout, "resize", onResize));
    } else {
      draw = () => stdout.write(`${frame().join("\n")}\n\n`);
    }
    const throttle = createThrottle(draw, screen ? SCREEN_INTERVAL_MS : LOG_INTERVAL_MS);
    cleanups.push(() => throttle.cancel());
    redraw = () => {
      if (!outcome.settled) throttle.request();
    };
    const changes = pbx.state$.subscribe(() => redraw());
    const statuses = pbx.status$.subscribe(() => redraw());
    cleanups.push(() => {
      changes.unsubscribe();
      statuses.unsubscribe();
    });
    if (screen) {
      // Durations count up between events.
      const clock = setInterval(redraw, 1000);
      cleanups.push(() => clearInterval(clock));
    }
  }
  await outcome.done;
}

/** `--json` without `--once`: the snapshot after the first sync, then one line per batch of changes. */
function followJson(
  pbx: LivePbx,
  sections: readonly TopSection[],
  context: CliContext,
  cleanups: (() => void)[],
): void {
  const { stdout } = context.io;
  const collections = new Set<string>(sections);
  if (collections.has("calls")) collections.add("channels");
  stdout.write(`${JSON.stringify(snapshotDocument(pbx.snapshot(), sections, pbx.status, Date.now()))}\n`);
  let batch: LiveChange[] = [];
  const subscription = pbx.changes$.subscribe((change) => {
    if (!collections.has(change.collection)) return;
    // A batch's changes are emitted together, synchronously: one microtask later they are all here.
    if (batch.length === 0) {
      queueMicrotask(() => {
        const changes = batch;
        batch = [];
        stdout.write(`${JSON.stringify(changesDocument(changes, Date.now()))}\n`);
      });
    }
    batch.push(change);
  });
  cleanups.push(() => subscription.unsubscribe());
}
