import {
  type ImportDeclarationStructure,
  type InterfaceDeclarationStructure,
  type OptionalKind,
  Project,
  type PropertySignatureStructure,
  type StatementStructures,
  StructureKind,
} from "ts-morph";
import type { HeaderModel, ParamModel, UnionModel, VersionedAction, VersionedEvent } from "./model.ts";
import {
  assertDistinctTypeNames,
  identifierPart,
  majorsList,
  officialDocsUrl,
  propertyName,
  typeNames,
} from "./names.ts";

/** How generated files refer to each other and to the hand-written base types. */
export interface EmitOptions {
  /** Module specifier of the base types (`AmiGenericPacket`, `ActionMetadata`, ...) as seen from the output root. */
  readonly baseImport: string;
  /** Extension written on relative imports between generated files (`.ts` in this repo, `.js` for users). */
  readonly importExtension: ".ts" | ".js";
  /** Comment lines placed at the top of every generated file. */
  readonly banner: readonly string[];
}

/** Makes text safe inside a `/** ... *\/` comment. */
export function commentSafe(text: string): string {
  return text.replace(/\*\//g, "*\\/").replace(/^@/gm, "\\@");
}

/** Ends a note with a full stop unless it already ends with punctuation. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function literal(value: string): string {
  return JSON.stringify(value);
}

function list(names: readonly string[]): string {
  return names.map((n) => `\`${n}\``).join(", ");
}

/** Resolves the base import as seen from a directory `depth` levels below the output root. */
export function baseImportAt(options: EmitOptions, depth: number): string {
  if (!options.baseImport.startsWith(".")) return options.baseImport;
  const up = "../".repeat(depth);
  return options.baseImport.startsWith("./")
    ? `${up}${options.baseImport.slice(2)}`
    : `${up}${options.baseImport}`;
}

function headerType(header: HeaderModel): string {
  if (header.enumValues.length > 0) return `${header.enumValues.map(literal).join(" | ")} | (string & {})`;
  return header.repeatable ? "string | string[]" : "string";
}

function headerDocs(header: HeaderModel, kind: "event" | "response"): string[] {
  const lines: string[] = [];
  if (header.description !== undefined) lines.push(commentSafe(header.description));
  if (header.presence === "optional" && header.note !== undefined)
    lines.push(`Optional: ${sentence(commentSafe(header.note))}`);
  else if (header.note !== undefined) lines.push(sentence(commentSafe(header.note)));
  if (header.repeatable) lines.push(`An array when the ${kind} repeats the header.`);
  if (header.versions !== undefined) lines.push(`Only in Asterisk ${majorsList(header.versions)}.`);
  return lines.length === 0 ? [] : [lines.join("\n")];
}

function headerProperty(
  header: HeaderModel,
  kind: "event" | "response",
): OptionalKind<PropertySignatureStructure> {
  return {
    name: propertyName(header.name),
    isReadonly: true,
    hasQuestionToken: header.presence === "optional",
    type: headerType(header),
    docs: headerDocs(header, kind),
  };
}

function paramType(param: ParamModel): string {
  if (param.multiValue) return "string | readonly string[] | Readonly<Record<string, string>>";
  if (param.enumValues.length > 0 && !param.enumOpen) return param.enumValues.map(literal).join(" | ");
  const suggestions = param.enumValues.filter((value) => LITERAL_VALUE.test(value)).map(literal);
  if (suggestions.length > 0) return `${suggestions.join(" | ")} | (string & {})`;
  return "string | number | boolean";
}

const LITERAL_VALUE = /^[\w.+-]+$/;

function paramProperty(param: ParamModel): OptionalKind<PropertySignatureStructure> {
  const lines: string[] = [];
  if (param.description !== undefined) lines.push(commentSafe(param.description));
  if (param.defaultValue !== undefined) lines.push(`Defaults to \`${commentSafe(param.defaultValue)}\`.`);
  if (param.enumOpen && param.enumValues.length > 0) {
    lines.push(
      `Documented values (not exhaustive): ${param.enumValues.map((v) => `\`${commentSafe(v)}\``).join(", ")}.`,
    );
  }
  if (param.multiValue) {
    lines.push("Sent once per value: pass an array of `name=value` strings or a record of name → value.");
  }
  if (param.versions !== undefined) lines.push(`Only in Asterisk ${majorsList(param.versions)}.`);
  return {
    name: propertyName(param.name),
    isReadonly: true,
    hasQuestionToken: !param.required,
    type: param.required ? paramType(param) : `${paramType(param)} | undefined`,
    docs: lines.length === 0 ? [] : [lines.join("\n")],
  };
}

function where(item: { readonly modules: readonly string[]; readonly versions: readonly string[] }): string {
  const modules = item.modules.length === 0 ? "" : ` (module ${list(item.modules)})`;
  return `${modules}, documented for Asterisk ${majorsList(item.versions)}`;
}

/** A docs-free fingerprint of a declaration: equal fingerprints declare the same type. */
function signature(structure: object): string {
  return JSON.stringify(structure, (key, value) => (key === "docs" ? undefined : value));
}

/** The named interface a snapshot block becomes: `channel_snapshot` + `Dest` → `DestChannelSnapshot`. */
function snapshotInterfaceName(template: string, prefix: string): string {
  const base = template
    .split("_")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
  return `${identifierPart(prefix)}${base}`;
}

interface SnapshotGroup {
  readonly key: string;
  readonly name: string;
  readonly docs: string;
  readonly properties: OptionalKind<PropertySignatureStructure>[];
  readonly signature: string;
  readonly partialSignature: string;
}

/** Headers Asterisk's manager.c adds to every event, kept in one shared base interface per presence. */
const COMMON_HEADERS: ReadonlySet<string> = new Set(["Privilege", "SystemName", "Timestamp"]);

/** Group keys of the common headers: events that carry `Privilege`, and list events sent without it. */
const COMMON_KEY = "\u0001common";
const COMMON_LIST_KEY = "\u0001common-list";

function groupKey(header: HeaderModel, event: VersionedEvent): string | undefined {
  if (header.snapshot !== undefined) return `${header.snapshot.template}\u0000${header.snapshot.prefix}`;
  if (!COMMON_HEADERS.has(header.name)) return undefined;
  const privilege = event.headers.find((h) => h.name === "Privilege");
  return privilege?.presence === "optional" ? COMMON_LIST_KEY : COMMON_KEY;
}

function eventGroupProperties(
  event: VersionedEvent,
): Map<string, OptionalKind<PropertySignatureStructure>[]> {
  const groups = new Map<string, OptionalKind<PropertySignatureStructure>[]>();
  for (const header of event.headers) {
    const key = groupKey(header, event);
    if (key === undefined) continue;
    groups.set(key, [...(groups.get(key) ?? []), headerProperty(header, "event")]);
  }
  return groups;
}

/** Name and TSDoc of the interface a header group becomes. */
function groupIdentity(key: string): { name: string; docs: string } {
  if (key === COMMON_KEY) {
    return {
      name: "AmiEventHeaders",
      docs: "The headers Asterisk adds to every event it sends (main/manager.c); the event types extend this instead of repeating them.",
    };
  }
  if (key === COMMON_LIST_KEY) {
    return {
      name: "AmiListEventHeaders",
      docs: "The headers Asterisk adds to every list item and list completion, which it sends without `Privilege`; the event types extend this instead of repeating them.",
    };
  }
  const [template = "", prefix = ""] = key.split("\u0000");
  const where = prefix === "" ? "without prefix" : `with prefix \`${prefix}\``;
  return {
    name: snapshotInterfaceName(template, prefix),
    docs: `The headers of a \`<${template}>\` ${where}, as the release's appdocsxml.xslt defines them; shared by the events that carry it.`,
  };
}

/**
 * Finds, per snapshot block and for the common headers, the member list most events share; those events
 * extend one named interface (or its `Partial<>` where an override made a whole snapshot optional) instead
 * of repeating it. Common headers are shared only with their TSDoc equal, so no event loses a note.
 */
function snapshotGroups(events: readonly VersionedEvent[]): Map<string, SnapshotGroup> {
  const tallies = new Map<
    string,
    Map<string, { count: number; properties: OptionalKind<PropertySignatureStructure>[] }>
  >();
  for (const event of events) {
    for (const [key, properties] of eventGroupProperties(event)) {
      const tally = tallies.get(key) ?? new Map();
      tallies.set(key, tally);
      const sig = groupSignature(key, properties);
      const entry = tally.get(sig) ?? { count: 0, properties };
      entry.count++;
      tally.set(sig, entry);
    }
  }
  const groups = new Map<string, SnapshotGroup>();
  for (const [key, tally] of [...tallies].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const [sig, best] =
      [...tally].sort(([sa, a], [sb, b]) => b.count - a.count || (sa < sb ? -1 : 1))[0] ?? [];
    if (sig === undefined || best === undefined) continue;
    const partial = best.properties.map((p) => ({ ...p, hasQuestionToken: true }));
    groups.set(key, {
      key,
      ...groupIdentity(key),
      properties: best.properties,
      signature: sig,
      partialSignature: key.startsWith("\u0001") ? "" : groupSignature(key, partial),
    });
  }
  return groups;
}

function groupSignature(key: string, properties: readonly object[]): string {
  return key.startsWith("\u0001") ? JSON.stringify(properties) : signature(properties);
}

function snapshotInterface(group: SnapshotGroup): InterfaceDeclarationStructure {
  return {
    kind: StructureKind.Interface,
    name: group.name,
    isExported: true,
    docs: [group.docs],
    properties: group.properties,
  };
}

function eventDocs(event: VersionedEvent): string {
  const lines = [
    event.documented
      ? `The \`${event.name}\` event${where(event)}.`
      : `The \`${event.name}\` event${where(event)}: not in Asterisk's XML, defined by tools/codegen/overrides.ts.`,
  ];
  if (event.privilege.length > 0) lines.push(`Privilege class: ${list(event.privilege)}.`);
  if (event.relatedActions.length > 0) lines.push(`Related actions: ${list(event.relatedActions)}.`);
  if (event.relatedEvents.length > 0) lines.push(`Related events: ${list(event.relatedEvents)}.`);
  if (event.open) lines.push("May carry further free-form headers.");
  if (event.synopsis !== undefined) lines.push("", commentSafe(event.synopsis));
  if (event.documented) {
    lines.push(
      `@see {@link ${officialDocsUrl("event", event.name, event.versions)} | Asterisk documentation}`,
    );
  }
  return lines.join("\n");
}

function eventInterface(
  event: VersionedEvent,
  groups: ReadonlyMap<string, SnapshotGroup>,
): InterfaceDeclarationStructure {
  const extendsList: string[] = [];
  const inlined = new Set<string>();
  for (const [key, properties] of eventGroupProperties(event)) {
    const group = groups.get(key);
    const sig = groupSignature(key, properties);
    if (group !== undefined && sig === group.signature) extendsList.push(group.name);
    else if (group !== undefined && sig === group.partialSignature)
      extendsList.push(`Partial<${group.name}>`);
    else inlined.add(key);
  }
  const properties = event.headers
    .filter((header) => {
      const key = groupKey(header, event);
      return key === undefined || inlined.has(key);
    })
    .map((header) =>
      header.name === "Event"
        ? { name: "Event", isReadonly: true, type: literal(event.name), docs: ["The event name."] }
        : headerProperty(header, "event"),
    );
  return {
    kind: StructureKind.Interface,
    name: typeNames.event(event.name),
    isExported: true,
    extends: extendsList,
    docs: [eventDocs(event)],
    properties,
    indexSignatures: event.open
      ? [
          {
            keyName: "header",
            keyType: "string",
            returnType: "string | string[] | undefined",
            isReadonly: true,
          },
        ]
      : [],
  };
}

function actionDocs(action: VersionedAction): string {
  const lines = [`Parameters of the \`${action.name}\` action${where(action)}.`];
  const required = action.params.filter((p) => p.required).map((p) => p.name);
  lines.push(required.length === 0 ? "No parameter is required." : `Required: ${list(required)}.`);
  if (action.listItemEvents.length > 0) {
    const complete = action.completeEvent === undefined ? "" : `, then \`${action.completeEvent}\``;
    lines.push(`Answers with a list: ${list(action.listItemEvents)} events${complete}.`);
  }
  if (action.openParams) lines.push("Accepts further free-form headers.");
  if (action.relatedActions.length > 0) lines.push(`Related actions: ${list(action.relatedActions)}.`);
  if (action.relatedEvents.length > 0) lines.push(`Related events: ${list(action.relatedEvents)}.`);
  if (action.synopsis !== undefined) lines.push("", commentSafe(action.synopsis));
  lines.push(
    `@see {@link ${officialDocsUrl("action", action.name, action.versions)} | Asterisk documentation}`,
  );
  return lines.join("\n");
}

function actionInterfaces(action: VersionedAction): InterfaceDeclarationStructure[] {
  return [
    {
      kind: StructureKind.Interface,
      name: typeNames.actionParams(action.name),
      isExported: true,
      docs: [actionDocs(action)],
      properties: [
        {
          name: "ActionID",
          isReadonly: true,
          hasQuestionToken: true,
          type: "never",
          docs: ["Set by the client to match the response; never pass it."],
        },
        ...action.params.map(paramProperty),
      ],
      indexSignatures: action.openParams
        ? [
            {
              keyName: "header",
              keyType: "string",
              returnType: "AmiFieldValue | undefined",
              isReadonly: true,
            },
          ]
        : [],
    },
    {
      kind: StructureKind.Interface,
      name: typeNames.actionResponse(action.name),
      isExported: true,
      docs: [
        `The response to the \`${action.name}\` action. Headers the XML does not document stay readable through the index signature.`,
      ],
      properties: action.responseHeaders.map((h) => headerProperty(h, "response")),
      indexSignatures: [
        {
          keyName: "header",
          keyType: "string",
          returnType: "string | string[] | undefined",
          isReadonly: true,
        },
      ],
    },
  ];
}

/** The banner comment lines, as written at the top of every file. */
export function bannerText(options: EmitOptions): string {
  return `${options.banner.map((line) => `// ${line}`).join("\n")}\n\n`;
}

function union(names: readonly string[]): string {
  return names.length === 0 ? "never" : names.join(" | ");
}

/** Prints statements into one file's text, banner first. */
export function print(
  project: Project,
  path: string,
  options: EmitOptions,
  statements: StatementStructures[],
): string {
  return project
    .createSourceFile(path, { leadingTrivia: bannerText(options), statements }, { overwrite: true })
    .getFullText();
}

/**
 * One declaration with every member spelled out (snapshot and common headers included), so a release's
 * declaration can be compared with the union's member by member.
 */
export interface FlatDeclaration {
  readonly file: "actions" | "events";
  readonly name: string;
  readonly docs: string;
  readonly properties: readonly OptionalKind<PropertySignatureStructure>[];
  /** Return type of the `[header: string]` index signature, when the type has one. */
  readonly index: string | undefined;
}

/** What one model's declarations and map entries are, for comparing a release with the union. */
export interface ModelShape {
  /** Every exported interface by name. */
  readonly declarations: ReadonlyMap<string, FlatDeclaration>;
  /** `AmiActionMap` entries by action name, as written (types prefixed `actions.` / `events.`). */
  readonly actionEntries: ReadonlyMap<string, string>;
  /** `AmiEventMap` entries by event name. */
  readonly eventEntries: ReadonlyMap<string, string>;
  /** The type names each action entry refers to. */
  readonly actionEntryTypes: ReadonlyMap<string, readonly string[]>;
}

/** The emitted type files and the shape of the model they declare. */
export interface EmittedTypes {
  readonly files: Map<string, string>;
  readonly shape: ModelShape;
}

function eventProperty(event: VersionedEvent, header: HeaderModel): OptionalKind<PropertySignatureStructure> {
  return header.name === "Event"
    ? { name: "Event", isReadonly: true, type: literal(event.name), docs: ["The event name."] }
    : headerProperty(header, "event");
}

const PACKET_INDEX = "string | string[] | undefined";
const PARAMS_INDEX = "AmiFieldValue | undefined";

function flatEvent(event: VersionedEvent): FlatDeclaration {
  return {
    file: "events",
    name: typeNames.event(event.name),
    docs: `The \`${event.name}\` event.`,
    properties: event.headers.map((header) => eventProperty(event, header)),
    index: event.open ? PACKET_INDEX : undefined,
  };
}

function flatAction(action: VersionedAction): FlatDeclaration[] {
  const [params, response] = actionInterfaces(action);
  return [
    {
      file: "actions",
      name: typeNames.actionParams(action.name),
      docs: `Parameters of the \`${action.name}\` action.`,
      properties: params?.properties ?? [],
      index: action.openParams ? PARAMS_INDEX : undefined,
    },
    {
      file: "actions",
      name: typeNames.actionResponse(action.name),
      docs: `The response to the \`${action.name}\` action.`,
      properties: response?.properties ?? [],
      index: PACKET_INDEX,
    },
  ];
}

function indexSignatures(index: string | undefined) {
  return index === undefined
    ? []
    : [{ keyName: "header", keyType: "string", returnType: index, isReadonly: true }];
}

/** A flattened declaration written out in full, with TSDoc. */
export function flatInterface(declaration: FlatDeclaration, docs: string): InterfaceDeclarationStructure {
  return {
    kind: StructureKind.Interface,
    name: declaration.name,
    isExported: true,
    docs: [docs],
    properties: [...declaration.properties],
    indexSignatures: indexSignatures(declaration.index),
  };
}

/** The docs-free fingerprint of one member. */
export function memberSignature(property: OptionalKind<PropertySignatureStructure>): string {
  return signature(property);
}

/** The `AmiActionMap` entry of an action and the type names it refers to. */
function actionEntry(action: VersionedAction): { text: string; types: string[] } {
  const types = [typeNames.actionParams(action.name), typeNames.actionResponse(action.name)];
  const args = types.map((t) => `actions.${t}`);
  if (action.listItemEvents.length > 0 || action.completeEvent !== undefined) {
    const items = action.listItemEvents.map((e) => typeNames.event(e));
    const complete = action.completeEvent === undefined ? undefined : typeNames.event(action.completeEvent);
    types.push(...items, ...(complete === undefined ? [] : [complete]));
    args.push(union(items.map((e) => `events.${e}`)));
    args.push(complete === undefined ? "never" : `events.${complete}`);
  }
  return { text: `AmiActionEntry<${args.join(", ")}>`, types };
}

/** The interface declaring one type map, from its entries. */
export function mapInterface(
  name: "AmiActionMap" | "AmiEventMap",
  entries: readonly (readonly [string, string])[],
  extendsType?: string,
  docs?: string,
): InterfaceDeclarationStructure {
  return {
    kind: StructureKind.Interface,
    name,
    isExported: true,
    extends: extendsType === undefined ? [] : [extendsType],
    docs: [
      docs ??
        (name === "AmiActionMap"
          ? "Every documented action by its canonical name: parameters, response, list item events (`never` when the action is not a list) and the completing event."
          : "Every documented event by its name as sent in the `Event` header."),
    ],
    properties: entries.map(([key, type]) => ({ name: propertyName(key), isReadonly: true, type })),
  };
}

/** Import of `names` from the base types module. */
export function baseTypesImport(module: string, names: string[]): ImportDeclarationStructure {
  return {
    kind: StructureKind.ImportDeclaration,
    isTypeOnly: true,
    moduleSpecifier: module,
    namedImports: names,
  };
}

/** `import type * as name from "module"`. */
export function namespaceImport(name: string, module: string): ImportDeclarationStructure {
  return {
    kind: StructureKind.ImportDeclaration,
    isTypeOnly: true,
    moduleSpecifier: module,
    namespaceImport: name,
  };
}

/**
 * The type files of one model: `actions.ts`, `events.ts` and `maps.ts` (keys are file names). The maps
 * hold data only; the lookups over them (`ActionParams<A>`, `EventOf<E>`, ...) are hand-written in
 * `@amikit/definitions` (`ActionParamsIn<M, A>`, ...).
 */
export function emitTypes(model: UnionModel, options: EmitOptions, depth: number): EmittedTypes {
  assertDistinctTypeNames("action", model.actions.keys(), typeNames.actionParams);
  assertDistinctTypeNames("event", model.events.keys(), typeNames.event);
  const project = new Project({ useInMemoryFileSystem: true });
  const base = baseImportAt(options, depth);
  const ext = options.importExtension;
  const files = new Map<string, string>();
  const actions = [...model.actions.values()];
  const events = [...model.events.values()];

  const actionDeclarations = actions.flatMap(actionInterfaces);
  const needsParamValue = actions.some((action) => action.openParams);
  files.set(
    "actions.ts",
    print(project, "actions.ts", options, [
      ...(needsParamValue ? [baseTypesImport(base, ["AmiFieldValue"])] : []),
      ...actionDeclarations,
    ]),
  );

  const groups = snapshotGroups(events);
  files.set(
    "events.ts",
    print(project, "events.ts", options, [
      ...[...groups.values()].map(snapshotInterface),
      ...events.map((event) => eventInterface(event, groups)),
    ]),
  );

  const actionEntries = new Map(actions.map((action) => [action.name, actionEntry(action)]));
  const eventEntries = new Map(events.map((event) => [event.name, `events.${typeNames.event(event.name)}`]));
  files.set(
    "maps.ts",
    print(project, "maps.ts", options, [
      baseTypesImport(base, ["AmiActionEntry"]),
      namespaceImport("actions", `./actions${ext}`),
      namespaceImport("events", `./events${ext}`),
      mapInterface(
        "AmiActionMap",
        [...actionEntries].map(([name, entry]) => [name, entry.text]),
      ),
      mapInterface("AmiEventMap", [...eventEntries]),
    ]),
  );

  const declarations = new Map<string, FlatDeclaration>();
  for (const group of groups.values()) {
    declarations.set(group.name, {
      file: "events",
      name: group.name,
      docs: group.docs,
      properties: group.properties,
      index: undefined,
    });
  }
  for (const event of events) declarations.set(typeNames.event(event.name), flatEvent(event));
  for (const action of actions) for (const d of flatAction(action)) declarations.set(d.name, d);
  return {
    files,
    shape: {
      declarations,
      actionEntries: new Map([...actionEntries].map(([name, entry]) => [name, entry.text])),
      eventEntries,
      actionEntryTypes: new Map([...actionEntries].map(([name, entry]) => [name, entry.types])),
    },
  };
}
