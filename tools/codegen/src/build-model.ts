import type { Overrides } from "../overrides.ts";
import type { TemplateSet } from "./expand-templates.ts";
import { type RawAction, type RawDocument, type RawEventInstance, readHeaders } from "./extract.ts";
import {
  type ActionModel,
  compareNames,
  type EventModel,
  type HeaderModel,
  type ParamModel,
  sortedUnique,
  type VersionModel,
} from "./model.ts";

/** Options that change what the model keeps. */
export interface BuildOptions {
  /** Keep the XML's synopses and parameter texts (for `--with-descriptions`). */
  readonly withDescriptions: boolean;
}

function groupBy<T extends { readonly name: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.name);
    if (group) group.push(item);
    else groups.set(item.name, [item]);
  }
  return groups;
}

/** A documented enum value that is a literal token; anything else (`<match_method>`, `Response code`) is a description. */
const LITERAL_VALUE = /^[\w.+-]+$/;

function describe(options: BuildOptions, text: string): { description?: string } {
  return options.withDescriptions && text !== "" ? { description: text } : {};
}

function mergeEvent(name: string, instances: readonly RawEventInstance[], options: BuildOptions): EventModel {
  const headerNames = sortedUnique(instances.flatMap((i) => i.headers.map((h) => h.name)));
  const headers: HeaderModel[] = headerNames.map((headerName) => {
    const occurrences = instances.flatMap((i) => i.headers.filter((h) => h.name === headerName));
    const inEvery = instances.every((i) => i.headers.some((h) => h.name === headerName));
    const presentInEvery = inEvery && occurrences.every((h) => h.presence === "present");
    const snapshot = occurrences.find((h) => h.snapshot !== undefined)?.snapshot;
    return {
      name: headerName,
      presence: presentInEvery ? "present" : "optional",
      enumValues: sortedUnique(occurrences.flatMap((h) => h.enumValues)),
      repeatable: false,
      source: "xml",
      ...(snapshot === undefined ? {} : { snapshot }),
      ...(inEvery ? {} : { note: "documented in only some of the event's instances" }),
      ...describe(options, occurrences.find((h) => h.description !== "")?.description ?? ""),
    };
  });
  for (const prefix of sortedUnique(instances.flatMap((i) => i.channelSnapshotPrefixes))) {
    headers.push({
      name: `${prefix}ChanVariable`,
      presence: "optional",
      enumValues: [],
      repeatable: true,
      source: "asterisk",
      snapshot: { template: "channel_snapshot", prefix },
      note: "one `name=value` line per variable listed in manager.conf `channelvars`",
    });
  }
  const refs = instances.flatMap((i) => i.seeAlso);
  return {
    name,
    modules: sortedUnique(instances.flatMap((i) => (i.module === undefined ? [] : [i.module]))),
    privilege: sortedUnique(instances.flatMap((i) => (i.privilege === undefined ? [] : [i.privilege]))),
    headers,
    open: false,
    documented: true,
    responsesOnly: instances.every((i) => i.inResponses),
    since: sortedUnique(instances.flatMap((i) => i.since)),
    relatedActions: sortedUnique(refs.filter((r) => r.type === "manager").map((r) => r.name)),
    relatedEvents: sortedUnique(
      refs.filter((r) => r.type === "managerEvent" && r.name !== name).map((r) => r.name),
    ),
    ...(options.withDescriptions && instances[0]?.synopsis ? { synopsis: instances[0].synopsis } : {}),
  };
}

function mergeAction(name: string, definitions: readonly RawAction[], options: BuildOptions): ActionModel {
  const paramNames = sortedUnique(definitions.flatMap((d) => d.params.map((p) => p.name)));
  const params: ParamModel[] = paramNames.map((paramName) => {
    const occurrences = definitions.flatMap((d) => d.params.filter((p) => p.name === paramName));
    const required =
      definitions.every((d) => d.params.some((p) => p.name === paramName)) &&
      occurrences.every((p) => p.required);
    const defaultValue = occurrences.find((p) => p.defaultValue !== undefined)?.defaultValue;
    const enumValues = sortedUnique(occurrences.flatMap((p) => p.enumValues));
    return {
      name: paramName,
      required,
      enumValues,
      enumOpen: enumValues.some((value) => !LITERAL_VALUE.test(value)),
      ...(defaultValue === undefined ? {} : { defaultValue }),
      multiValue: false,
      ...describe(options, occurrences.find((p) => p.description !== "")?.description ?? ""),
    };
  });
  const refs = definitions.flatMap((d) => d.seeAlso);
  return {
    name,
    modules: sortedUnique(definitions.flatMap((d) => (d.module === undefined ? [] : [d.module]))),
    params,
    openParams: false,
    responseHeaders: [],
    listItemEvents: sortedUnique(definitions.flatMap((d) => d.listItemEvents)),
    completeEvent: definitions.find((d) => d.completeEvent !== undefined)?.completeEvent,
    since: sortedUnique(definitions.flatMap((d) => d.since)),
    relatedActions: sortedUnique(
      refs.filter((r) => r.type === "manager" && r.name !== name).map((r) => r.name),
    ),
    relatedEvents: sortedUnique(refs.filter((r) => r.type === "managerEvent").map((r) => r.name)),
    ...(options.withDescriptions && definitions[0]?.synopsis ? { synopsis: definitions[0].synopsis } : {}),
  };
}

