import { applyTemplate, expandTemplates, type TemplateSet } from "./expand-templates.ts";
import type { DocumentCounts, Presence } from "./model.ts";
import {
  childElements,
  firstChild,
  isElement,
  textContent,
  type XmlDocument,
  type XmlElement,
} from "./read-xml.ts";
import { resolveIncludes } from "./resolve-includes.ts";

/** A header as one `<managerEventInstance>` documents it. */
export interface RawHeader {
  readonly name: string;
  readonly presence: Presence;
  readonly enumValues: readonly string[];
  readonly description: string;
  /** The snapshot element (`channel_snapshot`, `bridge_snapshot`) that produced the header, if any. */
  readonly snapshot?: { readonly template: string; readonly prefix: string };
}

/** One `<managerEventInstance>` (or a whole `<managerEvent>` when merged later). */
export interface RawEventInstance {
  readonly name: string;
  readonly module: string | undefined;
  readonly privilege: string | undefined;
  readonly headers: readonly RawHeader[];
  /** Prefixes of the `<channel_snapshot>` elements in the instance (`""` for none). */
  readonly channelSnapshotPrefixes: readonly string[];
  readonly since: readonly string[];
  readonly seeAlso: readonly SeeAlso[];
  readonly synopsis: string;
  readonly inResponses: boolean;
}

/** A `<ref>` to another action or event. */
export interface SeeAlso {
  readonly type: "manager" | "managerEvent";
  readonly name: string;
}

/** One `<manager>` element. */
export interface RawAction {
  readonly name: string;
  readonly module: string | undefined;
  readonly params: readonly RawParam[];
  readonly listItemEvents: readonly string[];
  readonly completeEvent: string | undefined;
  readonly since: readonly string[];
  readonly seeAlso: readonly SeeAlso[];
  readonly synopsis: string;
}

/** One `<parameter>` of a `<manager>`. */
export interface RawParam {
  readonly name: string;
  readonly required: boolean;
  readonly enumValues: readonly string[];
  readonly defaultValue: string | undefined;
  readonly description: string;
}

/** What one XML file documents, before merging and overrides. */
export interface RawDocument {
  readonly actions: readonly RawAction[];
  readonly eventInstances: readonly RawEventInstance[];
  readonly counts: DocumentCounts;
  readonly warnings: readonly string[];
}

const TRUE = new Set(["true", "yes"]);
const FALSE = new Set(["false", "no"]);

function privilegeName(eventClass: string | undefined): string | undefined {
  if (eventClass === undefined) return undefined;
  return eventClass.replace(/^EVENT_FLAG_/, "").toLowerCase();
}

function enumValues(parameter: XmlElement): string[] {
  const values: string[] = [];
  for (const list of childElements(parameter, "enumlist")) {
    for (const value of childElements(list, "enum")) {
      if (value.attributes.name !== undefined && value.attributes.name !== "")
        values.push(value.attributes.name);
    }
  }
  return values;
}

function paragraphs(parameter: XmlElement): string {
  return parameter.children
    .filter((child) => isElement(child) && child.name !== "enumlist" && child.name !== "parameter")
    .map(textContent)
    .filter((text) => text !== "")
    .join("\n\n");
}

function sinceVersions(element: XmlElement): string[] {
  const since = firstChild(element, "since");
  return since === undefined ? [] : childElements(since, "version").map(textContent);
}

function seeAlso(element: XmlElement): SeeAlso[] {
  const block = firstChild(element, "see-also");
  if (block === undefined) return [];
  const refs: SeeAlso[] = [];
  for (const ref of childElements(block, "ref")) {
    const type = ref.attributes.type;
    if (type === "manager" || type === "managerEvent") refs.push({ type, name: textContent(ref) });
  }
  return refs;
}

function synopsis(element: XmlElement): string {
  const node = firstChild(element, "synopsis");
  return node === undefined ? "" : textContent(node);
}

/**
 * Reads the `<parameter>`s of a `<syntax>` as headers, expanding snapshot elements with the
 * release's templates. A header without `required` is present; `required="false"` makes it optional.
 */
export function readHeaders(templates: TemplateSet, elements: readonly XmlElement[]): RawHeader[] {
  const headers: RawHeader[] = [];
  for (const child of elements) {
    const produced = applyTemplate(templates, child);
    const snapshot =
      produced === undefined ? undefined : { template: child.name, prefix: child.attributes.prefix ?? "" };
    const parameters =
      produced === undefined
        ? [child]
        : produced
            .filter((node): node is XmlElement => isElement(node))
            .map((p) => expandTemplates(templates, p));
    for (const parameter of parameters) {
      if (parameter.name !== "parameter") continue;
      const required = parameter.attributes.required ?? "";
      headers.push({
        name: parameter.attributes.name ?? "",
        presence: FALSE.has(required) ? "optional" : "present",
        enumValues: enumValues(parameter),
        description: paragraphs(parameter),
        ...(snapshot === undefined ? {} : { snapshot }),
      });
    }
  }
  return headers;
}

