/** `amikit top --domains …`: which sections to show and which @amikit/live domains that needs. */
import type { LiveDomain } from "@amikit/live";
import { UsageError } from "../cli-errors.ts";
import { suggest } from "../did-you-mean.ts";

/** A section of `amikit top`, named as `--domains` takes it. */
export type TopSection =
  | "calls"
  | "channels"
  | "bridges"
  | "queues"
  | "conferences"
  | "devices"
  | "extensions";

/** Every section, in display order. */
export const TOP_SECTIONS: readonly TopSection[] = [
  "calls",
  "channels",
  "bridges",
  "queues",
  "conferences",
  "devices",
  "extensions",
];

/** What `amikit top` shows without `--domains`. */
export const DEFAULT_TOP_SECTIONS: readonly TopSection[] = ["calls", "bridges", "queues", "conferences"];

/** The live domain each section needs (calls are made of channels). */
const domainOf: Record<TopSection, LiveDomain> = {
  calls: "channels",
  channels: "channels",
  bridges: "bridges",
  queues: "queues",
  conferences: "conferences",
  devices: "devices",
  extensions: "extensions",
};

/** The sections asked for and the live domains to track for them. */
export interface TopDomains {
  /** In display order, each once. */
  readonly sections: readonly TopSection[];
  /** For `trackPbx({ domains })`. */
  readonly domains: readonly LiveDomain[];
}

/**
 * Parses `--domains calls,queues` (any order, case-insensitive; `all` for every section).
 *
 * @throws UsageError - for an empty list or a name that is not a section (with a suggestion).
 */
export function parseTopDomains(text: string | undefined): TopDomains {
  let sections: readonly TopSection[] = DEFAULT_TOP_SECTIONS;
  if (text !== undefined) {
    const names = text
      .split(",")
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== "");
    if (names.length === 0) {
      throw new UsageError(`--domains needs at least one of: ${TOP_SECTIONS.join(", ")}`);
    }
    const wanted = new Set<TopSection>();
    for (const name of names) {
      if (name === "all") {
        for (const section of TOP_SECTIONS) wanted.add(section);
        continue;
      }
      if (!(TOP_SECTIONS as readonly string[]).includes(name)) {
        const guesses = suggest(name, [...TOP_SECTIONS, "all"]);
        throw new UsageError(`unknown domain "${name}" for --domains`, [
          ...(guesses.length > 0 ? [`did you mean: ${guesses.join(", ")}?`] : []),
          `choose from: ${TOP_SECTIONS.join(", ")}, all`,
        ]);
      }
      wanted.add(name as TopSection);
    }
    sections = TOP_SECTIONS.filter((section) => wanted.has(section));
  }
  const domains = [...new Set(sections.map((section) => domainOf[section]))];
  return { sections, domains };
}
