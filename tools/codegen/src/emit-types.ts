import {
  type ImportDeclarationStructure,
  type InterfaceDeclarationStructure,
  type OptionalKind,
  Project,
  type PropertySignatureStructure,
  type StatementStructures,
  StructureKind,
  type TypeAliasDeclarationStructure,
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

/** Declarations of one emitted file by type name, with a docs-free signature used to share identical ones. */
export type DeclarationSignatures = ReadonlyMap<string, string>;

/** The emitted type files and the signatures of their declarations. */
export interface EmittedTypes {
  readonly files: Map<string, string>;
  readonly signatures: { readonly actions: DeclarationSignatures; readonly events: DeclarationSignatures };
}

/** Where identical declarations can be imported from instead of being repeated. */
export interface Reuse {
  /** Module path of the shared files relative to this directory, without extension (e.g. `..`). */
  readonly from: string;
  readonly signatures: EmittedTypes["signatures"];
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
  readonly template: string;
  readonly prefix: string;
  readonly properties: OptionalKind<PropertySignatureStructure>[];
  readonly signature: string;
  readonly partialSignature: string;
}

function snapshotKey(header: HeaderModel): string | undefined {
  return header.snapshot === undefined
    ? undefined
    : `${header.snapshot.template}\u0000${header.snapshot.prefix}`;
}

function eventGroupProperties(
  event: VersionedEvent,
): Map<string, OptionalKind<PropertySignatureStructure>[]> {
  const groups = new Map<string, OptionalKind<PropertySignatureStructure>[]>();
  for (const header of event.headers) {
    const key = snapshotKey(header);
    if (key === undefined) continue;
    groups.set(key, [...(groups.get(key) ?? []), headerProperty(header, "event")]);
  }
  return groups;
}

/**
 * Finds, per snapshot block, the member list most events share; those events extend one named
 * interface (or its `Partial<>` where an override made the whole block optional) instead of repeating it.
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
      const sig = signature(properties);
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
    const [template = "", prefix = ""] = key.split("\u0000");
    const partial = best.properties.map((p) => ({ ...p, hasQuestionToken: true }));
    groups.set(key, {
      key,
      name: snapshotInterfaceName(template, prefix),
      template,
      prefix,
      properties: best.properties,
      signature: sig,
      partialSignature: signature(partial),
    });
  }
  return groups;
}

function snapshotInterface(group: SnapshotGroup): InterfaceDeclarationStructure {
  const prefix = group.prefix === "" ? "without prefix" : `with prefix \`${group.prefix}\``;
  return {
    kind: StructureKind.Interface,
    name: group.name,
    isExported: true,
    docs: [
      `The headers of a \`<${group.template}>\` ${prefix}, as the release's appdocsxml.xslt defines them; shared by the events that carry it.`,
    ],
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
    const sig = signature(properties);
    if (group !== undefined && sig === group.signature) extendsList.push(group.name);
    else if (group !== undefined && sig === group.partialSignature)
      extendsList.push(`Partial<${group.name}>`);
    else inlined.add(key);
  }
  const properties = event.headers
    .filter((header) => {
      const key = snapshotKey(header);
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
              returnType: "AmiParamValue | undefined",
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

function bannerText(options: EmitOptions): string {
  return `${options.banner.map((line) => `// ${line}`).join("\n")}\n\n`;
}

function union(names: readonly string[]): string {
  return names.length === 0 ? "never" : names.join(" | ");
}

/**
 * Splits declarations into those identical to a shared file's (imported and re-exported from there)
 * and those written out here.
 */
function shareIdentical(
  declarations: readonly InterfaceDeclarationStructure[],
  shared: DeclarationSignatures | undefined,
  module: string,
): { statements: StatementStructures[]; signatures: Map<string, string> } {
  const signatures = new Map(declarations.map((d) => [d.name, signature(d)]));
  const reused = declarations.filter(
    (d) => shared !== undefined && shared.get(d.name) === signatures.get(d.name),
  );
  const reusedNames = new Set(reused.map((d) => d.name));
  const statements: StatementStructures[] = [];
  if (reused.length > 0) {
    const names = reused.map((d) => d.name);
    statements.push({
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: module,
      namedImports: names,
    });
    statements.push({ kind: StructureKind.ExportDeclaration, isTypeOnly: true, namedExports: names });
  }
  statements.push(...declarations.filter((d) => !reusedNames.has(d.name)));
  return { statements, signatures };
}

function print(
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
 * The type files of one model: `actions.ts`, `events.ts`, `maps.ts` (keys are file names). With `reuse`,
 * declarations identical to the shared files' are imported and re-exported rather than repeated.
 */
export function emitTypes(
  model: UnionModel,
  options: EmitOptions,
  depth: number,
  reuse?: Reuse,
): EmittedTypes {
  assertDistinctTypeNames("action", model.actions.keys(), typeNames.actionParams);
  assertDistinctTypeNames("event", model.events.keys(), typeNames.event);
  const project = new Project({ useInMemoryFileSystem: true });
  const base = baseImportAt(options, depth);
  const ext = options.importExtension;
  const files = new Map<string, string>();
  const actions = [...model.actions.values()];
  const events = [...model.events.values()];

  const actionDeclarations = shareIdentical(
    actions.flatMap(actionInterfaces),
    reuse?.signatures.actions,
    `${reuse?.from}/actions${ext}`,
  );
  const paramValueImport: ImportDeclarationStructure[] = actionDeclarations.statements.some(
    (s) =>
      s.kind === StructureKind.Interface && (s.indexSignatures?.length ?? 0) > 0 && s.name.endsWith("Action"),
  )
    ? [
        {
          kind: StructureKind.ImportDeclaration,
          isTypeOnly: true,
          moduleSpecifier: base,
          namedImports: ["AmiParamValue"],
        },
      ]
    : [];
  files.set(
    "actions.ts",
    print(project, "actions.ts", options, [...paramValueImport, ...actionDeclarations.statements]),
  );

  const groups = snapshotGroups(events);
  const eventDeclarations = shareIdentical(
    [...[...groups.values()].map(snapshotInterface), ...events.map((event) => eventInterface(event, groups))],
    reuse?.signatures.events,
    `${reuse?.from}/events${ext}`,
  );
  files.set("events.ts", print(project, "events.ts", options, eventDeclarations.statements));

  const entry = (action: VersionedAction): string => {
    const args = [
      `actions.${typeNames.actionParams(action.name)}`,
      `actions.${typeNames.actionResponse(action.name)}`,
    ];
    if (action.listItemEvents.length > 0 || action.completeEvent !== undefined) {
      args.push(union(action.listItemEvents.map((e) => `events.${typeNames.event(e)}`)));
      args.push(
        action.completeEvent === undefined ? "never" : `events.${typeNames.event(action.completeEvent)}`,
      );
    }
    return `AmiActionEntry<${args.join(", ")}>`;
  };
  const actionMap: InterfaceDeclarationStructure = {
    kind: StructureKind.Interface,
    name: "AmiActionMap",
    isExported: true,
    docs: [
      "Every documented action by its canonical name: parameters, response, list item events (`never` when the action is not a list) and the completing event.",
    ],
    properties: actions.map((action) => ({
      name: propertyName(action.name),
      isReadonly: true,
      type: entry(action),
    })),
  };
  const eventMap: InterfaceDeclarationStructure = {
    kind: StructureKind.Interface,
    name: "AmiEventMap",
    isExported: true,
    docs: ["Every documented event by its name as sent in the `Event` header."],
    properties: events.map((event) => ({
      name: propertyName(event.name),
      isReadonly: true,
      type: `events.${typeNames.event(event.name)}`,
    })),
  };
  const alias = (
    name: string,
    type: string,
    docs: string,
    typeParameter?: string,
  ): TypeAliasDeclarationStructure => ({
    kind: StructureKind.TypeAlias,
    name,
    isExported: true,
    type,
    docs: [docs],
    typeParameters: typeParameter === undefined ? [] : [{ name: typeParameter, constraint: "string" }],
  });
  files.set(
    "maps.ts",
    print(project, "maps.ts", options, [
      {
        kind: StructureKind.ImportDeclaration,
        isTypeOnly: true,
        moduleSpecifier: base,
        namedImports: ["AmiActionEntry", "AmiGenericPacket", "AmiGenericParams"],
      },
      {
        kind: StructureKind.ImportDeclaration,
        isTypeOnly: true,
        moduleSpecifier: `./actions${ext}`,
        namespaceImport: "actions",
      },
      {
        kind: StructureKind.ImportDeclaration,
        isTypeOnly: true,
        moduleSpecifier: `./events${ext}`,
        namespaceImport: "events",
      },
      actionMap,
      eventMap,
      alias(
        "ActionName",
        "keyof AmiActionMap & string",
        "The name of a documented action (canonical casing).",
      ),
      alias("EventName", "keyof AmiEventMap & string", "The name of a documented event."),
      alias(
        "ActionParams",
        'A extends ActionName ? AmiActionMap[A]["params"] : AmiGenericParams',
        "The parameters of action `A`; any headers for an action the documentation does not know.",
        "A",
      ),
      alias(
        "ActionResponse",
        'A extends ActionName ? AmiActionMap[A]["response"] : AmiGenericPacket',
        "The response to action `A`; a generic packet for an unknown action.",
        "A",
      ),
      alias(
        "ListItemEvent",
        'A extends ActionName ? AmiActionMap[A]["listItems"] : AmiGenericPacket',
        "The events a list action `A` answers with (`never` when `A` is not a list); a generic packet for an unknown action.",
        "A",
      ),
      alias(
        "ListCompleteEvent",
        'A extends ActionName ? AmiActionMap[A]["complete"] : AmiGenericPacket',
        "The event that completes the list of action `A` (`never` when `A` is not a list); a generic packet for an unknown action.",
        "A",
      ),
      alias(
        "EventOf",
        "E extends EventName ? AmiEventMap[E] : AmiGenericPacket",
        "The event named `E`; a generic packet for an event the documentation does not know.",
        "E",
      ),
      alias("AmiEvent", "AmiEventMap[EventName]", "Any documented event: narrow it on its `Event` header."),
    ]),
  );
  return {
    files,
    signatures: { actions: actionDeclarations.signatures, events: eventDeclarations.signatures },
  };
}
