/** The soak's command-line options, their defaults and their validation. */
import { BEHAVIOURS, type Behaviour, DEFAULT_BEHAVIOURS } from "./behaviours.ts";

/** What one soak run does. Every field has a default; see {@link parseSoakArgs}. */
export interface SoakOptions {
  /** Seconds of hostile behaviour and client load (`--duration`). Default 120, at most 3600. */
  readonly durationSeconds: number;
  /** Seed of every random choice, client and server side (`--seed`). Default: taken from the clock, printed. */
  readonly seed: number;
  /** Actions the client issues per second, lists and Originates aside (`--rate`). Default 300. */
  readonly rate: number;
  /** The client's `actionTimeout` in ms (`--action-timeout`). Default 1000. */
  readonly actionTimeout: number;
  /** The client's `maxPacketBytes` (`--max-packet-bytes`); oversized packets go past it. Default 256 KiB. */
  readonly maxPacketBytes: number;
  /** Bytes of the payload header of each `SoakEcho` action (`--payload`), the write path's load. Default 32 KiB. */
  readonly payloadBytes: number;
  /** The client's keepalive interval in ms, 0 for none (`--keepalive`). Default 0, as the client's default. */
  readonly keepalive: number;
  /** Live memory may grow by at most this many MiB during one long stall (`--stall-budget`). Default 16. */
  readonly stallBudgetMiB: number;
  /** Mean ms between two hostile behaviours (`--pace`); each gap is uniform in 0.4×..1.6× it. Default 1250. */
  readonly paceMs: number;
  /** The hostile behaviours to run (`--only stall,flap`). Default: {@link DEFAULT_BEHAVIOURS}. */
  readonly behaviours: readonly Behaviour[];
  /** "Kept growing" slope, MiB per minute of live memory after GC (`--max-slope`). Default 2. */
  readonly maxSlopeMiBPerMinute: number;
  /** "Kept growing" also needs the end to sit this many MiB above warm-up (`--growth-floor`). Default 8. */
  readonly growthFloorMiB: number;
  /** Live memory after GC may never exceed warm-up by more than this many MiB (`--ceiling`). Default 128. */
  readonly ceilingMiB: number;
}

/** A bad command line: the message says which option and why. */
export class SoakUsageError extends Error {
  override readonly name = "SoakUsageError";
}

/** The usage text printed with a {@link SoakUsageError}. */
export const USAGE = `usage: pnpm soak -- [--duration <s>] [--seed <n>] [--rate <actions/s>] [--action-timeout <ms>]
                      [--max-packet-bytes <n>] [--payload <bytes>] [--pace <ms>] [--keepalive <ms, 0 = off>]
                      [--max-slope <MiB/min>] [--growth-floor <MiB>] [--ceiling <MiB>] [--stall-budget <MiB>]
                      [--only <${BEHAVIOURS.join(",")}>]`;

interface NumberOption {
  readonly key: keyof SoakOptions;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

const NUMBER_OPTIONS: Readonly<Record<string, NumberOption>> = {
  duration: { key: "durationSeconds", min: 1, max: 3600, integer: false },
  seed: { key: "seed", min: 0, max: 0xffffffff, integer: true },
  rate: { key: "rate", min: 1, max: 20_000, integer: false },
  "action-timeout": { key: "actionTimeout", min: 50, max: 60_000, integer: true },
  "max-packet-bytes": { key: "maxPacketBytes", min: 1024, max: 64 * 1024 * 1024, integer: true },
  pace: { key: "paceMs", min: 50, max: 60_000, integer: true },
  payload: { key: "payloadBytes", min: 0, max: 512 * 1024, integer: true },
  keepalive: { key: "keepalive", min: 0, max: 60_000, integer: true },
  "stall-budget": { key: "stallBudgetMiB", min: 0, max: 1_000_000, integer: false },
  "max-slope": { key: "maxSlopeMiBPerMinute", min: 0, max: 1_000_000, integer: false },
  "growth-floor": { key: "growthFloorMiB", min: 0, max: 1_000_000, integer: false },
  ceiling: { key: "ceilingMiB", min: 1, max: 1_000_000, integer: false },
};

/** The defaults, with `seed` drawn from the clock. */
export function defaultSoakOptions(now = Date.now()): SoakOptions {
  return {
    durationSeconds: 120,
    seed: (now % 0xffffffff) >>> 0,
    rate: 300,
    actionTimeout: 1000,
    maxPacketBytes: 256 * 1024,
    payloadBytes: 32 * 1024,
    keepalive: 0,
    stallBudgetMiB: 16,
    maxSlopeMiBPerMinute: 2,
    growthFloorMiB: 8,
    ceilingMiB: 128,
    paceMs: 1250,
    behaviours: DEFAULT_BEHAVIOURS,
  };
}

/**
 * Reads `--name value` / `--name=value` pairs (a leading `--`, as `pnpm soak -- …` passes it, is
 * skipped). Throws {@link SoakUsageError} for an unknown option, a missing value or a value out of range.
 */
export function parseSoakArgs(argv: readonly string[], defaults = defaultSoakOptions()): SoakOptions {
  const result: Record<string, unknown> = { ...defaults };
  const args = argv[0] === "--" ? argv.slice(1) : [...argv];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith("--")) throw new SoakUsageError(`unexpected argument "${arg.slice(0, 40)}"`);
    const equals = arg.indexOf("=");
    const name = equals === -1 ? arg.slice(2) : arg.slice(2, equals);
    const option = NUMBER_OPTIONS[name];
    if (option === undefined && name !== "only")
      throw new SoakUsageError(`unknown option --${name.slice(0, 40)}`);
    const text = equals === -1 ? args[++i] : arg.slice(equals + 1);
    if (text === undefined || text === "") throw new SoakUsageError(`--${name} needs a value`);
    if (option === undefined) {
      result.behaviours = parseBehaviours(text);
      continue;
    }
    const value = Number(text);
    if (!Number.isFinite(value) || value < option.min || value > option.max) {
      throw new SoakUsageError(`--${name} must be a number in ${option.min}..${option.max}`);
    }
    if (option.integer && !Number.isInteger(value)) throw new SoakUsageError(`--${name} must be an integer`);
    result[option.key] = value;
  }
  return result as unknown as SoakOptions;
}

function parseBehaviours(text: string): Behaviour[] {
  const names = text.split(",").map((name) => name.trim());
  const known = new Set<string>(BEHAVIOURS);
  const unknown = names.find((name) => !known.has(name));
  if (unknown !== undefined) {
    throw new SoakUsageError(
      `--only: unknown behaviour "${unknown.slice(0, 40)}" (known: ${BEHAVIOURS.join(", ")})`,
    );
  }
  return [...new Set(names)] as Behaviour[];
}
