import {
  type ActionModel,
  compareNames,
  compareVersions,
  type EventModel,
  type HeaderModel,
  type ParamModel,
  sortedUnique,
  type UnionModel,
  type VersionedAction,
  type VersionedEvent,
  type VersionModel,
} from "./model.ts";

interface Occurrence<T> {
  readonly version: string;
  readonly item: T;
}

function collect<T extends { readonly name: string }>(
  models: readonly VersionModel[],
  pick: (model: VersionModel) => Iterable<T>,
): Map<string, Occurrence<T>[]> {
  const byName = new Map<string, Occurrence<T>[]>();
  for (const model of models) {
    for (const item of pick(model)) {
      byName.set(item.name, [...(byName.get(item.name) ?? []), { version: model.version, item }]);
    }
  }
  return byName;
}

/** Versions list for a member, omitted when the member is in every release that has its owner. */
function memberVersions(
  memberVersions: readonly string[],
  ownerVersions: readonly string[],
): { versions?: string[] } {
  return memberVersions.length === ownerVersions.length ? {} : { versions: [...memberVersions] };
}

function mergeHeaders(owners: readonly Occurrence<readonly HeaderModel[]>[]): HeaderModel[] {
  const ownerVersions = owners.map((o) => o.version);
  const names = sortedUnique(owners.flatMap((o) => o.item.map((h) => h.name)));
  return names.map((name) => {
    const found = owners.flatMap((o) => {
      const h = o.item.find((candidate) => candidate.name === name);
      return h === undefined ? [] : [{ version: o.version, item: h }];
    });
    const newest = found[found.length - 1]?.item as HeaderModel;
    const inAll = found.length === owners.length;
    const present = inAll && found.every((f) => f.item.presence === "present");
    const versions = found.map((f) => f.version);
    const note =
      present || newest.presence === "optional"
        ? newest.note
        : `not in Asterisk ${ownerVersions.filter((v) => !versions.includes(v)).join(", ")}`;
    const merged: HeaderModel = {
      ...newest,
      presence: present ? "present" : "optional",
      enumValues: sortedUnique(found.flatMap((f) => f.item.enumValues)),
      repeatable: found.some((f) => f.item.repeatable),
      ...memberVersions(versions, ownerVersions),
    };
    if (note === undefined) {
      const { note: _dropped, ...rest } = merged;
      return rest;
    }
    return { ...merged, note };
  });
}

function mergeParams(owners: readonly Occurrence<readonly ParamModel[]>[]): ParamModel[] {
  const ownerVersions = owners.map((o) => o.version);
  const names = sortedUnique(owners.flatMap((o) => o.item.map((p) => p.name)));
  return names.map((name) => {
    const found = owners.flatMap((o) => {
      const p = o.item.find((candidate) => candidate.name === name);
      return p === undefined ? [] : [{ version: o.version, item: p }];
    });
    const newest = found[found.length - 1]?.item as ParamModel;
    return {
      ...newest,
      required: found.length === owners.length && found.every((f) => f.item.required),
      enumValues: sortedUnique(found.flatMap((f) => f.item.enumValues)),
      multiValue: found.some((f) => f.item.multiValue),
      enumOpen: found.some((f) => f.item.enumOpen),
      ...memberVersions(
        found.map((f) => f.version),
        ownerVersions,
      ),
    };
  });
}

function mergeEvent(occurrences: readonly Occurrence<EventModel>[]): VersionedEvent {
  const newest = occurrences[occurrences.length - 1]?.item as EventModel;
  const all = occurrences.map((o) => o.item);
  return {
    ...newest,
    modules: sortedUnique(all.flatMap((e) => e.modules)),
    privilege: sortedUnique(all.flatMap((e) => e.privilege)),
    headers: mergeHeaders(occurrences.map((o) => ({ version: o.version, item: o.item.headers }))),
    open: all.some((e) => e.open),
    documented: all.some((e) => e.documented),
    responsesOnly: all.every((e) => e.responsesOnly),
    since: sortedUnique(all.flatMap((e) => e.since)),
    relatedActions: sortedUnique(all.flatMap((e) => e.relatedActions)),
    relatedEvents: sortedUnique(all.flatMap((e) => e.relatedEvents)),
    versions: occurrences.map((o) => o.version),
  };
}

function mergeAction(occurrences: readonly Occurrence<ActionModel>[]): VersionedAction {
  const newest = occurrences[occurrences.length - 1]?.item as ActionModel;
  const all = occurrences.map((o) => o.item);
  return {
    ...newest,
    modules: sortedUnique(all.flatMap((a) => a.modules)),
    params: mergeParams(occurrences.map((o) => ({ version: o.version, item: o.item.params }))),
    openParams: all.some((a) => a.openParams),
    responseHeaders: mergeHeaders(
      occurrences.map((o) => ({ version: o.version, item: o.item.responseHeaders })),
    ),
    listItemEvents: sortedUnique(all.flatMap((a) => a.listItemEvents)),
    completeEvent: [...all].reverse().find((a) => a.completeEvent !== undefined)?.completeEvent,
    since: sortedUnique(all.flatMap((a) => a.since)),
    relatedActions: sortedUnique(all.flatMap((a) => a.relatedActions)),
    relatedEvents: sortedUnique(all.flatMap((a) => a.relatedEvents)),
    versions: occurrences.map((o) => o.version),
  };
}

/**
 * Merges release models into one: an item exists if any release has it; a header is present and a
 * parameter required only if every release that has the item says so; enum values are united.
 */
export function mergeVersions(models: readonly VersionModel[]): UnionModel {
  const ordered = [...models].sort((a, b) => compareVersions(a.version, b.version));
  const events = new Map<string, VersionedEvent>();
  for (const [name, occurrences] of collect(ordered, (m) => m.events.values()))
    events.set(name, mergeEvent(occurrences));
  const actions = new Map<string, VersionedAction>();
  for (const [name, occurrences] of collect(ordered, (m) => m.actions.values())) {
    actions.set(name, mergeAction(occurrences));
  }
  const sortMap = <T>(map: Map<string, T>): Map<string, T> =>
    new Map([...map].sort(([a], [b]) => compareNames(a, b)));
  return { versions: ordered.map((m) => m.version), actions: sortMap(actions), events: sortMap(events) };
}

/** A single release seen as a union of one (every item has exactly that release). */
export function singleVersion(model: VersionModel): UnionModel {
  return mergeVersions([model]);
}
