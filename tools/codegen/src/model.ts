/** Whether a header is typed as always present or as optional. */
export type Presence = "present" | "optional";

/** Where a fact about a header came from (shown in the reference docs). */
export type HeaderSource = "xml" | "asterisk" | "override";

/** One header of an event or response. */
export interface HeaderModel {
  readonly name: string;
  readonly presence: Presence;
  /** Documented values (`<enumlist>`), sorted; empty when free-form. */
  readonly enumValues: readonly string[];
  /** The header may occur several times in one packet (e.g. `ChanVariable`). */
  readonly repeatable: boolean;
  readonly source: HeaderSource;
  /** The snapshot block that documents the header, e.g. `{ template: "channel_snapshot", prefix: "Dest" }`. */
  readonly snapshot?: { readonly template: string; readonly prefix: string };
  /** Why the presence differs from the XML, when an override or a merge decided it. */
  readonly note?: string;
  /** The XML's own text; kept only when descriptions were requested. */
  readonly description?: string;
  /** In a union model: the releases that have the header, when not all releases that have the event do. */
  readonly versions?: readonly string[];
}

/** One documented parameter (header) of an action. `ActionID` is never one: the client sets it. */
export interface ParamModel {
  readonly name: string;
  readonly required: boolean;
  readonly enumValues: readonly string[];
  /**
   * The documented values are examples or descriptions rather than the complete set (e.g. `EventMask`'s
   * `system,call,log,...`): the type suggests the literal ones but accepts any string.
   */
  readonly enumOpen: boolean;
  readonly defaultValue?: string;
  /** A `Variable`-style header that may be sent several times (`name=value` pairs). */
  readonly multiValue: boolean;
  readonly description?: string;
  /** In a union model: the releases that have the parameter, when not all releases that have the action do. */
  readonly versions?: readonly string[];
}

/** A manager event, merged over every place and instance that documents it. */
export interface EventModel {
  readonly name: string;
  readonly modules: readonly string[];
  /** Privilege classes in wire spelling (`EVENT_FLAG_CALL` → `call`), sorted. */
  readonly privilege: readonly string[];
  readonly headers: readonly HeaderModel[];
  /** Also accepts headers the type does not list (e.g. `UserEvent`'s free-form headers). */
  readonly open: boolean;
  /** False when the XML does not document the event and an override defines it. */
  readonly documented: boolean;
  /** True when the only definitions sit inside some action's `<responses>`. */
  readonly responsesOnly: boolean;
  readonly since: readonly string[];
  readonly relatedActions: readonly string[];
  readonly relatedEvents: readonly string[];
  readonly synopsis?: string;
}

/** A manager action, merged over every module that documents it. */
export interface ActionModel {
  readonly name: string;
  readonly modules: readonly string[];
  readonly params: readonly ParamModel[];
  /** Accepts parameters beyond the documented ones (e.g. `UserEvent`). */
  readonly openParams: boolean;
  readonly responseHeaders: readonly HeaderModel[];
  readonly listItemEvents: readonly string[];
  readonly completeEvent: string | undefined;
  /** Why the list shape comes from an override, if it does. */
  readonly listNote?: string;
  readonly since: readonly string[];
  readonly relatedActions: readonly string[];
  readonly relatedEvents: readonly string[];
  readonly synopsis?: string;
}

/** Independent-of-merge counts of one XML file, printed by the CLI and asserted by tests. */
export interface DocumentCounts {
  /** `<manager>` elements. */
  readonly managerElements: number;
  readonly distinctActions: number;
  /** `<managerEvent>` elements anywhere (top level and inside `<responses>`). */
  readonly managerEventElements: number;
  readonly topLevelEvents: number;
  /** Event names defined only inside an action's `<responses>`. */
  readonly responsesOnlyEvents: number;
  readonly distinctEvents: number;
}

/** Everything one `core-en_US.xml` documents about AMI, after overrides. */
export interface VersionModel {
  /** Release label, e.g. `22.10.1` (or what the user passed for their own file). */
  readonly version: string;
  readonly actions: ReadonlyMap<string, ActionModel>;
  readonly events: ReadonlyMap<string, EventModel>;
  readonly counts: DocumentCounts;
  readonly warnings: readonly string[];
}

/** An action with the releases whose XML has it. */
export type VersionedAction = ActionModel & { readonly versions: readonly string[] };

/** An event with the releases whose XML has it. */
export type VersionedEvent = EventModel & { readonly versions: readonly string[] };

/** A model merged over one or more releases: each item records the releases that have it. */
export interface UnionModel {
  /** Release labels, oldest first. */
  readonly versions: readonly string[];
  readonly actions: ReadonlyMap<string, VersionedAction>;
  readonly events: ReadonlyMap<string, VersionedEvent>;
}

/** Ordinal comparison, independent of locale, used for every sort in the generated output. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares release labels numerically (`9.1` before `18.2`); non-numeric labels sort after, by name. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  if (pa.some(Number.isNaN) || pb.some(Number.isNaN)) return compareNames(a, b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The major release of a label (`22` for `22.10.1`), or undefined when the label is not a version. */
export function majorOf(version: string): string | undefined {
  return /^(\d+)(\.|$)/.exec(version)?.[1];
}

/** Sorted, de-duplicated copy. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareNames);
}
