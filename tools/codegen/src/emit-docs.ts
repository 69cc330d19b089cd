import type { HeaderModel, ParamModel, UnionModel, VersionedAction, VersionedEvent } from "./model.ts";
import { majorsList, officialDocsUrl, typeNames } from "./names.ts";

/** Text placed at the top of every generated page. */
export interface DocsOptions {
  readonly banner: readonly string[];
  /** The package users import the types from, named on each page. */
  readonly packageName: string;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function values(enumValues: readonly string[]): string {
  return enumValues.map(code).join(", ");
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

function headerNotes(header: HeaderModel): string {
  const notes: string[] = [];
  if (header.snapshot !== undefined && header.source !== "asterisk") {
    const prefix = header.snapshot.prefix === "" ? "" : ` ${code(header.snapshot.prefix)}`;
    notes.push(`${header.snapshot.template.replace("_", " ")}${prefix}`);
  }
  if (header.source === "asterisk") notes.push("added by Asterisk");
  if (header.source === "override") notes.push("override");
  if (header.note !== undefined) notes.push(header.note);
  if (header.repeatable) notes.push("may repeat");
  if (header.versions !== undefined) notes.push(`only Asterisk ${majorsList(header.versions)}`);
  return notes.join("; ");
}

function paramNotes(param: ParamModel): string {
  const notes: string[] = [];
  if (param.multiValue) notes.push("may repeat (array or record)");
  if (param.versions !== undefined) notes.push(`only Asterisk ${majorsList(param.versions)}`);
  return notes.join("; ");
}

function banner(options: DocsOptions): string {
  return `<!-- ${options.banner.join(" ")} -->\n`;
}

function linkList(names: readonly string[], known: ReadonlySet<string>, dir: string): string {
  return names.map((n) => (known.has(n) ? `[${n}](${dir}${n}.md)` : code(n))).join(", ");
}

function actionPage(action: VersionedAction, model: UnionModel, options: DocsOptions): string {
  const actions = new Set(model.actions.keys());
  const events = new Set(model.events.keys());
  const lines = [
    banner(options),
    `# ${action.name}`,
    "",
    `AMI action · module ${action.modules.map(code).join(", ") || "unknown"} · Asterisk ${majorsList(action.versions)}`,
    "",
    `- TypeScript (${code(options.packageName)}): ${code(typeNames.actionParams(action.name))} (parameters), ${code(typeNames.actionResponse(action.name))} (response)`,
    `- Official documentation: <${officialDocsUrl("action", action.name, action.versions)}>`,
    `- In the XML of: ${action.versions.join(", ")}`,
  ];
  if (action.since.length > 0) lines.push(`- Since (as the XML records it): ${action.since.join(", ")}`);
  lines.push("", "## Parameters", "");
  if (action.params.length === 0) lines.push("None documented.");
  else {
    lines.push(
      table(
        ["Parameter", "Required", "Values", "Default", "Notes"],
        action.params.map((p) => [
          code(p.name),
          p.required ? "yes" : "no",
          p.enumOpen && p.enumValues.length > 0
            ? `${values(p.enumValues)} (examples; any value accepted)`
            : values(p.enumValues),
          p.defaultValue === undefined ? "" : code(p.defaultValue),
          paramNotes(p),
        ]),
      ),
    );
  }
  lines.push("", "`ActionID` is set by the client and is not listed.");
  if (action.openParams) lines.push("", "Further free-form headers are accepted.");
  lines.push("", "## Response", "");
  lines.push(
    table(
      ["Header", "Presence", "Notes"],
      action.responseHeaders.map((h) => [code(h.name), h.presence, headerNotes(h)]),
    ),
  );
  if (action.listItemEvents.length > 0) {
    lines.push("", "## List", "");
    const complete =
      action.completeEvent === undefined
        ? ""
        : `, completed by ${linkList([action.completeEvent], events, "../events/")}`;
    lines.push(`Answers with ${linkList(action.listItemEvents, events, "../events/")} events${complete}.`);
    if (action.listNote !== undefined) lines.push("", `Override: ${action.listNote}`);
  }
  if (action.relatedActions.length > 0 || action.relatedEvents.length > 0) {
    lines.push("", "## Related", "");
    if (action.relatedActions.length > 0)
      lines.push(`- Actions: ${linkList(action.relatedActions, actions, "")}`);
    if (action.relatedEvents.length > 0)
      lines.push(`- Events: ${linkList(action.relatedEvents, events, "../events/")}`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * One row per header, except that the headers of one snapshot block sharing presence and note are
 * collapsed into a single row (they are listed in full in the generated types).
 */
function headerRows(event: VersionedEvent): string[][] {
  const groups = new Map<string, HeaderModel[]>();
  for (const h of event.headers) {
    if (h.snapshot === undefined || h.source === "asterisk") continue;
    const key = `${h.snapshot.template}\u0000${h.snapshot.prefix}\u0000${h.presence}\u0000${h.note ?? ""}\u0000${(h.versions ?? []).join()}`;
    groups.set(key, [...(groups.get(key) ?? []), h]);
  }
  const rows: string[][] = [];
  const done = new Set<string>();
  for (const h of event.headers) {
    const group = [...groups.values()].find((members) => members.length > 1 && members.includes(h));
    if (group === undefined) {
      rows.push([
        code(h.name),
        h.presence,
        h.name === "Event" ? code(event.name) : values(h.enumValues),
        headerNotes(h),
      ]);
      continue;
    }
    const first = group[0] as HeaderModel;
    if (done.has(first.name)) continue;
    done.add(first.name);
    const snapshot = first.snapshot as { template: string; prefix: string };
    const label = `${snapshot.template.replace("_", " ")}${snapshot.prefix === "" ? "" : ` ${code(snapshot.prefix)}`}`;
    const note = [
      first.source === "override" ? "override" : "",
      first.note ?? "",
      first.versions === undefined ? "" : `only Asterisk ${majorsList(first.versions)}`,
    ]
      .filter((n) => n !== "")
      .join("; ");
    rows.push([`${label}: ${group.map((m) => code(m.name)).join(", ")}`, first.presence, "", note]);
  }
  return rows;
}

function eventPage(event: VersionedEvent, model: UnionModel, options: DocsOptions): string {
  const actions = new Set(model.actions.keys());
  const events = new Set(model.events.keys());
  const lines = [
    banner(options),
    `# ${event.name}`,
    "",
    `AMI event · module ${event.modules.map(code).join(", ") || "unknown"} · privilege ${event.privilege.map(code).join(", ") || "none recorded"} · Asterisk ${majorsList(event.versions)}`,
    "",
    `- TypeScript (${code(options.packageName)}): ${code(typeNames.event(event.name))}`,
  ];
  if (event.documented) {
    lines.push(`- Official documentation: <${officialDocsUrl("event", event.name, event.versions)}>`);
  } else {
    lines.push("- Not documented in Asterisk's XML: defined by `tools/codegen/overrides.ts`.");
  }
  lines.push(`- In the XML of: ${event.versions.join(", ")}`);
  if (event.since.length > 0) lines.push(`- Since (as the XML records it): ${event.since.join(", ")}`);
  lines.push("", "## Headers", "");
  lines.push(table(["Header", "Presence", "Values", "Notes"], headerRows(event)));
  if (event.open) lines.push("", "Further free-form headers may follow.");
  if (event.relatedActions.length > 0 || event.relatedEvents.length > 0) {
    lines.push("", "## Related", "");
    if (event.relatedActions.length > 0) {
      lines.push(`- Actions: ${linkList(event.relatedActions, actions, "../actions/")}`);
    }
    if (event.relatedEvents.length > 0) lines.push(`- Events: ${linkList(event.relatedEvents, events, "")}`);
  }
  return `${lines.join("\n")}\n`;
}

function indexPage(model: UnionModel, options: DocsOptions): string {
  const lines = [
    banner(options),
    "# AMI reference",
    "",
    `Every manager action and event documented in Asterisk's XML for ${model.versions.join(", ")}, with the corrections of \`tools/codegen/overrides.ts\`. Generated: do not edit.`,
    "",
    `## Actions (${model.actions.size})`,
    "",
    table(
      ["Action", "Asterisk", "Module", "List of"],
      [...model.actions.values()].map((a) => [
        `[${a.name}](actions/${a.name}.md)`,
        majorsList(a.versions),
        a.modules.join(", "),
        a.listItemEvents.join(", "),
      ]),
    ),
    "",
    `## Events (${model.events.size})`,
    "",
    table(
      ["Event", "Asterisk", "Privilege", "Module"],
      [...model.events.values()].map((e) => [
        `[${e.name}](events/${e.name}.md)${e.documented ? "" : " (undocumented)"}`,
        majorsList(e.versions),
        e.privilege.join(", "),
        e.modules.join(", "),
      ]),
    ),
  ];
  return `${lines.join("\n")}\n`;
}

/** Thrown when two pages would differ only in letter case (they would clash on some file systems). */
export class PageNameClashError extends Error {
  override readonly name = "PageNameClashError";
}

function assertNoCaseClash(names: Iterable<string>, kind: string): void {
  const seen = new Map<string, string>();
  for (const name of names) {
    const other = seen.get(name.toLowerCase());
    if (other !== undefined)
      throw new PageNameClashError(`${kind} pages ${other} and ${name} differ only in case`);
    seen.set(name.toLowerCase(), name);
  }
}

/** One Markdown page per action and per event, plus `README.md` as the index (keys are relative paths). */
export function emitDocs(model: UnionModel, options: DocsOptions): Map<string, string> {
  assertNoCaseClash(model.actions.keys(), "action");
  assertNoCaseClash(model.events.keys(), "event");
  const pages = new Map<string, string>();
  pages.set("README.md", indexPage(model, options));
  for (const action of model.actions.values())
    pages.set(`actions/${action.name}.md`, actionPage(action, model, options));
  for (const event of model.events.values())
    pages.set(`events/${event.name}.md`, eventPage(event, model, options));
  return pages;
}
