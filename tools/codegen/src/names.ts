import { majorOf } from "./model.ts";

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A protocol name as the first part of an identifier: characters other than letters, digits, `_` become `_` (`AOC-D` → `AOC_D`). */
export function identifierPart(name: string): string {
  const replaced = name.replace(/[^\w$]/g, "_");
  return /^\d/.test(replaced) ? `_${replaced}` : replaced;
}

/**
 * Type naming scheme (collision-free because the suffixes differ):
 * - event `Newchannel` → `NewchannelEvent` (so the event `OriginateResponse` is `OriginateResponseEvent`);
 * - action `Originate` → parameters `OriginateAction`, response `OriginateResponse`;
 * - characters not allowed in identifiers become `_` (event `AOC-D` → `AOC_DEvent`).
 * The three suffixes differ, so an event type can never clash with an action type; clashes within a kind
 * (names that differ only in replaced characters) are detected and rejected by the generator.
 */
export const typeNames = {
  event: (name: string): string => `${identifierPart(name)}Event`,
  actionParams: (name: string): string => `${identifierPart(name)}Action`,
  actionResponse: (name: string): string => `${identifierPart(name)}Response`,
} as const;

/** Thrown when an action or event name cannot become a TypeScript identifier. */
export class NameError extends Error {
  override readonly name = "NameError";
}

/** Checks that no two names of one kind map to the same type name. */
export function assertDistinctTypeNames(
  kind: string,
  names: Iterable<string>,
  toType: (name: string) => string,
): void {
  const seen = new Map<string, string>();
  for (const name of names) {
    const type = toType(name);
    const other = seen.get(type);
    if (other !== undefined)
      throw new NameError(`${kind}s "${other}" and "${name}" would both be typed ${type}`);
    seen.set(type, name);
  }
}

/** A property name as written in a type: bare when it is an identifier, quoted otherwise (`"Cause-txt"`). */
export function propertyName(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** The official documentation page of an action or event, for the newest release that has it. */
export function officialDocsUrl(kind: "action" | "event", name: string, versions: readonly string[]): string {
  const newest = versions[versions.length - 1];
  const major = newest === undefined ? undefined : majorOf(newest);
  const base = major === undefined ? "Latest_API" : `Asterisk_${major}_Documentation`;
  const section = kind === "action" ? "AMI_Actions" : "AMI_Events";
  return `https://docs.asterisk.org/${base}/API_Documentation/${section}/${name}/`;
}

/** Majors of the given releases, for prose (`18, 20, 22`); labels that are not versions stay as they are. */
export function majorsList(versions: readonly string[]): string {
  return [...new Set(versions.map((v) => majorOf(v) ?? v))].join(", ");
}
