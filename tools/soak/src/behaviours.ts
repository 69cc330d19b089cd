/** The hostile behaviours, in the names the summary and `--only` use (see the README for each). */
export const BEHAVIOURS = ["stall", "drop", "flap", "burst", "oversize", "dense"] as const;

/** One hostile behaviour. */
export type Behaviour = (typeof BEHAVIOURS)[number];