function header(
  name: string,
  presence: HeaderModel["presence"],
  source: HeaderModel["source"],
  note?: string,
  repeatable = false,
): HeaderModel {
  const model: HeaderModel = { name, presence, enumValues: [], repeatable, source };
  return note === undefined ? model : { ...model, note };
}

function upsertHeader(headers: HeaderModel[], next: HeaderModel): void {
  const index = headers.findIndex((h) => h.name === next.name);
  if (index >= 0) headers[index] = next;
  else headers.push(next);
}

function sortHeaders(headers: HeaderModel[]): HeaderModel[] {
  return headers.sort((a, b) => compareNames(a.name, b.name));
}

function renameEvents(raw: RawDocument, overrides: Overrides): RawDocument {
  const renames = new Map(overrides.renamedEvents.map((r) => [r.from, r.to]));
  const rename = (name: string): string => renames.get(name) ?? name;
  return {
    ...raw,
    eventInstances: raw.eventInstances.map((instance) => ({
      ...instance,
      name: rename(instance.name),
      seeAlso: instance.seeAlso.map((ref) =>
        ref.type === "managerEvent" ? { ...ref, name: rename(ref.name) } : ref,
      ),
    })),
    actions: raw.actions.map((action) => ({
      ...action,
      listItemEvents: action.listItemEvents.map(rename),
      completeEvent: action.completeEvent === undefined ? undefined : rename(action.completeEvent),
      seeAlso: action.seeAlso.map((ref) =>
        ref.type === "managerEvent" ? { ...ref, name: rename(ref.name) } : ref,
      ),
    })),
  };
}

