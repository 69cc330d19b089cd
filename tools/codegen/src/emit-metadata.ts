import { Project, StructureKind, VariableDeclarationKind } from "ts-morph";
import { baseImportAt, type EmitOptions } from "./emit-types.ts";
import type { UnionModel } from "./model.ts";
import { propertyName } from "./names.ts";

function strings(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(", ")}]`;
}

/** One table entry on one line: `Name: { field: value, ... },`. */
function entry(name: string, fields: readonly (readonly [string, string])[]): string {
  return `${propertyName(name)}: { ${fields.map(([key, value]) => `${key}: ${value}`).join(", ")} },`;
}

function table(
  options: EmitOptions,
  depth: number,
  file: string,
  variable: string,
  type: "ActionMetadata" | "EventMetadata",
  docs: string,
  entries: readonly string[],
): string {
  const project = new Project({ useInMemoryFileSystem: true });
  return project
    .createSourceFile(
      file,
      {
        leadingTrivia: `${options.banner.map((line) => `// ${line}`).join("\n")}\n\n`,
        statements: [
          {
            kind: StructureKind.ImportDeclaration,
            isTypeOnly: true,
            moduleSpecifier: baseImportAt(options, depth),
            namedImports: [type],
          },
          {
            kind: StructureKind.VariableStatement,
            isExported: true,
            declarationKind: VariableDeclarationKind.Const,
            docs: [docs],
            declarations: [
              {
                name: variable,
                type: `Readonly<Record<string, ${type}>>`,
                initializer: `{\n  ${entries.join("\n  ")}\n}`,
              },
            ],
          },
        ],
      },
      { overwrite: true },
    )
    .getFullText();
}

/** The runtime metadata files: `action-metadata.ts` and `event-metadata.ts`, one sorted table each. */
export function emitMetadata(model: UnionModel, options: EmitOptions, depth: number): Map<string, string> {
  const actions = [...model.actions.values()].map((action) =>
    entry(action.name, [
      ["name", JSON.stringify(action.name)],
      ["params", strings(action.params.map((p) => p.name))],
      ["requiredParams", strings(action.params.filter((p) => p.required).map((p) => p.name))],
      ["freeFormParams", String(action.openParams)],
      ["listItemEvents", strings(action.listItemEvents)],
      [
        "completeEvent",
        action.completeEvent === undefined ? "undefined" : JSON.stringify(action.completeEvent),
      ],
      ["versions", strings(action.versions)],
      ["privilege", strings([])],
      ["modules", strings(action.modules)],
    ]),
  );
  const events = [...model.events.values()].map((event) =>
    entry(event.name, [
      ["name", JSON.stringify(event.name)],
      ["headers", strings(event.headers.map((h) => h.name))],
      ["requiredHeaders", strings(event.headers.filter((h) => h.presence === "present").map((h) => h.name))],
      ["repeatableHeaders", strings(event.headers.filter((h) => h.repeatable).map((h) => h.name))],
      ["freeFormHeaders", String(event.open)],
      ["documented", String(event.documented)],
      ["versions", strings(event.versions)],
      ["privilege", strings(event.privilege)],
      ["modules", strings(event.modules)],
    ]),
  );
  const versions = model.versions.join(", ");
  return new Map([
    [
      "action-metadata.ts",
      table(
        options,
        depth,
        "action-metadata.ts",
        "actionMetadata",
        "ActionMetadata",
        `Every documented action by canonical name, sorted (Asterisk ${versions}). The XML does not record an action's privilege, so \`privilege\` is empty.`,
        actions,
      ),
    ],
    [
      "event-metadata.ts",
      table(
        options,
        depth,
        "event-metadata.ts",
        "eventMetadata",
        "EventMetadata",
        `Every documented event by its name as sent in the \`Event\` header, sorted (Asterisk ${versions}).`,
        events,
      ),
    ],
  ]);
}
