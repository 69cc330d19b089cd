/** The hostile behaviours, in the names the summary and `--only` use (see the README for each). */
export const BEHAVIOURS = ["stall", "drop", "flap", "burst", "oversize", "dense", "halfclose"] as const;

/** One hostile behaviour. */
export type Behaviour = (typeof BEHAVIOURS)[number];

/** The behaviours a soak runs unless `--only` says otherwise: all of them. */
export const DEFAULT_BEHAVIOURS: readonly Behaviour[] = [
  "stall",
  "drop",
  "flap",
  "burst",
  "oversize",
  "dense",
  "halfclose",
];
