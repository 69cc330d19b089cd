/**
 * `@amikit/codegen`: generates typed AMI definitions (types, runtime metadata, reference pages) from
 * Asterisk's `core-en_US.xml`. The `amikit-codegen` command wraps {@link generate}.
 *
 * @packageDocumentation
 */
export { type Overrides, overrides } from "../overrides.ts";
export { type GenerateOptions, type GenerateResult, generate, versionDirectory } from "./generate.ts";
export { type DocumentationInput, InputError, loadDocument } from "./load.ts";
export type {
  ActionModel,
  DocumentCounts,
  EventModel,
  HeaderModel,
  ParamModel,
  Presence,
  UnionModel,
  VersionModel,
} from "./model.ts";
export { typeNames } from "./names.ts";
export { type OutputTree, staleFiles, writeTree } from "./output.ts";
export { type ConsoleStreams, main } from "./run-cli.ts";