/** Merges the raw documentation of one release and applies the overrides. */
export function buildVersionModel(
  version: string,
  document: RawDocument,
  templates: TemplateSet,
  overrides: Overrides,
  options: BuildOptions = { withDescriptions: false },
): VersionModel {
  const raw = renameEvents(document, overrides);
  const warnings = [...raw.warnings];
  const events = new Map<string, EventModel>();
  for (const [name, instances] of groupBy(raw.eventInstances))
    events.set(name, mergeEvent(name, instances, options));
  for (const fix of overrides.renamedHeaders) {
    const event = events.get(fix.event);
    if (event === undefined || event.headers.some((h) => h.name === fix.to)) continue;
    events.set(fix.event, {
      ...event,
      headers: sortHeaders(
        event.headers.map((h) =>
          h.name === fix.from ? { ...h, name: fix.to, source: "override", note: fix.reason } : h,
        ),
      ),
    });
  }
  const actions = new Map<string, ActionModel>();
  for (const [name, definitions] of groupBy(raw.actions))
    actions.set(name, mergeAction(name, definitions, options));

  for (const undocumented of overrides.undocumentedEvents) {
    if (events.has(undocumented.event)) continue;
    const snapshotHeaders = readHeaders(
      templates,
      (undocumented.snapshots ?? []).map((s) => ({
        name: s.template,
        attributes: { prefix: s.prefix },
        children: [],
      })),
    ).map(
      (h): HeaderModel => ({
        ...header(h.name, h.presence, "override", undocumented.reason),
        enumValues: sortedUnique(h.enumValues),
        ...(h.snapshot === undefined ? {} : { snapshot: h.snapshot }),
      }),
    );
    const listed = undocumented.headers.map((h) =>
      header(h.name, h.presence, "override", undocumented.reason, h.repeatable ?? false),
    );
    events.set(undocumented.event, {
      name: undocumented.event,
      modules: [undocumented.module],
      privilege: [],
      headers: [...snapshotHeaders, ...listed],
      open: true,
      documented: false,
      responsesOnly: true,
      since: [],
      relatedActions: [],
      relatedEvents: [],
    });
  }

  for (const list of overrides.listActions) {
    const action = actions.get(list.action);
    if (action === undefined || action.listItemEvents.length > 0) continue;
    const missing = [...list.listItemEvents, list.completeEvent].filter((e) => !events.has(e));
    if (missing.length > 0) {
      warnings.push(`list override for ${list.action} names unknown events: ${missing.join(", ")}`);
      continue;
    }
    actions.set(list.action, {
      ...action,
      listItemEvents: sortedUnique(list.listItemEvents),
      completeEvent: list.completeEvent,
      listNote: list.reason,
    });
  }

  const listEvents = new Map<string, string[]>();
  for (const action of actions.values()) {
    for (const name of [
      ...action.listItemEvents,
      ...(action.completeEvent === undefined ? [] : [action.completeEvent]),
    ]) {
      listEvents.set(name, [...(listEvents.get(name) ?? []), action.name]);
    }
  }

  for (const [name, event] of events) {
    const headers = [...event.headers];
    const listActions = listEvents.get(name);
    upsertHeader(headers, header("Event", "present", "asterisk"));
    upsertHeader(
      headers,
      listActions === undefined
        ? header("Privilege", "present", "asterisk")
        : header("Privilege", "optional", "asterisk", "list items and completions are sent without it"),
    );
    upsertHeader(
      headers,
      header("SystemName", "optional", "asterisk", "sent when manager.conf sets `systemname`"),
    );
    upsertHeader(
      headers,
      header("Timestamp", "optional", "asterisk", "sent when manager.conf sets `timestampevents`"),
    );
    if (listActions !== undefined && !headers.some((h) => h.name === "ActionID")) {
      headers.push(header("ActionID", "optional", "asterisk", "echoes the ActionID of the list action"));
    }
    const relatedActions = sortedUnique([...event.relatedActions, ...(listActions ?? [])]);
    events.set(name, { ...event, headers: sortHeaders(headers), relatedActions });
  }

  const editEvent = (name: string, edit: (event: EventModel) => EventModel): void => {
    const event = events.get(name);
    if (event !== undefined) events.set(name, edit(event));
  };
  const makeOptional = (
    event: EventModel,
    test: (h: HeaderModel) => boolean,
    reason: string,
  ): EventModel => ({
    ...event,
    headers: event.headers.map((h) =>
      test(h) && h.presence === "present"
        ? { ...h, presence: "optional", source: "override", note: reason }
        : h,
    ),
  });
  for (const fix of overrides.presence) {
    editEvent(fix.event, (event) => makeOptional(event, (h) => fix.headers.includes(h.name), fix.reason));
  }
  for (const fix of overrides.optionalSnapshots) {
    editEvent(fix.event, (event) =>
      makeOptional(
        event,
        (h) => h.snapshot?.template === fix.snapshot.template && h.snapshot.prefix === fix.snapshot.prefix,
        fix.reason,
      ),
    );
  }
  for (const extra of overrides.extraHeaders) {
    editEvent(extra.event, (event) => {
      const headers = [...event.headers];
      for (const h of extra.headers) {
        if (!headers.some((existing) => existing.name === h.name)) {
          headers.push(header(h.name, h.presence, "override", extra.reason, h.repeatable ?? false));
        }
      }
      return { ...event, headers: sortHeaders(headers) };
    });
  }
  for (const open of overrides.openEvents) editEvent(open.name, (event) => ({ ...event, open: true }));

  const editAction = (name: string, edit: (action: ActionModel) => ActionModel): void => {
    const action = actions.get(name);
    if (action !== undefined) actions.set(name, edit(action));
  };
  for (const multi of overrides.multiValueParams) {
    editAction(multi.action, (action) => ({
      ...action,
      params: action.params.map((p) => (p.name === multi.param ? { ...p, multiValue: true } : p)),
    }));
  }
  for (const open of overrides.openActions)
    editAction(open.name, (action) => ({ ...action, openParams: true }));
  for (const open of overrides.openEnumParams) {
    editAction(open.action, (action) => ({
      ...action,
      params: action.params.map((p) => (p.name === open.param ? { ...p, enumOpen: true } : p)),
    }));
  }
  for (const [name, action] of actions) {
    const headers: HeaderModel[] = [
      header("Response", "present", "asterisk"),
      header("ActionID", "optional", "asterisk", "echoes the ActionID the client sent"),
      header("Message", "optional", "asterisk"),
    ];
    if (action.listItemEvents.length > 0) {
      headers.push(header("EventList", "optional", "asterisk", "`start` when the list follows"));
    }
    for (const fix of overrides.responseHeaders.filter((r) => r.action === name)) {
      for (const h of fix.headers) {
        upsertHeader(headers, header(h.name, h.presence, "override", fix.reason, h.repeatable ?? false));
      }
    }
    actions.set(name, { ...action, responseHeaders: sortHeaders(headers) });
  }

  const sortMap = <T>(map: Map<string, T>): Map<string, T> =>
    new Map([...map].sort(([a], [b]) => compareNames(a, b)));
  return { version, actions: sortMap(actions), events: sortMap(events), counts: raw.counts, warnings };
}
