/** Reading header values from events: one string per header, numbers, flags, variables, time. */
import type { AmiEvent } from "@amikit/client";

/** The header's value (the last one when sent more than once), or `""`. */
export function text(event: AmiEvent, header: string): string {
  return value(event[header]);
}

/**
 * A header value as {@link text} reads it, for hot paths that load the header themselves
 * (`value(event.Uniqueid)`): each such load site learns the shapes of its own events, where every read
 * through `text` shares one site that sees every header of every event (megamorphic, measurably slower).
 */
export function value(raw: string | readonly string[] | undefined): string {
  if (raw === undefined) return "";
  return typeof raw === "string" ? raw : (raw[raw.length - 1] ?? "");
}

/** The header's value, or `undefined` when absent or empty. */
export function optional(event: AmiEvent, header: string): string | undefined {
  const value = text(event, header);
  return value === "" ? undefined : value;
}

/** The header as an integer (`0` when absent or not a number). */
export function integer(event: AmiEvent, header: string): number {
  const value = Number.parseInt(text(event, header), 10);
  return Number.isFinite(value) ? value : 0;
}

/** The header as a number with decimals (`0` when absent or not a number). */
export function decimal(event: AmiEvent, header: string): number {
  const value = Number.parseFloat(text(event, header));
  return Number.isFinite(value) ? value : 0;
}

/** `Yes`/`No`, `1`/`0`, `true`/`false`, `on`/`off` as a boolean. */
export function flag(event: AmiEvent, header: string): boolean {
  const value = text(event, header).toLowerCase();
  return value === "yes" || value === "1" || value === "true" || value === "on";
}

/** The `ChanVariable: NAME=value` headers as a record (a name without `=` maps to `""`). */
export function channelVariables(event: AmiEvent): Readonly<Record<string, string>> {
  const raw = event.ChanVariable;
  if (raw === undefined) return EMPTY;
  const out: Record<string, string> = {};
  for (const entry of typeof raw === "string" ? [raw] : raw) {
    const equals = entry.indexOf("=");
    if (equals < 0) out[entry] = "";
    else out[entry.slice(0, equals)] = entry.slice(equals + 1);
  }
  return out;
}

const EMPTY: Readonly<Record<string, string>> = Object.freeze({});

/**
 * When the event happened, in ms since the epoch: its `Timestamp` header (epoch seconds with
 * microseconds, sent with `timestampevents = yes`) when present, else `now`.
 */
export function eventTime(event: AmiEvent, now: number): number {
  const raw = event.Timestamp;
  if (raw === undefined) return now;
  const stamp = Number.parseFloat(value(raw));
  return Number.isFinite(stamp) && stamp > 0 ? Math.round(stamp * 1000) : now;
}

/** Shallow equality of two records of strings (to keep identity when nothing changed). */
export function sameRecord(
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}
