import {
  type InterfaceDeclarationStructure,
  type OptionalKind,
  Project,
  type PropertySignatureStructure,
  type StatementStructures,
  StructureKind,
} from "ts-morph";
import {
  baseImportAt,
  baseTypesImport,
  type EmitOptions,
  emitTypes,
  type FlatDeclaration,
  flatInterface,
  type ModelShape,
  mapInterface,
  memberSignature,
  namespaceImport,
  print,
} from "./emit-types.ts";
import type { UnionModel } from "./model.ts";

/** The namespace under which a release's files see the union's declarations. */
const UNION = "union";

/** A string literal type naming a member: `Cause-txt` → `"Cause-txt"`. */
function keyLiteral(property: string): string {
  return property.startsWith('"') ? property : JSON.stringify(property);
}

function omitted(type: string, keys: readonly string[]): string {
  return keys.length === 0 ? type : `Omit<${type}, ${keys.map(keyLiteral).join(" | ")}>`;
}

function sameDeclaration(a: FlatDeclaration, b: FlatDeclaration): boolean {
  return (
    a.index === b.index &&
    a.properties.length === b.properties.length &&
    a.properties.every((p, i) => {
      const q = b.properties[i];
      return q !== undefined && memberSignature(p) === memberSignature(q);
    })
  );
}

/**
 * How a release declares a type the union declares differently: as the union's minus the members that
 * differ, plus this release's version of them. A type with an index signature picks the members it
 * keeps instead (`Omit` over an index signature would drop every named member) and repeats the index.
 */
function releaseInterface(
  own: FlatDeclaration,
  shared: FlatDeclaration | undefined,
): InterfaceDeclarationStructure {
  const full = (): InterfaceDeclarationStructure =>
    flatInterface(own, `${own.docs.replace(/\.$/, "")} as this release documents it.`);
  if (shared === undefined || shared.index !== own.index) return full();
  const sharedMembers = new Map(shared.properties.map((p) => [p.name, memberSignature(p)]));
  const ownNames = new Set(own.properties.map((p) => p.name));
  const changed = own.properties.filter((p) => sharedMembers.get(p.name) !== memberSignature(p));
  const changedNames = new Set(changed.map((p) => p.name));
  const drop = shared.properties
    .filter((p) => !ownNames.has(p.name) || changedNames.has(p.name))
    .map((p) => p.name);
  const keep = shared.properties.filter((p) => !drop.includes(p.name)).map((p) => p.name);
  const type = `${UNION}.${own.name}`;
  let base: string;
  if (own.index === undefined) base = omitted(type, drop);
  else if (keep.length > 0) base = `Pick<${type}, ${keep.map(keyLiteral).join(" | ")}>`;
  else return full();
  return {
    kind: StructureKind.Interface,
    name: own.name,
    isExported: true,
    extends: [base],
    docs: [
      `${own.docs.replace(/\.$/, "")} as this release documents it: the members not written here are the union's.`,
    ],
    properties: changed as OptionalKind<PropertySignatureStructure>[],
    indexSignatures: flatInterface(own, "").indexSignatures ?? [],
  };
}

interface ReleaseFile {
  readonly statements: StatementStructures[];
  readonly local: ReadonlySet<string>;
}

function declarationsFile(
  file: "actions" | "events",
  own: ModelShape,
  shared: ModelShape,
  module: string,
  base: string,
): ReleaseFile {
  const reexported: string[] = [];
  const declared: InterfaceDeclarationStructure[] = [];
  for (const declaration of own.declarations.values()) {
    if (declaration.file !== file) continue;
    const sharedDeclaration = shared.declarations.get(declaration.name);
    if (sharedDeclaration !== undefined && sameDeclaration(declaration, sharedDeclaration)) {
      reexported.push(declaration.name);
    } else {
      declared.push(releaseInterface(declaration, sharedDeclaration));
    }
  }
  const statements: StatementStructures[] = [];
  if (declared.some((d) => d.indexSignatures?.some((i) => i.returnType === "AmiFieldValue | undefined"))) {
    statements.push(baseTypesImport(base, ["AmiFieldValue"]));
  }
  if (declared.some((d) => (d.extends?.length ?? 0) > 0)) statements.push(namespaceImport(UNION, module));
  if (reexported.length > 0) {
    statements.push({
      kind: StructureKind.ExportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: module,
      namedExports: reexported,
    });
  }
  statements.push(...declared);
  return { statements, local: new Set(declared.map((d) => d.name)) };
}

/** A map as the union's minus the entries this release lacks or types differently, plus this release's. */
function releaseMap(
  name: "AmiActionMap" | "AmiEventMap",
  own: ReadonlyMap<string, string>,
  shared: ReadonlyMap<string, string>,
  differs: (key: string) => boolean,
): InterfaceDeclarationStructure {
  const drop = [...shared.keys()].filter((key) => !own.has(key) || differs(key));
  const entries = [...own].filter(([key]) => !shared.has(key) || differs(key));
  const what = name === "AmiActionMap" ? "action" : "event";
  return mapInterface(
    name,
    entries,
    omitted(`${UNION}.${name}`, drop),
    `Every ${what} this release documents: the union's map without the ${what}s this release lacks or types differently, plus this release's entries for the latter.`,
  );
}

/**
 * The type files of one release (`actions.ts`, `events.ts`, `maps.ts`) holding only what differs from
 * the union generated one directory up: declarations equal to the union's are re-exported from there.
 */
export function emitReleaseTypes(
  release: UnionModel,
  shared: ModelShape,
  options: EmitOptions,
): Map<string, string> {
  const own = emitTypes(release, options, 1).shape;
  const base = baseImportAt(options, 1);
  const ext = options.importExtension;
  const project = new Project({ useInMemoryFileSystem: true });
  const actions = declarationsFile("actions", own, shared, `../actions${ext}`, base);
  const events = declarationsFile("events", own, shared, `../events${ext}`, base);
  const local = new Set([...actions.local, ...events.local]);
  const actionDiffers = (key: string): boolean =>
    own.actionEntries.get(key) !== shared.actionEntries.get(key) ||
    (own.actionEntryTypes.get(key) ?? []).some((type) => local.has(type));
  const eventDiffers = (key: string): boolean =>
    own.eventEntries.get(key) !== shared.eventEntries.get(key) ||
    local.has((own.eventEntries.get(key) ?? "").replace(/^events\./, ""));
  const actionMap = releaseMap("AmiActionMap", own.actionEntries, shared.actionEntries, actionDiffers);
  const eventMap = releaseMap("AmiEventMap", own.eventEntries, shared.eventEntries, eventDiffers);
  const usesEntry = (map: InterfaceDeclarationStructure): boolean => (map.properties?.length ?? 0) > 0;
  return new Map([
    ["actions.ts", print(project, "actions.ts", options, actions.statements)],
    ["events.ts", print(project, "events.ts", options, events.statements)],
    [
      "maps.ts",
      print(project, "maps.ts", options, [
        ...(usesEntry(actionMap) ? [baseTypesImport(base, ["AmiActionEntry"])] : []),
        namespaceImport(UNION, `../maps${ext}`),
        ...(usesEntry(actionMap) ? [namespaceImport("actions", `./actions${ext}`)] : []),
        ...(usesEntry(actionMap) || usesEntry(eventMap) ? [namespaceImport("events", `./events${ext}`)] : []),
        actionMap,
        eventMap,
      ]),
    ],
  ]);
}