/** Reads the instances of one (include-resolved) `<managerEvent>`; snapshots are expanded here. */
function readManagerEvent(
  templates: TemplateSet,
  event: XmlElement,
  inResponses: boolean,
): RawEventInstance[] {
  const name = event.attributes.name ?? "";
  return childElements(event, "managerEventInstance").map((instance) => {
    const syntax = firstChild(instance, "syntax");
    const elements = syntax === undefined ? [] : childElements(syntax);
    const channelSnapshotPrefixes = elements
      .filter((child) => child.name === "channel_snapshot")
      .map((child) => child.attributes.prefix ?? "");
    const headers = readHeaders(templates, elements);
    return {
      name,
      module: instance.attributes.module ?? event.attributes.module,
      privilege: privilegeName(instance.attributes.class),
      headers,
      channelSnapshotPrefixes,
      since: sinceVersions(instance),
      seeAlso: seeAlso(instance),
      synopsis: synopsis(instance),
      inResponses,
    };
  });
}

function readManager(
  document: XmlDocument,
  templates: TemplateSet,
  manager: XmlElement,
  onMissing: (xpointer: string) => void,
): { action: RawAction; events: RawEventInstance[] } {
  const resolved = resolveIncludes(document, manager, onMissing);
  const syntax = firstChild(resolved, "syntax");
  const params: RawParam[] = [];
  for (const parameter of syntax === undefined ? [] : childElements(syntax, "parameter")) {
    const name = parameter.attributes.name ?? "";
    if (name === "ActionID") continue;
    params.push({
      name,
      required: TRUE.has(parameter.attributes.required ?? ""),
      enumValues: enumValues(parameter),
      defaultValue: parameter.attributes.default === "" ? undefined : parameter.attributes.default,
      description: paragraphs(parameter),
    });
  }
  const responses = firstChild(resolved, "responses");
  const listItemEvents: string[] = [];
  const events: RawEventInstance[] = [];
  let completeEvent: string | undefined;
  if (responses !== undefined) {
    for (const child of childElements(responses)) {
      if (child.name === "list-elements") {
        for (const item of childElements(child, "managerEvent")) {
          listItemEvents.push(item.attributes.name ?? "");
          events.push(...readManagerEvent(templates, item, true));
        }
      } else if (child.name === "managerEvent") {
        completeEvent = child.attributes.name ?? "";
        events.push(...readManagerEvent(templates, child, true));
      }
    }
  }
  const action: RawAction = {
    name: resolved.attributes.name ?? "",
    module: resolved.attributes.module,
    params,
    listItemEvents,
    completeEvent,
    since: sinceVersions(resolved),
    seeAlso: seeAlso(resolved),
    synopsis: synopsis(resolved),
  };
  return { action, events };
}

/** Extracts every manager action and event from a parsed `core-en_US.xml`. */
export function extractDocument(document: XmlDocument, templates: TemplateSet): RawDocument {
  const docs = firstChild(document, "docs");
  if (docs === undefined) throw new Error("expected a <docs> root element");
  const warnings: string[] = [];
  const onMissing = (xpointer: string): void => {
    warnings.push(`xi:include matched nothing: ${xpointer}`);
  };
  const actions: RawAction[] = [];
  const eventInstances: RawEventInstance[] = [];
  const topLevelNames = new Set<string>();
  const responseNames = new Set<string>();
  let managerElements = 0;
  let managerEventElements = 0;
  const countNested = (element: XmlElement): void => {
    for (const child of childElements(element)) {
      if (child.name === "managerEvent") managerEventElements++;
      countNested(child);
    }
  };
  for (const element of childElements(docs)) {
    if (element.name === "manager") {
      managerElements++;
      countNested(element);
      const { action, events } = readManager(document, templates, element, onMissing);
      actions.push(action);
      eventInstances.push(...events);
      for (const event of events) responseNames.add(event.name);
    } else if (element.name === "managerEvent") {
      managerEventElements++;
      topLevelNames.add(element.attributes.name ?? "");
      eventInstances.push(
        ...readManagerEvent(templates, resolveIncludes(document, element, onMissing), false),
      );
    }
  }
  const responsesOnly = [...responseNames].filter((name) => !topLevelNames.has(name));
  return {
    actions,
    eventInstances,
    counts: {
      managerElements,
      distinctActions: new Set(actions.map((a) => a.name)).size,
      managerEventElements,
      topLevelEvents: topLevelNames.size,
      responsesOnlyEvents: responsesOnly.length,
      distinctEvents: topLevelNames.size + responsesOnly.length,
    },
    warnings,
  };
}
